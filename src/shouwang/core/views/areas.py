from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shouwang.core.choices import AreaLevel
from shouwang.core.forms import BuildingForm
from shouwang.core.models import Area, Building
from shouwang.core.roles import CHANGE
from shouwang.core.scoping import get_visible_or_404, holds, scope_paths
from shouwang.core.selectors import (
    area_children_with_counts,
    areas_search,
    children_chart,
    visible_breadcrumb,
)
from shouwang.core.services.areas import building_update
from shouwang.core.views.base import add_service_errors, is_htmx


@login_required
def area_root(request):
    """The user's own area, or a list when he holds several."""
    paths = scope_paths(request.user)
    roots = list(
        Area.objects.filter(parent=None) if paths is None else Area.objects.filter(path__in=paths)
    )
    if len(roots) == 1:
        return redirect("core:area_detail", pk=roots[0].pk)
    return render(request, "core/area_roots.html", {"roots": roots})


@login_required
def area_detail(request, pk):
    area = get_visible_or_404(Area.objects, request.user, pk=pk)
    children = area_children_with_counts(area=area, user=request.user)
    context = {
        "area": area,
        "breadcrumb": visible_breadcrumb(area=area, user=request.user),
        "chart": children_chart(children),
        "can_edit_building": area.level == AreaLevel.BUILDING and holds(request.user, CHANGE, area),
        **children,
    }
    return render(request, "core/area_detail.html", context)


@login_required
def area_search(request):
    query = request.GET.get("q", "").strip()
    results = areas_search(user=request.user, query=query) if query else []
    template = "core/_area_search_results.html" if is_htmx(request) else "core/area_search.html"
    return render(request, template, {"query": query, "results": results})


@login_required
def building_edit(request, pk):
    building = get_visible_or_404(
        Building.objects.select_related("area"), request.user, CHANGE, pk=pk
    )
    form = BuildingForm(
        request.POST or None,
        initial={
            "address": building.address,
            "units": building.units,
            "floors": building.floors,
            "households": building.households,
            "head_name": building.head_name,
            "head_phone": "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            building_update(building=building, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("楼栋信息已保存"))
            return redirect("core:area_detail", pk=building.pk)
    return render(request, "core/building_form.html", {"building": building, "form": form})

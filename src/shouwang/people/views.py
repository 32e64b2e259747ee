from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.exports import export_xlsx, xlsx_response
from shouwang.core.models import Area
from shouwang.core.roles import CHANGE, DELETE, EXPORT, REVEAL
from shouwang.core.scoping import get_visible_or_404, holds, scope_paths
from shouwang.core.views.base import ScopedListView, add_service_errors
from shouwang.people.exports import PERSON_COLUMNS
from shouwang.people.forms import ExportForm, PersonForm, RevealForm
from shouwang.people.models import Person
from shouwang.people.selectors import persons_visible_to
from shouwang.people.services import (
    person_delete,
    person_register,
    person_reveal,
    person_update,
)


class PersonListView(ScopedListView):
    model = Person
    template_name = "people/person_list.html"

    def post(self, request, *args, **kwargs):
        # The search box posts, so an ID number typed into it never lands in a URL, the
        # browser history or an access log.
        return self.get(request, *args, **kwargs)

    def search(self) -> str:
        return self.request.POST.get("q") or self.request.GET.get("q", "")

    def get_queryset(self):
        self.area = _area_filter(self.request)
        return persons_visible_to(self.request.user, area=self.area, search=self.search())

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            area=self.area,
            query=self.search(),
            can_add=scope_paths(user, CHANGE) != [],
            can_export=scope_paths(user, EXPORT) != [],
            export_form=ExportForm(),
            **kwargs,
        )


def _area_filter(request) -> Area | None:
    area_id = request.GET.get("area")
    if area_id and area_id.isdigit():
        return get_visible_or_404(Area.objects, request.user, pk=area_id)
    return None


@login_required
@require_POST
def person_export(request):
    """The filtered list as xlsx: masked unless asked and allowed, always logged."""
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写导出事由"))
        return redirect(request.META.get("HTTP_REFERER") or "people:person_list")
    persons = persons_visible_to(
        request.user, area=_area_filter(request), search=request.POST.get("q", "")
    )
    content = export_xlsx(
        user=request.user,
        queryset=persons,
        columns=PERSON_COLUMNS,
        title=_("人员名单"),
        reason=form.cleaned_data["reason"],
        reveal=form.cleaned_data["reveal"],
        request=request,
    )
    return xlsx_response(content, "people")


@login_required
def person_detail(request, pk):
    person = get_visible_or_404(
        Person.objects.select_related("area", "home_building"), request.user, pk=pk
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "can_reveal": holds(request.user, REVEAL, person),
            "can_change": holds(request.user, CHANGE, person),
            "can_delete": holds(request.user, DELETE, person),
            "reveal_form": RevealForm(),
        },
    )


@login_required
def person_create(request):
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person, created = person_register(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已登记") if created else _("该证件已登记，已更新原记录"))
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form})


@login_required
def person_edit(request, pk):
    person = get_visible_or_404(
        Person.objects.select_related("area", "home_building"), request.user, CHANGE, pk=pk
    )
    initial = {
        "name": person.name,
        "phone": "",
        "building_code": person.home_building.code if person.home_building else "",
        "area": None if person.home_building else person.area,
    }
    form = PersonForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_update(
                person=person,
                by=request.user,
                name=data["name"],
                phone=data["phone"] or person.phone,
                area=data["area"],
                home_building=data["home_building"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
@require_POST
def person_delete_view(request, pk):
    person = get_visible_or_404(Person.objects, request.user, DELETE, pk=pk)
    person_delete(person=person, by=request.user)
    messages.success(request, _("已删除"))
    return redirect("people:person_list")


@login_required
@require_POST
def person_reveal_view(request, pk):
    """Returns a fragment with the full value; the page swaps it in with htmx."""
    form = RevealForm(request.POST)
    if not form.is_valid():
        return render(request, "people/_reveal_error.html", {"form": form}, status=400)
    try:
        value = person_reveal(
            person_id=pk,
            field=form.cleaned_data["field"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            request=request,
        )
    except ValidationError as error:
        return render(request, "people/_reveal_error.html", {"errors": error.messages}, status=400)
    response = render(request, "people/_revealed.html", {"value": value})
    response["Cache-Control"] = "no-store"
    return response

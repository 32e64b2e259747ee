from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_REVIEW, ENTERPRISE_VIEW
from shouwang.core.scoping import get_visible_or_404
from shouwang.core.views.base import add_service_errors
from shouwang.enterprises.forms import ChecklistForm, PolicyForm, policy_areas
from shouwang.enterprises.models import Checklist
from shouwang.enterprises.selectors import resumption_dashboard
from shouwang.enterprises.services import checklist_save, policy_for, policy_save
from shouwang.enterprises.views.common import area_filter, require_officer

CATEGORY_LABELS = {
    "above_scale_industrial": _lazy("规上工业"),
    "above_scale": _lazy("规上企业"),
    "below_scale": _lazy("规下企业"),
    "key_project": _lazy("重点项目"),
    "all": _lazy("全部企业"),
}


@login_required
def dashboard(request):
    require_officer(request.user, ENTERPRISE_VIEW)
    area = area_filter(request)
    board = resumption_dashboard(user=request.user, area=area)
    labels = {key: str(label) for key, label in CATEGORY_LABELS.items()}
    for row in board["categories"]:
        row["label"] = labels[row["key"]]
    chart_keys = ["above_scale_industrial", "above_scale", "below_scale"]
    charts = {
        "lines": {
            "categories": board["series"]["days"],
            "series": [
                {"name": labels[key], "values": board["series"]["rates"][key]}
                for key in [*chart_keys, "key_project"]
            ],
        },
        "bars": {
            "categories": [row["street"].name for row in board["streets"]],
            "series": [
                {
                    "name": labels[key],
                    "values": [
                        row["categories"].get(key, {}).get("rate") for row in board["streets"]
                    ],
                }
                for key in chart_keys
            ],
        },
    }
    return render(
        request,
        "enterprises/dashboard.html",
        {
            "board": board,
            "area": area,
            "charts": charts,
            "chart_keys": chart_keys,
            "labels": labels,
        },
    )


@login_required
def policy_list(request):
    require_officer(request.user, ENTERPRISE_REVIEW)
    areas = list(policy_areas(request.user))
    return render(
        request,
        "enterprises/policy_list.html",
        {
            "rows": [(area, policy_for(area)) for area in areas],
            "checklists": Checklist.objects.visible_to(request.user, ENTERPRISE_REVIEW)
            .select_related("area")
            .prefetch_related("items"),
        },
    )


@login_required
def policy_edit(request, area_pk):
    area = get_visible_or_404(
        policy_areas(request.user), request.user, ENTERPRISE_REVIEW, pk=area_pk
    )
    current = policy_for(area)
    form = PolicyForm(
        request.POST or None,
        area=area,
        initial={
            "notice_days": current.notice_days,
            "review_required": current.review_required,
            "review_days": current.review_days,
            "checklist": current.checklist,
            "commitment_text": current.commitment_text,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            policy_save(area=area, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("enterprises:policy_list")
    inherited = current.pk is not None and current.area_id != area.pk
    return render(
        request,
        "enterprises/form_page.html",
        {
            "form": form,
            "title": _("复工报备规则"),
            "subject": area,
            "note": _("当前沿用上级区域 %(area)s 的规则") % {"area": current.area}
            if inherited
            else "",
        },
    )


@login_required
def checklist_edit(request, pk=None):
    require_officer(request.user, ENTERPRISE_REVIEW)
    checklist = (
        get_visible_or_404(Checklist.objects, request.user, ENTERPRISE_REVIEW, pk=pk)
        if pk
        else None
    )
    initial = {}
    if checklist is not None:
        initial = {
            "name": checklist.name,
            "items": "\n".join(
                f"{item.group}｜{item.text}" if item.group else item.text
                for item in checklist.items.all()
            ),
        }
    form = ChecklistForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        area = checklist.area if checklist else _checklist_area(request)
        try:
            checklist_save(
                checklist=checklist,
                area=area,
                name=form.cleaned_data["name"],
                items=form.item_pairs(),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("已保存"))
            return redirect("enterprises:policy_list")
    return render(
        request,
        "enterprises/form_page.html",
        {"form": form, "title": _("复工检查清单"), "subject": checklist},
    )


def _checklist_area(request) -> Area:
    """A new checklist belongs to the outermost area where the user sets the rules."""
    return policy_areas(request.user).order_by("path").first()

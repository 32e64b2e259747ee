"""Proactive matching: start a run, follow it, and the streets' lists of enterprises
entitled to items they have not received, with the notification list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.forms import ExportForm
from shouwang.core.roles import ENTERPRISE_SERVE, ENTERPRISE_VIEW, EXPORT, POLICY_MANAGE
from shouwang.core.scoping import get_visible_or_404, scope_paths
from shouwang.core.views.base import is_htmx
from shouwang.core.views.exports import export_query, start_list_export
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.models.enterprises import officer_paths
from shouwang.enterprises.views.common import area_filter, require_officer
from shouwang.policies.exports import ENTITLEMENT_EXPORT, ENTITLEMENT_ORDER, entitlement_rows
from shouwang.policies.forms import NotifyForm
from shouwang.policies.models import MatchingRun, PolicyItem
from shouwang.policies.selectors import (
    entitlement_items,
    entitlement_streets,
    notification_list,
)
from shouwang.policies.services import entitlements_notify, matching_run_start
from shouwang.policies.views.catalogue import _manage_area
from shouwang.policies.views.ledger import amount_bars


@login_required
def entitlements(request):
    """Per street, the enterprises entitled to an item not yet received, and how much."""
    require_officer(request.user, ENTERPRISE_VIEW)
    rows = entitlement_rows(request.user, request.GET)
    page = Paginator(
        rows.select_related("enterprise", "item", "street").order_by(*ENTITLEMENT_ORDER),
        50,
    ).get_page(request.GET.get("page"))
    runs = MatchingRun.objects.visible_to(request.user, ENTERPRISE_VIEW)
    streets, items = entitlement_streets(rows), entitlement_items(rows)
    name = _("测算金额（万元）")
    return render(
        request,
        "policies/entitlements.html",
        {
            "streets": streets,
            "items": items,
            "charts": {
                "streets": amount_bars(streets, lambda row: row["street"].name, name),
                "items": amount_bars(items[:10], lambda row: row["item__title"], name),
            },
            "page_obj": page,
            "area": area_filter(request),
            "item_code": request.GET.get("item", ""),
            "run": runs.latest_done(),
            "can_run": scope_paths(request.user, POLICY_MANAGE) != [],
            "can_export": officer_paths(request.user, EXPORT) != [],
            "export_form": ExportForm(kind=ENTITLEMENT_EXPORT),
            "catalogue_items": PolicyItem.objects.active().order_by("code"),
        },
    )


@login_required
@require_POST
def entitlements_export(request):
    return start_list_export(request, ENTITLEMENT_EXPORT, query=export_query(request))


@login_required
def notifications(request):
    """The call list: one row per enterprise with what it may claim and what is untold."""
    require_officer(request.user, ENTERPRISE_VIEW)
    rows = notification_list(entitlement_rows(request.user, request.GET))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/notifications.html",
        {
            "page_obj": page,
            "area": area_filter(request),
            "can_notify": officer_paths(request.user, ENTERPRISE_SERVE) != [],
            "notify_form": NotifyForm(),
        },
    )


@login_required
@require_POST
def notify(request, pk):
    enterprise = get_visible_or_404(Enterprise.objects, request.user, ENTERPRISE_SERVE, pk=pk)
    try:
        told = entitlements_notify(
            enterprise=enterprise, note=request.POST.get("note", ""), by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("已记录告知 %(name)s（%(count)d 项）") % {"name": enterprise.name, "count": told},
        )
    return redirect(request.POST.get("next") or "policies:notifications")


@login_required
def runs(request):
    area = _manage_area(request.user)
    if request.method == "POST":
        run = matching_run_start(area=area, by=request.user)
        return redirect("policies:run_detail", pk=run.pk)
    return render(
        request,
        "policies/runs.html",
        {"runs": MatchingRun.objects.visible_to(request.user, POLICY_MANAGE)[:20], "area": area},
    )


@login_required
def run_detail(request, pk):
    run = get_visible_or_404(MatchingRun.objects, request.user, POLICY_MANAGE, pk=pk)
    template = "policies/_run_status.html" if is_htmx(request) else "policies/run_detail.html"
    return render(request, template, {"run": run})

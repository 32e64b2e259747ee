"""The relief ledger: what was granted, totals per street, item and landlord kind, charts,
the list, its export, and recording a grant."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.forms import ExportForm
from shouwang.core.roles import ENTERPRISE_VIEW, EXPORT, RELIEF_RECORD
from shouwang.core.views.base import add_service_errors
from shouwang.core.views.exports import export_query, start_list_export
from shouwang.enterprises.choices import LandlordKind
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.models.enterprises import officer_paths
from shouwang.enterprises.views.common import require_officer
from shouwang.policies.choices import ReliefKind
from shouwang.policies.exports import GRANT_EXPORT, grant_filter
from shouwang.policies.forms import GrantForm
from shouwang.policies.selectors import ledger_totals
from shouwang.policies.services import grant_record


def amount_bars(rows, label_of, name) -> dict:
    """Rows with an ``amount`` in yuan as a core bar chart reads them, in 10,000 yuan."""
    return {
        "categories": [label_of(row) for row in rows],
        "series": [
            {"name": name, "values": [round(float(row["amount"]) / 10_000, 2) for row in rows]}
        ],
    }


def _charts(totals: dict) -> dict:
    """The ledger's charts: amounts in 10,000 yuan."""
    name = _("兑现金额（万元）")
    landlords = dict(LandlordKind.choices)
    kinds = dict(ReliefKind.choices)
    return {
        "streets": amount_bars(totals["streets"], lambda r: r["street__name"], name),
        "items": amount_bars(totals["items"][:10], lambda r: r["item__title"], name),
        "landlords": amount_bars(
            totals["landlords"], lambda r: str(landlords.get(r["landlord_kind"], _("不涉及"))), name
        ),
        "kinds": amount_bars(totals["kinds"], lambda r: str(kinds[r["relief_kind"]]), name),
    }


@login_required
def ledger(request):
    require_officer(request.user, ENTERPRISE_VIEW)
    filterset, area = grant_filter(request.user, request.GET)
    grants = filterset.qs
    totals = ledger_totals(grants)
    page = Paginator(grants.order_by("-granted_on", "-id"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "policies/ledger.html",
        {
            "filter": filterset,
            "area": area,
            "totals": totals,
            "charts": _charts(totals),
            "page_obj": page,
            "landlord_labels": dict(LandlordKind.choices),
            "kind_labels": dict(ReliefKind.choices),
            "can_record": officer_paths(request.user, RELIEF_RECORD) != [],
            "can_export": officer_paths(request.user, EXPORT) != [],
            "export_form": ExportForm(kind=GRANT_EXPORT),
        },
    )


@login_required
@require_POST
def ledger_export(request):
    return start_list_export(request, GRANT_EXPORT, query=export_query(request))


@login_required
def grant_create(request):
    require_officer(request.user, RELIEF_RECORD)
    initial = {"granted_on": timezone.localdate(), "credit_code": request.GET.get("code", "")}
    form = GrantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = (
            Enterprise.objects.visible_to(request.user, RELIEF_RECORD)
            .filter(credit_code=data["credit_code"].strip().upper())
            .first()
        )
        if enterprise is None:
            form.add_error("credit_code", _("未登记或无权限的企业"))
        else:
            try:
                grant_record(
                    enterprise=enterprise,
                    item=data["item"],
                    amount=data["amount"],
                    granted_on=data["granted_on"],
                    landlord_kind=data["landlord_kind"],
                    landlord_name=data["landlord_name"],
                    note=data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("已登记兑现"))
                return redirect("policies:ledger")
    return render(request, "policies/form_page.html", {"form": form, "title": _("登记惠企兑现")})

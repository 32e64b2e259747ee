from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.roles import ENTERPRISE_FILE, ENTERPRISE_REVIEW, ENTERPRISE_VIEW, REVEAL
from shouwang.core.scoping import get_visible_or_404, may_act_on
from shouwang.core.text import clauses_of
from shouwang.core.views.base import add_service_errors
from shouwang.enterprises.choices import FilingStatus
from shouwang.enterprises.forms import FilingForm, ResumedForm, ReturnForm, SuspendForm
from shouwang.enterprises.models import Enterprise, ResumptionFiling
from shouwang.enterprises.selectors import filings_visible_to
from shouwang.enterprises.services import (
    filing_accept,
    filing_mark_resumed,
    filing_return,
    filing_save_draft,
    filing_start,
    filing_submit,
    filing_suspend,
    filing_to_edit,
    policy_for,
)
from shouwang.enterprises.views.common import area_filter, require_officer

FILINGS = ResumptionFiling.objects.select_related("enterprise", "area", "signature")


@login_required
def filing_list(request):
    """The street's review queue: filed first, then the rest."""
    require_officer(request.user, ENTERPRISE_VIEW)
    status = request.GET.get("status", FilingStatus.FILED)
    if status not in FilingStatus.values:
        status = ""
    filings = filings_visible_to(request.user, area=area_filter(request), status=status)
    page = Paginator(filings.order_by("review_due_on", "filed_at", "id"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "enterprises/filing_list.html",
        {"page_obj": page, "status": status, "statuses": FilingStatus.choices},
    )


@login_required
def filing_edit(request, enterprise_pk):
    """File (or save a draft of) the enterprise's resumption: the phone page."""
    enterprise = get_visible_or_404(
        Enterprise.objects.select_related("area"), request.user, ENTERPRISE_FILE, pk=enterprise_pk
    )
    if request.method == "POST":
        filing = filing_start(enterprise=enterprise, by=request.user)
    else:
        filing = filing_to_edit(enterprise=enterprise, by=request.user)
    if filing.status not in (FilingStatus.DRAFT, FilingStatus.RETURNED):
        return redirect("enterprises:filing_detail", pk=filing.pk)
    policy = policy_for(filing.area)
    initial = {
        "planned_date": filing.planned_date,
        "employees_total": filing.employees_total,
        "employees_returning": filing.employees_returning,
        "employees_from_risk_areas": filing.employees_from_risk_areas,
        "employees_in_isolation": filing.employees_in_isolation,
        "liaison_name": filing.liaison_name,
    }
    form = FilingForm(
        request.POST or None, request.FILES or None, checklist=policy.checklist, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        details = form.details()
        details.liaison_phone = details.liaison_phone or filing.liaison_phone
        try:
            if "submit" in request.POST:
                filing_submit(
                    filing=filing,
                    details=details,
                    answers=form.answers(),
                    emergency_plan=form.cleaned_data["emergency_plan"],
                    signer_name=form.cleaned_data["signer_name"],
                    signature_image=form.cleaned_data["signature"],
                    by=request.user,
                    request=request,
                )
            else:
                filing_save_draft(filing=filing, details=details, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if filing.status == FilingStatus.DRAFT:
                messages.success(request, _("草稿已保存"))
                return redirect("enterprises:filing_edit", enterprise_pk=enterprise.pk)
            messages.success(request, _("已报备"))
            return redirect("enterprises:filing_detail", pk=filing.pk)
    return render(
        request,
        "enterprises/filing_form.html",
        {"form": form, "filing": filing, "enterprise": enterprise, "policy": policy},
    )


@login_required
def filing_detail(request, pk):
    filing = get_visible_or_404(FILINGS, request.user, ENTERPRISE_VIEW, pk=pk)
    return render(
        request,
        "enterprises/filing_detail.html",
        {
            "filing": filing,
            "can_review": may_act_on(request.user, ENTERPRISE_REVIEW, filing),
            "can_file": may_act_on(request.user, ENTERPRISE_FILE, filing),
            "can_reveal": may_act_on(request.user, REVEAL, filing),
            "return_form": ReturnForm(),
            "suspend_form": SuspendForm(),
            "resumed_form": ResumedForm(),
        },
    )


def _act(request, pk, permission, action):
    filing = get_visible_or_404(FILINGS, request.user, permission, pk=pk)
    try:
        action(filing)
    except ValidationError as error:
        messages.error(request, clauses_of(error.messages))
    return redirect("enterprises:filing_detail", pk=filing.pk)


@login_required
@require_POST
def filing_accept_view(request, pk):
    return _act(request, pk, ENTERPRISE_REVIEW, lambda f: filing_accept(filing=f, by=request.user))


def _with_reason(request, pk, change):
    reason = request.POST.get("reason", "")
    return _act(
        request, pk, ENTERPRISE_REVIEW, lambda f: change(filing=f, reason=reason, by=request.user)
    )


@login_required
@require_POST
def filing_return_view(request, pk):
    return _with_reason(request, pk, filing_return)


@login_required
@require_POST
def filing_suspend_view(request, pk):
    return _with_reason(request, pk, filing_suspend)


@login_required
@require_POST
def filing_resumed_view(request, pk):
    form = ResumedForm(request.POST)

    def mark(filing):
        if not form.is_valid():
            raise ValidationError(_("请填写实际复工日期"))
        filing_mark_resumed(
            filing=filing, resumed_on=form.cleaned_data["resumed_on"], by=request.user
        )

    return _act(request, pk, ENTERPRISE_FILE, mark)


@login_required
def filing_plan(request, pk):
    """The emergency plan, served only to those who may see the filing."""
    filing = get_visible_or_404(FILINGS, request.user, ENTERPRISE_VIEW, pk=pk)
    if not filing.emergency_plan:
        raise Http404
    return FileResponse(filing.emergency_plan.open("rb"), as_attachment=True)

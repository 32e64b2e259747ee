"""The calculator: the public page behind the policy QR code, and the same inside the
enterprise's account with its profile filled in from the register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.choices import AreaLevel
from shouwang.core.exports import export_log
from shouwang.core.models import Area
from shouwang.core.pdf import pdf_response, render_pdf
from shouwang.core.qr import qr_poster
from shouwang.core.roles import (
    ENTERPRISE_FILE,
    ENTERPRISE_SERVE,
    ENTERPRISE_VIEW,
    POLICY_MANAGE,
    RELIEF_RECORD,
)
from shouwang.core.scoping import get_visible_or_404, may_act_on, scope_paths
from shouwang.core.views.base import add_service_errors
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.models.enterprises import officer_paths
from shouwang.enterprises.views.common import require
from shouwang.policies.engine import calculate
from shouwang.policies.forms import CalculatorForm, profile_initial
from shouwang.policies.models import EnterpriseFigures, ReliefGrant
from shouwang.policies.profile import enterprise_profile
from shouwang.policies.selectors import entitlements_visible_to
from shouwang.policies.services import figures_save


def _calculated(form: CalculatorForm):
    """The calculation of a posted profile, or None with the errors on the form."""
    if not form.is_valid():
        return None
    try:
        profile = form.profile()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    return calculate(profile)


def _result_page(request, template: str, context: dict, result):
    status = 400 if request.method == "POST" and result is None else 200
    return render(request, template, {**context, "result": result}, status=status)


def calculator(request):
    """Public: no login, nothing stored, nothing about any registered enterprise shown."""
    form = CalculatorForm(request.POST or None)
    result = _calculated(form) if request.method == "POST" else None
    context = {"form": form, "pdf_url": reverse("policies:calculator_pdf")}
    return _result_page(request, "policies/calculator.html", context, result)


def _pdf(request, result, *, enterprise=None):
    content = render_pdf(
        "policies/calculation.pdf.html",
        {"result": result, "enterprise": enterprise},
        request=request,
    )
    return pdf_response(content, "policy-calculation")


@require_POST
def calculator_pdf(request):
    form = CalculatorForm(request.POST)
    result = _calculated(form)
    if result is None:
        context = {"form": form, "pdf_url": reverse("policies:calculator_pdf")}
        return _result_page(request, "policies/calculator.html", context, None)
    return _pdf(request, result)


@login_required
def poster(request):
    """The printable policy QR poster (一册一卡二码) for officers to put up and hand out."""
    require(request.user, ENTERPRISE_SERVE)
    district = Area.objects.filter(level=AreaLevel.DISTRICT).order_by("path").first()
    return qr_poster(
        request,
        title=_("惠企政策计算器"),
        subtitle=district.name if district else "",
        url=reverse("policies:calculator"),
        instructions=[
            _("用手机扫描二维码"),
            _("填写企业行业、人数、营业收入、租金和社保等情况"),
            _("立即查看可享受的政策、测算金额、政策依据和申报时间"),
        ],
    )


@login_required
def mine(request):
    """The enterprise user's way in: his enterprise's calculator (a list if several)."""
    require(request.user, ENTERPRISE_FILE)
    if officer_paths(request.user, ENTERPRISE_VIEW) != []:
        return redirect("policies:home")
    enterprises = list(Enterprise.objects.visible_to(request.user, ENTERPRISE_FILE)[:50])
    if len(enterprises) == 1:
        return redirect("policies:enterprise_calculator", pk=enterprises[0].pk)
    return render(request, "policies/mine.html", {"enterprises": enterprises})


def _enterprise(request, pk):
    return get_visible_or_404(
        Enterprise.objects.select_related("area", "street"), request.user, ENTERPRISE_VIEW, pk=pk
    )


@login_required
def enterprise_calculator(request, pk):
    """The calculator with the enterprise's profile from the register and its figures;
    it may change values to try them, and keep the figures the register lacks."""
    enterprise = _enterprise(request, pk)
    figures = EnterpriseFigures.objects.filter(enterprise=enterprise).first()
    profile = enterprise_profile(enterprise, figures)
    form = CalculatorForm(request.POST or None, initial=profile_initial(profile))
    may_file = may_act_on(request.user, ENTERPRISE_FILE, enterprise)
    if request.method == "POST":
        result = _calculated(form)
        if result is not None and may_file and request.POST.get("save_figures"):
            figures_save(
                enterprise=enterprise,
                revenue_drop_percent=result.profile.revenue_drop_percent,
                monthly_rent=result.profile.monthly_rent,
                by=request.user,
            )
            messages.success(request, _("已保存营业收入降幅和月租金，主动匹配将按此测算"))
    else:
        result = calculate(profile)
    context = {
        "form": form,
        "enterprise": enterprise,
        "may_file": may_file,
        "pdf_url": reverse("policies:enterprise_calculator_pdf", args=[enterprise.pk]),
        "entitlements": entitlements_visible_to(request.user)
        .filter(enterprise=enterprise)
        .select_related("item"),
        "grants": ReliefGrant.objects.visible_to(request.user, ENTERPRISE_VIEW)
        .filter(enterprise=enterprise)
        .select_related("item")[:50],
    }
    return _result_page(request, "policies/enterprise_calculator.html", context, result)


@login_required
@require_POST
def enterprise_calculator_pdf(request, pk):
    """The enterprise's calculation as a PDF: a document about a registered enterprise,
    so its export is logged."""
    enterprise = _enterprise(request, pk)
    form = CalculatorForm(request.POST)
    result = _calculated(form)
    if result is None:
        raise Http404
    export_log(
        user=request.user,
        model="enterprises.enterprise",
        instance=enterprise,
        reason=_("政策测算结果"),
        row_count=1,
        request=request,
    )
    return _pdf(request, result, enterprise=enterprise)


@login_required
def home(request):
    """Officers' starting page of the module; enterprise users go to their calculator."""
    if officer_paths(request.user, ENTERPRISE_VIEW) == []:
        return mine(request)
    return render(
        request,
        "policies/home.html",
        {
            "can_manage": scope_paths(request.user, POLICY_MANAGE) != [],
            "can_record": scope_paths(request.user, RELIEF_RECORD) != [],
            "can_serve": officer_paths(request.user, ENTERPRISE_SERVE) != [],
        },
    )

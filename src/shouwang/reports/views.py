"""Pages of the daily numbers: the command dashboard (and its large-screen mode), the
archive of daily reports, the runs that compute them."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shouwang.core.exports import export_log
from shouwang.core.models import Area
from shouwang.core.roles import MANAGE_AREAS, VIEW
from shouwang.core.scoping import get_visible_or_404, scope_paths
from shouwang.core.views.base import add_service_errors, is_htmx
from shouwang.reports.choices import RunKind, RunStatus
from shouwang.reports.forms import DayForm, EmergencyForm, ReportRequestForm
from shouwang.reports.models import DailyReport, ReportRun
from shouwang.reports.numbers import SNAPSHOT_LEVELS
from shouwang.reports.selectors import dashboard as dashboard_of
from shouwang.reports.selectors import report_areas_for
from shouwang.reports.services import check_day, emergency_declare, emergency_of, run_start


def _area(request) -> Area:
    """The area asked for (``?area=``), or the user's outermost one; 404 outside scope."""
    areas = report_areas_for(request.user)
    area_id = request.GET.get("area") or request.POST.get("area")
    if area_id:
        if not str(area_id).isdigit():
            raise Http404
        return get_visible_or_404(
            Area.objects.filter(level__in=SNAPSHOT_LEVELS), request.user, VIEW, pk=area_id
        )
    area = areas.first()
    if area is None:
        raise Http404
    return area


def _board_or_refusal(request, template: str):
    area = _area(request)
    form = DayForm(request.GET)
    if not form.is_valid():
        return _refused(request, area, [m for ms in form.errors.values() for m in ms])
    day = form.day_or_today()
    try:
        check_day(area, day)
    except ValidationError as error:
        return _refused(request, area, error.messages)
    board = dashboard_of(
        user=request.user, area=area, day=day, span=form.cleaned_data["span"] or "14"
    )
    context = {"board": board, "form": form, "refresh_seconds": settings.SCREEN_REFRESH_SECONDS}
    return render(request, template, context)


def _refused(request, area, errors, emergency_form=None):
    """A clear message instead of a page of zeros that would look like a real report."""
    context = {
        "area": area,
        "errors": list(errors),
        "emergency": emergency_of(area),
        "emergency_form": emergency_form or EmergencyForm(),
        "may_declare": scope_paths(request.user, MANAGE_AREAS) != [],
    }
    return render(request, "reports/refused.html", context, status=400)


@login_required
def dashboard(request):
    return _board_or_refusal(request, "reports/dashboard.html")


@login_required
def screen(request):
    """The command room's large screen: the same numbers, big, refreshing themselves."""
    return _board_or_refusal(request, "reports/screen.html")


@login_required
@require_POST
def snapshot_refresh(request):
    """Count the day again now (today's numbers during the day, or a past day again)."""
    area = _area(request)
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        return _refused(request, area, [m for ms in form.errors.values() for m in ms])
    try:
        run_start(kind=RunKind.SNAPSHOT, area=area, day=form.cleaned_data["day"], by=request.user)
    except ValidationError as error:
        return _refused(request, area, error.messages)
    messages.info(request, _("已开始重新计算，完成后页面自动刷新"))
    return redirect(f"{reverse('reports:dashboard')}?area={area.pk}&day={form.cleaned_data['day']}")


@login_required
def run_status(request, pk):
    """The progress line a page polls; when the run ends the page reloads itself."""
    run = get_visible_or_404(ReportRun.objects, request.user, VIEW, pk=pk)
    response = render(request, "reports/_run_status.html", {"run": run})
    if run.status in (RunStatus.DONE, RunStatus.FAILED) and is_htmx(request):
        response["HX-Refresh"] = "true"
    return response


@login_required
def report_list(request):
    area = _area(request)
    reports = (
        DailyReport.objects.visible_to(request.user, VIEW)
        .under(area)
        .select_related("area", "generated_by")[:200]
    )
    runs = ReportRun.objects.visible_to(request.user, VIEW).filter(
        area=area, kind=RunKind.REPORT, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    )
    return render(
        request,
        "reports/report_list.html",
        {
            "area": area,
            "reports": reports,
            "runs": runs,
            "form": ReportRequestForm(initial={"day": timezone.localdate()}),
            "areas": report_areas_for(request.user),
        },
    )


@login_required
@require_POST
def report_request(request):
    """Generate (or regenerate) the report of an area and a day in the background."""
    area = _area(request)
    form = ReportRequestForm(request.POST)
    if form.is_valid():
        try:
            run_start(kind=RunKind.REPORT, area=area, day=form.cleaned_data["day"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        for message in [m for ms in form.errors.values() for m in ms]:
            messages.error(request, message)
    else:
        messages.info(request, _("报告生成中，完成后出现在列表里"))
    return redirect(f"{reverse('reports:report_list')}?area={area.pk}")


@login_required
def report_file(request, pk, kind):
    report = get_visible_or_404(
        DailyReport.objects.select_related("area"), request.user, VIEW, pk=pk
    )
    field = {"pdf": report.pdf, "xlsx": report.xlsx}.get(kind)
    if field is None:
        raise Http404
    export_log(
        user=request.user,
        model=DailyReport._meta.label_lower,
        instance=report,
        reason=_("下载每日报告"),
        row_count=1,
        request=request,
    )
    return FileResponse(
        field.open("rb"),
        as_attachment=kind == "xlsx",
        filename=f"daily-{report.area.code}-{report.day:%Y%m%d}.{kind}",
    )


@login_required
@require_POST
def emergency_create(request):
    """The district declares the emergency the numbers start from."""
    area = _area(request)
    if scope_paths(request.user, MANAGE_AREAS) == []:
        raise Http404
    form = EmergencyForm(request.POST)
    if form.is_valid():
        try:
            emergency_declare(area=area, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        return _refused(request, area, [], emergency_form=form)
    return redirect(f"{reverse('reports:dashboard')}?area={area.pk}")

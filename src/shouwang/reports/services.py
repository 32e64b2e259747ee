"""Writes of the daily numbers: the snapshots of a day, the daily report, their runs."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shouwang.core.audit import record_change
from shouwang.core.choices import ChangeAction
from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import MANAGE_AREAS, VIEW
from shouwang.core.scoping import ensure_visible
from shouwang.core.text import clauses_of
from shouwang.reports.choices import RunKind, RunStatus
from shouwang.reports.models import DailyReport, DailySnapshot, Emergency, ReportRun
from shouwang.reports.numbers import SNAPSHOT_LEVELS, count_day
from shouwang.reports.sections import sections


def emergency_of(area: Area) -> Emergency | None:
    """The latest emergency declared over ``area`` or above it."""
    return (
        Emergency.objects.filter(area__path__in=[*area.ancestor_paths(), area.path])
        .order_by("-declared_on")
        .first()
    )


def check_day(area: Area, day: date) -> None:
    """Refuse a day the numbers cannot speak for: a clear message, never a page of zeros
    that looks like a real report."""
    today = timezone.localdate()
    if day > today:
        raise field_error("day", _("日期 %(day)s 晚于今天，还没有数据") % {"day": day})
    emergency = emergency_of(area)
    if emergency is None:
        raise field_error("day", _("本辖区尚未启动应急响应，没有可统计的数据"))
    if day < emergency.declared_on:
        raise field_error(
            "day",
            _("日期 %(day)s 早于%(name)s启动日期 %(start)s")
            % {"day": day, "name": emergency.name, "start": emergency.declared_on},
        )


def emergency_declare(*, area: Area, name: str, declared_on: date, by) -> Emergency:
    if not name.strip():
        raise field_error("name", _("请填写应急响应名称"))
    if declared_on > timezone.localdate():
        raise field_error("declared_on", _("启动日期不能晚于今天"))
    with transaction.atomic():
        emergency = Emergency.objects.create(area=area, name=name.strip(), declared_on=declared_on)
        ensure_visible(by, emergency, MANAGE_AREAS)
        record_change(user=by, action=ChangeAction.CREATE, instance=emergency)
    return emergency


def snapshots_compute(*, day: date, progress=None) -> int:
    """Count ``day`` for every area down to the grids and store it, replacing what was
    stored for that day. Returns the number of areas written."""
    district = Area.objects.filter(level=SNAPSHOT_LEVELS[0]).first()
    if district is None:
        return 0
    check_day(district, day)
    steps = len(sections()) + 1
    totals = count_day(day)
    if progress:
        progress(steps - 1, steps)
    now = timezone.now()
    areas = Area.objects.filter(level__in=SNAPSHOT_LEVELS).values_list("pk", "path")
    rows = [
        DailySnapshot(area_id=pk, day=day, figures=dict(totals.get(path, {})), computed_at=now)
        for pk, path in areas
    ]
    with transaction.atomic():
        DailySnapshot.objects.filter(day=day).delete()
        DailySnapshot.objects.bulk_create(rows, batch_size=1000)
    if progress:
        progress(steps, steps)
    return len(rows)


def run_start(*, kind: str, area: Area, day: date, by) -> ReportRun:
    """Queue a background run; a run of the same kind, area and day already waiting or
    running is returned instead of a second one."""
    ensure_visible(by, area, VIEW)
    check_day(area, day)
    pending = ReportRun.objects.filter(
        kind=kind, area=area, day=day, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
    ).first()
    if pending is not None:
        return pending
    from shouwang.reports.tasks import execute_run

    with transaction.atomic():
        run = ReportRun.objects.create(
            kind=kind,
            area=area,
            day=day,
            requested_by=by if getattr(by, "pk", None) else None,
            language=translation.get_language() or "zh-hans",
        )
        transaction.on_commit(lambda: execute_run.enqueue(run.pk))
    return run


def run_execute(run: ReportRun) -> None:
    """Carry a queued run out, reporting progress on the row the page polls."""

    def progress(done: int, total: int) -> None:
        ReportRun.objects.filter(pk=run.pk).update(done=done, total=total)

    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    try:
        if run.kind == RunKind.SNAPSHOT:
            written = snapshots_compute(day=run.day, progress=progress)
            message = _("已计算 %(n)d 个区域") % {"n": written}
        else:
            report = report_generate(area=run.area, day=run.day, by=run.requested_by)
            message = report.headline
    except ValidationError as error:
        ReportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED,
            message=clauses_of(error.messages)[:300],
            finished_at=timezone.now(),
        )
        return
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, message=message[:300], finished_at=timezone.now()
    )


def report_generate(*, area: Area, day: date, by) -> DailyReport:
    """The report of ``area`` for ``day`` (the day's snapshots are computed first when
    missing), rendered to PDF and xlsx and archived."""
    from shouwang.reports.documents import report_pdf, report_xlsx
    from shouwang.reports.selectors import report_content

    check_day(area, day)
    if not DailySnapshot.objects.filter(area=area, day=day).exists():
        snapshots_compute(day=day)
    content = report_content(area=area, day=day)
    pdf, xlsx = report_pdf(content), report_xlsx(content)
    stem = f"daily-{area.code}-{day:%Y%m%d}"
    with transaction.atomic():
        report = DailyReport.objects.filter(area=area, day=day).first()
        action = ChangeAction.UPDATE if report else ChangeAction.CREATE
        if report is not None:  # the new files replace the old ones on disk too
            report.pdf.delete(save=False)
            report.xlsx.delete(save=False)
        report = report or DailyReport(area=area, day=day)
        report.headline = content.headline[:300]
        report.generated_at = timezone.now()
        report.generated_by = by if getattr(by, "pk", None) else None
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        report.save()
        record_change(user=by, action=action, instance=report)
    return report

"""The emergency a district runs, the numbers of each area at the close of each day, the
daily reports, and the background runs that make them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shouwang.core.scoping import ScopedQuerySet
from shouwang.reports.choices import RunKind, RunStatus


class EmergencyQuerySet(ScopedQuerySet):
    pass


class Emergency(models.Model):
    """A declared emergency (an outbreak, 2020's COVID-19 response): the numbers start on
    the day it was declared; a report for an earlier day is refused."""

    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    name = models.CharField(_("名称"), max_length=100)
    declared_on = models.DateField(_("启动日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    objects = EmergencyQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("应急响应")
        ordering = ["-declared_on"]

    def __str__(self) -> str:
        return self.name


class DailySnapshotQuerySet(ScopedQuerySet):
    pass


class DailySnapshot(models.Model):
    """An area's figures (additive counts, see reports.sections) at the close of a day."""

    area = models.ForeignKey("core.Area", models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    figures = models.JSONField(_("数据"), default=dict)
    computed_at = models.DateTimeField(_("计算时间"))

    objects = DailySnapshotQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("每日数据")
        constraints = [
            models.UniqueConstraint(fields=["area", "day"], name="one_snapshot_per_area_day")
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.day}"


class DailyReportQuerySet(ScopedQuerySet):
    pass


class DailyReport(models.Model):
    """The report of an area for a day, as PDF and xlsx, archived (a newer version of the
    same day replaces the files and keeps the row)."""

    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    day = models.DateField(_("日期"))
    headline = models.CharField(_("摘要"), max_length=300)
    pdf = models.FileField(_("PDF"), upload_to="reports/%Y/%m/")
    xlsx = models.FileField(_("Excel"), upload_to="reports/%Y/%m/")
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("生成人"),
    )

    objects = DailyReportQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("每日报告")
        ordering = ["-day", "area__path"]
        constraints = [
            models.UniqueConstraint(fields=["area", "day"], name="one_report_per_area_day")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.day}"


class ReportRunQuerySet(ScopedQuerySet):
    pass


class ReportRun(models.Model):
    """A background computation of a day's snapshots or of a report; the page polls it."""

    kind = models.CharField(_("类型"), max_length=16, choices=RunKind.choices)
    area = models.ForeignKey("core.Area", models.CASCADE, related_name="+", verbose_name=_("区域"))
    day = models.DateField(_("日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已完成"), default=0)
    message = models.CharField(pgettext_lazy("job message", "说明"), max_length=300, blank=True)
    language = models.CharField(_("语言"), max_length=16, default="zh-hans")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("计算任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.day}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

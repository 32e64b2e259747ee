"""Stays: a person in a bed of a site from check-in to check-out, and his daily logs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from shouwang.core.scoping import ScopedQuerySet
from shouwang.quarantine.choices import (
    SampleKind,
    SampleResult,
    StayOutcome,
    StaySource,
    StayStatus,
)


class StayQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status=StayStatus.ACTIVE)


class Stay(models.Model):
    site = models.ForeignKey(
        "quarantine.Site", models.PROTECT, related_name="stays", verbose_name=_("隔离点")
    )
    # The site's area: stays are scoped by the site, not by the person's home.
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", db_index=False, verbose_name=_("区域")
    )
    room = models.ForeignKey(
        "quarantine.Room", models.PROTECT, related_name="stays", verbose_name=_("房间")
    )
    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        related_name="quarantine_stays",
        verbose_name=pgettext_lazy("one", "人员"),
    )
    source = models.CharField(
        _("来源"), max_length=12, choices=StaySource.choices, default=StaySource.DIRECT
    )
    checked_in_at = models.DateTimeField(_("入住时间"))
    planned_end = models.DateField(_("计划解除日期"))
    status = models.CharField(
        _("状态"), max_length=8, choices=StayStatus.choices, default=StayStatus.ACTIVE
    )
    attention = models.BooleanField(_("重点关注"), default=False)
    attention_reason = models.CharField(_("关注原因"), max_length=200, blank=True)
    outcome = models.CharField(_("去向"), max_length=16, choices=StayOutcome.choices, blank=True)
    checked_out_at = models.DateTimeField(_("离开时间"), null=True, blank=True)
    checkout_note = models.CharField(_("离开说明"), max_length=300, blank=True)
    next_stay = models.OneToOneField(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="previous_stay",
        verbose_name=_("转入的隔离"),
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("办理人"),
    )

    objects = StayQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("入住记录")
        verbose_name_plural = _("入住记录")
        ordering = ["-checked_in_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=StayStatus.ACTIVE),
                name="one_active_stay_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["site", "status"], name="stay_site_status"),
            models.Index(fields=["site", "checked_in_at"], name="stay_site_checked_in"),
            models.Index(fields=["site", "planned_end"], name="stay_site_planned_end"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.room}"


class HealthLog(models.Model):
    """One day of a stay: two temperatures, symptoms, a sample and its result."""

    stay = models.ForeignKey(Stay, models.CASCADE, related_name="logs", verbose_name=_("入住记录"))
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", db_index=False, verbose_name=_("区域")
    )
    day = models.DateField(_("日期"))
    morning_temperature = models.DecimalField(
        _("上午体温"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    evening_temperature = models.DecimalField(
        _("下午体温"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    symptoms = models.JSONField(_("症状"), default=list, blank=True)
    sample_kind = models.CharField(_("采样"), max_length=16, choices=SampleKind.choices, blank=True)
    sample_result = models.CharField(
        _("检测结果"), max_length=10, choices=SampleResult.choices, blank=True
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("健康日志")
        verbose_name_plural = _("健康日志")
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["stay", "day"], name="one_health_log_a_day")]

    def __str__(self) -> str:
        return f"{self.stay_id} {self.day}"

    @property
    def highest_temperature(self):
        readings = [t for t in (self.morning_temperature, self.evening_temperature) if t]
        return max(readings, default=None)

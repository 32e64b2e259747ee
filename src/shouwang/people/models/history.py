"""A person's timelines: episodes, travel/residence/contact history, health states and
control measures. Each hangs on the person and is scoped through the person's area."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from shouwang.core.scoping import ScopedQuerySet
from shouwang.people.choices import (
    EpisodeKind,
    HealthSource,
    HealthState,
    HistoryKind,
    Measure,
)


class PersonChildQuerySet(ScopedQuerySet):
    pass


class _PersonRecord(models.Model):
    person = models.ForeignKey(
        "people.Person", models.CASCADE, related_name="+", verbose_name=pgettext_lazy("one", "人员")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("记录人"),
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = PersonChildQuerySet.as_manager()
    # Through the person: a record follows the person when he moves.
    scope_path_lookup = "person__area__path"
    personal_fields = ()

    class Meta:
        abstract = True


class Episode(_PersonRecord):
    """An arrival, a screening or an exposure, with its own dates."""

    kind = models.CharField(_("类型"), max_length=16, choices=EpisodeKind.choices)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    origin = models.CharField(_("来源地"), max_length=100, blank=True)
    origin_code = models.CharField(_("来源地区划代码"), max_length=6, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("事件")
        verbose_name_plural = _("事件")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on}"


class HistoryEntry(_PersonRecord):
    """Travel, residence or contact history: a place (with its GB/T 2260 code when the
    text could be resolved), from and to."""

    episode = models.ForeignKey(
        Episode, models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=HistoryKind.choices)
    place = models.CharField(_("地点"), max_length=100)
    region_code = models.CharField(_("区划代码"), max_length=6, blank=True)
    region_name = models.CharField(_("区划名称"), max_length=60, blank=True)
    from_date = models.DateField(_("起始日期"))
    to_date = models.DateField(_("截止日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("旅居接触史")
        verbose_name_plural = _("旅居接触史")
        ordering = ["-from_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.place}"


class HealthStateRecord(_PersonRecord):
    state = models.CharField(_("健康状态"), max_length=16, choices=HealthState.choices)
    on = models.DateField(_("日期"))
    temperature = models.DecimalField(
        _("体温"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    source = models.CharField(_("来源"), max_length=20, choices=HealthSource.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("健康状态记录")
        verbose_name_plural = _("健康状态记录")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["person", "on"], name="health_person_on")]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.on}"


class MeasureRecord(_PersonRecord):
    """One control measure over a span; the person's active one has ``is_active``."""

    measure = models.CharField(_("管控措施"), max_length=24, choices=Measure.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=300)
    is_active = models.BooleanField(_("当前措施"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("管控措施记录")
        verbose_name_plural = _("管控措施记录")
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(is_active=True), name="one_active_measure"
            )
        ]
        indexes = [models.Index(fields=["person", "start"], name="measure_person_start")]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} {self.start}"

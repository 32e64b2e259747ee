from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from shouwang.core.choices import AreaLevel
from shouwang.core.scoping import ScopedQuerySet
from shouwang.isolation.choices import OrderOutcome, OrderStatus, Slot

DEFAULT_DAYS = 14


class CommitmentTemplate(models.Model):
    """The text of the 《居家隔离承诺书》 a district uses; each edit is a new version, and
    a signature keeps the exact text and version signed."""

    district = models.ForeignKey(
        "core.Area",
        models.PROTECT,
        related_name="+",
        limit_choices_to={"level": AreaLevel.DISTRICT},
        verbose_name=_("区"),
    )
    version = models.CharField(_("版本"), max_length=40)
    title = models.CharField(_("标题"), max_length=100, default="居家隔离承诺书")
    text = models.TextField(
        _("正文"), help_text=_("可用 {name}、{start}、{end}、{days}、{address}")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("承诺书模板")
        verbose_name_plural = _("承诺书模板")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "version"], name="one_text_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class IsolationOrderQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status=OrderStatus.ACTIVE)


class IsolationOrder(models.Model):
    """A person's home isolation: from a start for a number of days, followed up twice a
    day by the responsible grid worker, ended by release or transfer."""

    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        related_name="isolation_orders",
        verbose_name=pgettext_lazy("one", "人员"),
    )
    #: The person's home at the start: the board and the follow-ups are scoped by it.
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", verbose_name=_("隔离地点")
    )
    start = models.DateField(_("开始日期"))
    days = models.PositiveSmallIntegerField(_("隔离天数"), default=DEFAULT_DAYS)
    reason = models.CharField(_("隔离原因"), max_length=300)
    grid_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("责任网格员"),
    )
    doctor = models.CharField(_("责任医生"), max_length=50)
    status = models.CharField(
        _("状态"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.ACTIVE
    )
    outcome = models.CharField(
        _("结束方式"), max_length=24, choices=OrderOutcome.choices, blank=True
    )
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_note = models.CharField(_("结束说明"), max_length=300, blank=True)
    signature = models.OneToOneField(
        "core.Signature",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承诺书签名"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = IsolationOrderQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"
    personal_fields = ()

    class Meta:
        verbose_name = _("居家隔离")
        verbose_name_plural = _("居家隔离")
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=OrderStatus.ACTIVE),
                name="one_active_isolation_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["status", "area"], name="isolation_status_area"),
            # The board lists active isolations by start: a page of them without a sort.
            models.Index(
                fields=["start", "id"],
                name="isolation_active_start",
                condition=Q(status=OrderStatus.ACTIVE),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.start}"

    @property
    def planned_end(self):
        """The last day of isolation."""
        return self.start + timedelta(days=self.days - 1)


class FollowUpQuerySet(ScopedQuerySet):
    pass


class FollowUp(models.Model):
    """One visit or call: temperature, symptoms, needs and a note."""

    order = models.ForeignKey(
        IsolationOrder, models.CASCADE, related_name="follow_ups", verbose_name=_("居家隔离")
    )
    day = models.DateField(_("日期"))
    slot = models.CharField(_("时段"), max_length=8, choices=Slot.choices)
    temperature = models.DecimalField(_("体温"), max_digits=3, decimal_places=1)
    symptoms = models.CharField(_("症状"), max_length=200, blank=True)
    needs_food = models.BooleanField(_("需要生活物资"), default=False)
    needs_medicine = models.BooleanField(_("需要药品"), default=False)
    needs_psychological = models.BooleanField(_("需要心理疏导"), default=False)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "order__area__path"
    personal_fields = ()

    class Meta:
        verbose_name = _("随访记录")
        verbose_name_plural = _("随访记录")
        ordering = ["-day", "-slot", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "day", "slot"], name="one_follow_up_a_slot")
        ]
        indexes = [
            # The board's list of the last two days' requests for supplies, medicine or
            # counselling: a few rows among the district's follow-ups, which it scanned
            # whole (30 ms at demo scale).
            models.Index(
                fields=["-day", "-id"],
                name="follow_up_needs_by_day",
                condition=models.Q(needs_food=True)
                | models.Q(needs_medicine=True)
                | models.Q(needs_psychological=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_slot_display()} {self.temperature}"

    @property
    def needs(self) -> list[str]:
        flags = ("needs_food", "needs_medicine", "needs_psychological")
        return [
            str(self._meta.get_field(flag).verbose_name) for flag in flags if getattr(self, flag)
        ]

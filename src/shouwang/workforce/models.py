"""Staff, posts and their rosters: who works which shift where.

A :class:`Post` is anything staffed around the clock: a checkpoint today, a quarantine site
or a port diversion point later. The module that owns the post points a one-to-one field at
it; rosters, shifts and handovers live here and know nothing of checkpoints.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from shouwang.core.fields import EncryptedTextField
from shouwang.core.scoping import ScopedQuerySet
from shouwang.core.text import bracketed
from shouwang.workforce.choices import Department, PostKind


class StaffMemberQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(active=True)


class StaffMember(models.Model):
    """Someone who works shifts: an account holder or not (volunteers, seconded staff)."""

    name = models.CharField(_("姓名"), max_length=50)
    department = models.CharField(_("部门"), max_length=20, choices=Department.choices)
    unit = models.CharField(_("单位"), max_length=100, blank=True)
    seconded = models.BooleanField(_("下沉干部"), default=False)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    phone_hash = models.CharField(max_length=40, blank=True, editable=False)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_records",
        verbose_name=pgettext_lazy("one", "账号"),
    )
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", verbose_name=_("所属区域")
    )
    active = models.BooleanField(_("在岗"), default=True)

    objects = StaffMemberQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["phone_masked"])
    scope_path_lookup = "area__path"
    personal_fields = ("phone", "phone_hash")

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["department", "name", "id"]
        indexes = [models.Index(fields=["area", "department"], name="staff_area_department")]

    def __str__(self) -> str:
        return self.name + bracketed(self.get_department_display())


class ShiftTemplateQuerySet(models.QuerySet):
    def available_to(self, area_paths: list[str] | None):
        """Built-in templates and the custom ones of the given subtrees."""
        if area_paths is None:
            return self
        from shouwang.core.scoping import subtree_q

        return self.filter(models.Q(area__isnull=True) | subtree_q("area__path", area_paths))


class ShiftTemplate(models.Model):
    """How a day splits into shifts: ``slots`` is a list of [start hour, hours].

    The built-in templates (3 x 8 h, 6 x 4 h, 2 x 12 h) have no area; custom ones belong to
    the area that made them.
    """

    name = models.CharField(_("名称"), max_length=50)
    slots = models.JSONField(pgettext_lazy("many", "班次"))
    area = models.ForeignKey(
        "core.Area",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属区域"),
    )

    objects = ShiftTemplateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("班次模板")
        verbose_name_plural = pgettext_lazy("many", "班次模板")
        ordering = ["area_id", "name"]

    def __str__(self) -> str:
        return self.name

    def slot_labels(self) -> list[str]:
        return [slot_label(start, hours) for start, hours in self.slots]


def slot_label(start: int, hours: int) -> str:
    return f"{start:02d}:00–{(start + hours) % 24:02d}:00"


class PostQuerySet(ScopedQuerySet):
    pass


class Post(models.Model):
    """A place staffed in shifts. The owning module's record (a checkpoint...) points here."""

    kind = models.CharField(_("类型"), max_length=16, choices=PostKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    template = models.ForeignKey(
        ShiftTemplate, models.PROTECT, related_name="posts", verbose_name=_("班次模板")
    )
    staff_per_shift = models.PositiveSmallIntegerField(_("每班人数"), default=3)

    objects = PostQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("值守点位")
        verbose_name_plural = _("值守点位")
        ordering = ["area__path", "name"]

    def __str__(self) -> str:
        return self.name


class ShiftQuerySet(ScopedQuerySet):
    def covering(self, moment: datetime):
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)


class Shift(models.Model):
    """One shift of one post on one day: its leader, its staff, and the handover note it
    leaves to the next shift."""

    post = models.ForeignKey(Post, models.CASCADE, related_name="shifts", verbose_name=_("点位"))
    day = models.DateField(_("日期"))
    slot = models.PositiveSmallIntegerField(_("班次序号"))
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(pgettext_lazy("end time", "结束"))
    needed = models.PositiveSmallIntegerField(_("应到人数"))
    leader = models.ForeignKey(
        StaffMember,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="shifts_led",
        verbose_name=_("带班负责人"),
    )
    staff = models.ManyToManyField(
        StaffMember, blank=True, related_name="shifts", verbose_name=_("值班人员")
    )
    handover_note = models.TextField(_("交接班记录"), blank=True)
    handover_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("交班人"),
    )
    handover_at = models.DateTimeField(_("交班时间"), null=True, blank=True)

    objects = ShiftQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[staff])
    scope_path_lookup = "post__area__path"

    class Meta:
        verbose_name = _("班次")
        verbose_name_plural = pgettext_lazy("many", "班次")
        ordering = ["post_id", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "day", "slot"], name="one_shift_per_slot")
        ]
        indexes = [models.Index(fields=["post", "starts_at"], name="shift_post_start")]

    def __str__(self) -> str:
        return f"{self.post} {self.day:%m-%d} {self.label}"

    @property
    def label(self) -> str:
        local = timezone.localtime(self.starts_at)
        hours = round((self.ends_at - self.starts_at).total_seconds() / 3600)
        return slot_label(local.hour, hours)


def shift_bounds(day, start_hour: int, hours: int) -> tuple[datetime, datetime]:
    """A slot's start and end on ``day`` in the project's time zone."""
    starts = timezone.make_aware(datetime.combine(day, time(start_hour)))
    return starts, starts + timedelta(hours=hours)

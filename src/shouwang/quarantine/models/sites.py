"""Quarantine sites (hotels, health stations), their rooms and their staff groups.

A site owns a workforce ``Post`` (kind ``site``) the way a checkpoint does: its 24-hour
roster, shifts and handovers live in workforce. Closing a site (撤点) sets ``closes_on``;
every record of it stays readable.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from shouwang.core.scoping import ScopedQuerySet
from shouwang.quarantine.choices import RoomState, RoomType, ServedGroup, SiteKind


class OpenSpanQuerySet(ScopedQuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day).filter(
            models.Q(closes_on__isnull=True) | models.Q(closes_on__gte=day)
        )


class OpenSpan(models.Model):
    """Opened on a day, closed (撤点) on another or not yet; closing keeps every record."""

    opens_on = models.DateField(_("启用日期"))
    closes_on = models.DateField(_("撤点日期"), null=True, blank=True)

    class Meta:
        abstract = True

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)


class Site(OpenSpan):
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=SiteKind.choices)
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="quarantine_sites", verbose_name=_("所属区域")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    served = models.CharField(
        _("安置对象"), max_length=24, choices=ServedGroup.choices, default=ServedGroup.INBOUND
    )
    capacity = models.PositiveIntegerField(_("可安置人数"))
    post = models.OneToOneField(
        "workforce.Post", models.PROTECT, related_name="site", verbose_name=_("值守点位")
    )
    coordinators = models.ManyToManyField(
        "workforce.StaffMember",
        blank=True,
        related_name="coordinated_sites",
        verbose_name=_("现场协调专班"),
    )

    objects = OpenSpanQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[coordinators])
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("隔离点")
        verbose_name_plural = pgettext_lazy("many", "隔离点")
        ordering = ["area__path", "name"]

    def __str__(self) -> str:
        return self.name

    def days_open(self, day=None) -> int:
        day = day or timezone.localdate()
        last = min(day, self.closes_on) if self.closes_on else day
        return max((last - self.opens_on).days + 1, 0)


class StaffGroup(models.Model):
    """A working group of the site (medical, disinfection, logistics, security...)."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="groups", verbose_name=_("隔离点"))
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    name = models.CharField(_("工作组"), max_length=50)
    duty = models.CharField(_("职责"), max_length=200, blank=True)
    leader = models.ForeignKey(
        "workforce.StaffMember",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("组长"),
    )
    members = models.ManyToManyField(
        "workforce.StaffMember", blank=True, related_name="site_groups", verbose_name=_("组员")
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[members])
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("工作组")
        verbose_name_plural = _("工作组")
        ordering = ["site_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="one_group_name_per_site")
        ]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    site = models.ForeignKey(Site, models.CASCADE, related_name="rooms", verbose_name=_("隔离点"))
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", db_index=False, verbose_name=_("区域")
    )
    number = models.CharField(_("房号"), max_length=20)
    floor = models.SmallIntegerField(_("楼层"))
    room_type = models.CharField(
        _("房型"), max_length=12, choices=RoomType.choices, default=RoomType.SINGLE
    )
    beds = models.PositiveSmallIntegerField(_("床位"), default=1)
    state = models.CharField(
        _("房态"), max_length=12, choices=RoomState.choices, default=RoomState.VACANT
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("房间")
        verbose_name_plural = _("房间")
        ordering = ["site_id", "floor", "number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="one_room_number_per_site")
        ]
        indexes = [models.Index(fields=["site", "state"], name="room_site_state")]

    def __str__(self) -> str:
        return f"{self.number}"

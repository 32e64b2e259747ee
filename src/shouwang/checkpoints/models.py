"""Checkpoints, the vehicles and persons that pass them, and the hourly counts kept beside.

A passage is append-only: registered once (its client UUID is unique), never edited. Its
occupants' documents and phones are stored sealed, with a keyed hash that matches them to
the people register without a person record for every passer-by. ``HourlyCount`` is
updated in the passage's own transaction, so statistics never scan the passages.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from shouwang.checkpoints.choices import (
    CheckpointKind,
    Direction,
    FlagKind,
    PassageMode,
    VehicleKind,
)
from shouwang.core.choices import DocumentType
from shouwang.core.fields import EncryptedTextField
from shouwang.core.scoping import ScopedQuerySet
from shouwang.core.text import bracketed


class CheckpointQuerySet(ScopedQuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day).filter(
            models.Q(closes_on__isnull=True) | models.Q(closes_on__gte=day)
        )


class Checkpoint(models.Model):
    """A highway exit, a city-boundary point, a port point or a community enclosure point.

    Its roster lives on the workforce ``post`` it owns."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=24, choices=CheckpointKind.choices)
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="checkpoints", verbose_name=_("所属区域")
    )
    post = models.OneToOneField(
        "workforce.Post", models.PROTECT, related_name="checkpoint", verbose_name=_("值守点位")
    )
    location = models.CharField(_("位置"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    inbound_label = models.CharField(_("进方向"), max_length=50, default=_("进"))
    outbound_label = models.CharField(_("出方向"), max_length=50, default=_("出"))
    opens_on = models.DateField(_("启用日期"))
    closes_on = models.DateField(_("撤销日期"), null=True, blank=True)
    closed_groups = models.ManyToManyField(
        "core.Area",
        blank=True,
        related_name="enclosing_checkpoints",
        verbose_name=_("封闭的居民小区/小组"),
    )

    objects = CheckpointQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[closed_groups])
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("卡点")
        verbose_name_plural = _("卡点")
        ordering = ["area__path", "name"]

    def __str__(self) -> str:
        return self.name

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)

    def direction_label(self, direction: str) -> str:
        return self.inbound_label if direction == Direction.IN else self.outbound_label


class DeviceQuerySet(ScopedQuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class Device(models.Model):
    """A plate camera or a tablet writing through the API with its own token, for one
    checkpoint only. Only a hash of the token is kept: it is shown once when made."""

    checkpoint = models.ForeignKey(
        Checkpoint, models.CASCADE, related_name="devices", verbose_name=_("卡点")
    )
    name = models.CharField(_("设备名称"), max_length=100)
    token_prefix = models.CharField(_("令牌前缀"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("停用时间"), null=True, blank=True)

    objects = DeviceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_hash"])
    scope_path_lookup = "checkpoint__area__path"

    class Meta:
        verbose_name = _("卡点设备")
        verbose_name_plural = _("卡点设备")
        ordering = ["checkpoint_id", "name"]

    def __str__(self) -> str:
        return self.name + bracketed(f"{self.token_prefix}…")


class WatchedVehicleQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(active=True)


class WatchedVehicle(models.Model):
    """A plate every checkpoint flags, put on the list by the area that owns the entry."""

    plate = models.CharField(_("车牌号"), max_length=10)
    reason = models.CharField(_("布控原因"), max_length=200)
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = WatchedVehicleQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("布控车辆")
        verbose_name_plural = _("布控车辆")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["plate"], name="watched_vehicle_plate")]

    def __str__(self) -> str:
        return self.plate


class PassageQuerySet(ScopedQuerySet):
    pass


class Passage(models.Model):
    """A vehicle with its occupants, or one person on foot, through a checkpoint."""

    client_uuid = models.UUIDField(_("客户端编号"))
    # Indexed by passage_checkpoint_time, which starts with it: a second index would only
    # cost every passage one more insert.
    checkpoint = models.ForeignKey(
        Checkpoint,
        models.PROTECT,
        related_name="passages",
        db_index=False,
        verbose_name=_("卡点"),
    )
    # The checkpoint's area, kept on the row so scoping needs no join through checkpoint.
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", db_index=False, verbose_name=_("区域")
    )
    direction = models.CharField(_("方向"), max_length=4, choices=Direction.choices)
    mode = models.CharField(_("通行方式"), max_length=8, choices=PassageMode.choices)
    plate = models.CharField(_("车牌号"), max_length=10, blank=True)
    vehicle_kind = models.CharField(
        _("车辆类型"), max_length=12, choices=VehicleKind.choices, blank=True
    )
    passed_at = models.DateTimeField(_("通行时间"))
    flags = models.JSONField(_("预警"), default=list, blank=True)
    flagged = models.BooleanField(_("有预警"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
        verbose_name=_("登记人"),
    )
    device = models.ForeignKey(
        Device,
        models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
        verbose_name=_("设备"),
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = PassageQuerySet.as_manager()
    # Written once, never changed: the audit row of its creation is its whole history
    # (services.passage_register writes it), so there is no history table to fill.
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("通行记录")
        verbose_name_plural = _("通行记录")
        ordering = ["-passed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["client_uuid"], name="passage_unique_client_uuid")
        ]
        indexes = [
            models.Index(fields=["checkpoint", "passed_at"], name="passage_checkpoint_time"),
            # "Recent flags" of a checkpoint: a few rows among millions, found without a scan.
            models.Index(
                fields=["checkpoint", "passed_at"],
                name="passage_flagged_time",
                condition=models.Q(flagged=True),
            ),
            models.Index(fields=["plate"], name="passage_plate", condition=~models.Q(plate="")),
        ]

    def __str__(self) -> str:
        return f"{self.checkpoint_id} {self.plate or self.get_mode_display()}"


class Occupant(models.Model):
    """A person in a passage: the driver (seat 0), a passenger, or the walker."""

    passage = models.ForeignKey(
        Passage, models.CASCADE, related_name="occupants", verbose_name=_("通行记录")
    )
    seat = models.PositiveSmallIntegerField(pgettext_lazy("seat in a vehicle", "序号"))
    name = models.CharField(_("姓名"), max_length=50)
    document_type = models.CharField(
        _("证件类型"), max_length=20, choices=DocumentType.choices, default=DocumentType.RESIDENT_ID
    )
    document_number = EncryptedTextField(_("证件号码"))
    document_hash = models.CharField(max_length=40, editable=False)
    document_masked = models.CharField(_("证件号码"), max_length=24, editable=False)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    temperature = models.DecimalField(_("体温"), max_digits=3, decimal_places=1)
    origin = models.CharField(_("出发地"), max_length=100, blank=True)
    origin_code = models.CharField(_("出发地编码"), max_length=12, blank=True)
    travel = models.CharField(_("14天旅居史"), max_length=200, blank=True)
    destination = models.CharField(_("目的地"), max_length=100, blank=True)
    reason = models.CharField(_("事由"), max_length=100, blank=True)
    person = models.ForeignKey(
        "people.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="passages",
        verbose_name=pgettext_lazy("matched person", "登记人员"),
    )
    flags = models.JSONField(_("预警"), default=list, blank=True)

    scope_path_lookup = "passage__area__path"
    personal_fields = ("document_number", "document_hash", "phone")

    class Meta:
        verbose_name = _("通行人员")
        verbose_name_plural = _("通行人员")
        ordering = ["passage_id", "seat"]
        indexes = [
            models.Index(fields=["document_hash"], name="occupant_document_hash"),
            models.Index(
                fields=["person"],
                name="occupant_person",
                condition=models.Q(person__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name + bracketed(self.document_masked)

    @property
    def fever(self) -> bool:
        return any(flag["kind"] == FlagKind.FEVER for flag in self.flags)


class HourlyCount(models.Model):
    """Per checkpoint and hour: what passed. Written with each passage (same transaction)."""

    checkpoint = models.ForeignKey(
        Checkpoint, models.CASCADE, related_name="hourly_counts", db_index=False
    )
    hour = models.DateTimeField(_("小时"))
    vehicles = models.PositiveIntegerField(_("车辆"), default=0)
    persons = models.PositiveIntegerField(_("人员"), default=0)
    fevers = models.PositiveIntegerField(_("体温异常"), default=0)
    flagged = models.PositiveIntegerField(_("预警"), default=0)

    class Meta:
        verbose_name = _("小时统计")
        verbose_name_plural = _("小时统计")
        constraints = [
            models.UniqueConstraint(fields=["checkpoint", "hour"], name="one_count_per_hour")
        ]
        indexes = [models.Index(fields=["hour"], name="hourly_count_hour")]

    def __str__(self) -> str:
        return f"{self.checkpoint_id} {self.hour:%Y-%m-%d %H}h"


class ReferenceTableVersion(models.Model):
    """A stamp no earlier write has left, for each table of the data checkpoints keep per
    process (reference.py): set by a database trigger (migration 0004) after every
    statement that changes the table (of the areas, one that moves or deletes any),
    whatever wrote it (a save, ``bulk_create``, ``QuerySet.update``, raw SQL). On
    PostgreSQL the stamp is the next value of a sequence, never given out again, even
    after a rollback; on SQLite a random number. Only whether a stamp has changed matters:
    a process that read one sees another after every later write, whichever commits
    first. A row per table, so that a long transaction writing one holds up no writer of
    another."""

    table_name = models.CharField(max_length=63, primary_key=True)
    stamp = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.table_name}: {self.stamp}"

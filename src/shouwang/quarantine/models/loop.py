"""The closed loop from a port to a site (闭环管理).

Customs hands a batch of persons over at a port diversion point (expected count and list);
each person is registered on arrival, a destination is proposed and confirmed, transfer
runs take them away, and they are recounted person by person on arrival. ``LoopPerson.place``
says where each person is at every moment: at the port, on a named vehicle, checked in
(or delivered home), or missing. Every difference between a list and a count is a
``Discrepancy`` with an open alert until someone closes it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from shouwang.core.choices import DocumentType
from shouwang.core.fields import EncryptedTextField
from shouwang.core.models import AlertStatus
from shouwang.core.scoping import ScopedQuerySet
from shouwang.core.text import bracketed
from shouwang.quarantine.choices import (
    BatchStatus,
    Destination,
    DiscrepancyKind,
    LoopPlace,
    TransferStatus,
)
from shouwang.quarantine.models.sites import OpenSpan, OpenSpanQuerySet


class Port(OpenSpan):
    """A port diversion point (口岸分流安置点), staffed in shifts like any post."""

    name = models.CharField(_("名称"), max_length=100)
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    post = models.OneToOneField(
        "workforce.Post", models.PROTECT, related_name="port", verbose_name=_("值守点位")
    )

    objects = OpenSpanQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("口岸分流点")
        verbose_name_plural = pgettext_lazy("many", "口岸分流点")
        ordering = ["area__path", "name"]

    def __str__(self) -> str:
        return self.name


class HandoverBatch(models.Model):
    port = models.ForeignKey(Port, models.PROTECT, related_name="batches", verbose_name=_("口岸"))
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", db_index=False, verbose_name=_("区域")
    )
    reference = models.CharField(_("交接单号"), max_length=50)
    handed_over_by = models.CharField(_("移交单位/人"), max_length=100, blank=True)
    handed_over_at = models.DateTimeField(_("交接时间"))
    expected_count = models.PositiveIntegerField(_("交接人数"))
    status = models.CharField(
        _("状态"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.RECEIVING
    )
    closed_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("交接批次")
        verbose_name_plural = _("交接批次")
        ordering = ["-handed_over_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["port", "reference"], name="one_reference_per_port")
        ]
        indexes = [models.Index(fields=["port", "handed_over_at"], name="batch_port_time")]

    def __str__(self) -> str:
        return self.reference


class Transfer(models.Model):
    """A transfer run: a vehicle with its escort and list, from the port to one site (or
    to homes, for home isolation)."""

    port = models.ForeignKey(Port, models.PROTECT, related_name="transfers", verbose_name=_("口岸"))
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", db_index=False, verbose_name=_("区域")
    )
    destination = models.CharField(
        _("去向"), max_length=8, choices=Destination.choices, default=Destination.SITE
    )
    site = models.ForeignKey(
        "quarantine.Site",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_transfers",
        verbose_name=_("目的隔离点"),
    )
    plate = models.CharField(_("车牌号"), max_length=10)
    escort = models.CharField(_("跟车人员"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.LOADING
    )
    departed_at = models.DateTimeField(_("发车时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("清点完成时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("转运")
        verbose_name_plural = _("转运")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["port", "created_at"], name="transfer_port_time")]

    def __str__(self) -> str:
        return f"{self.plate} {self.created_at:%m-%d %H:%M}"


class LoopPerson(models.Model):
    batch = models.ForeignKey(
        HandoverBatch, models.PROTECT, related_name="persons", verbose_name=_("交接批次")
    )
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", db_index=False, verbose_name=_("区域")
    )
    name = models.CharField(_("姓名"), max_length=50)
    document_type = models.CharField(
        _("证件类型"), max_length=20, choices=DocumentType.choices, default=DocumentType.PASSPORT
    )
    document_number = EncryptedTextField(_("证件号码"))
    document_hash = models.CharField(max_length=40, editable=False)
    document_masked = models.CharField(_("证件号码"), max_length=24, editable=False)
    listed = models.BooleanField(_("在交接名单内"), default=True)
    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="loop_entries",
        verbose_name=pgettext_lazy("matched person", "登记人员"),
    )
    registered_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    place = models.CharField(
        _("所在"), max_length=12, choices=LoopPlace.choices, default=LoopPlace.AT_PORT
    )
    destination = models.CharField(_("去向"), max_length=8, choices=Destination.choices, blank=True)
    site = models.ForeignKey(
        "quarantine.Site",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("目的隔离点"),
    )
    proposal_reason = models.CharField(_("建议理由"), max_length=300, blank=True)
    confirmed = models.BooleanField(_("去向已确认"), default=False)
    transfer = models.ForeignKey(
        Transfer,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="persons",
        verbose_name=_("转运车辆"),
    )
    recounted_at = models.DateTimeField(_("到达清点时间"), null=True, blank=True)
    stay = models.OneToOneField(
        "quarantine.Stay",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="loop_entry",
        verbose_name=_("入住记录"),
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["document_masked"])
    scope_path_lookup = "area__path"
    personal_fields = ("document_number", "document_hash")

    class Meta:
        verbose_name = _("闭环人员")
        verbose_name_plural = _("闭环人员")
        ordering = ["batch_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "document_hash"], name="one_loop_entry_per_document"
            ),
            # A person on a vehicle is on a named one; nobody else is on any.
            models.CheckConstraint(
                condition=Q(place=LoopPlace.ON_VEHICLE, transfer__isnull=False)
                | ~Q(place=LoopPlace.ON_VEHICLE),
                name="on_vehicle_names_the_vehicle",
            ),
        ]
        indexes = [
            models.Index(fields=["document_hash"], name="loop_person_document"),
            models.Index(fields=["batch", "place"], name="loop_person_place"),
        ]

    def __str__(self) -> str:
        return self.name + bracketed(self.document_masked)


class DiscrepancyQuerySet(ScopedQuerySet):
    def unresolved(self):
        return self.exclude(alert__status=AlertStatus.CLOSED)


class Discrepancy(models.Model):
    """A difference between a list and a count: raised at once with an alert, which stays
    open in the inbox until someone closes it with what was done."""

    port = models.ForeignKey(
        Port, models.PROTECT, related_name="discrepancies", verbose_name=_("口岸")
    )
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", db_index=False, verbose_name=_("区域")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=DiscrepancyKind.choices)
    batch = models.ForeignKey(
        HandoverBatch, models.PROTECT, null=True, blank=True, related_name="discrepancies"
    )
    transfer = models.ForeignKey(
        Transfer, models.PROTECT, null=True, blank=True, related_name="discrepancies"
    )
    loop_person = models.ForeignKey(
        LoopPerson, models.PROTECT, null=True, blank=True, related_name="discrepancies"
    )
    detail = models.CharField(_("说明"), max_length=300)
    alert = models.ForeignKey("core.Alert", models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("发现时间"), default=timezone.now)

    objects = DiscrepancyQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("差异")
        verbose_name_plural = _("差异")
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["port", "raised_at"], name="discrepancy_port_time")]

    def __str__(self) -> str:
        return self.detail

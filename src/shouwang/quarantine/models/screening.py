"""Mass screening events (seed 000: the Costa Venezia, 6,222 persons screened in one day).

The manifest comes in through the core import framework; every row becomes (or finds) one
person in the people register and one ``ScreeningEntry`` of the event, which carries what
the screening found: the temperature, whether the risk rules flagged him and why, and the
site he was placed in.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from shouwang.core.scoping import ScopedQuerySet
from shouwang.core.text import bracketed
from shouwang.quarantine.choices import EventKind, ManifestRole


class ScreeningEvent(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=EventKind.choices)
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    held_on = models.DateField(_("筛查日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    flagged_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("筛查事件")
        verbose_name_plural = _("筛查事件")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name


class ManifestUpload(models.Model):
    """Ties an upload of the shared import framework to its event."""

    event = models.ForeignKey(ScreeningEvent, models.CASCADE, related_name="uploads")
    job = models.OneToOneField("core.ImportJob", models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("名单上传")
        verbose_name_plural = _("名单上传")

    def __str__(self) -> str:
        return f"{self.event_id}:{self.job_id}"


class ScreeningEntry(models.Model):
    event = models.ForeignKey(
        ScreeningEvent, models.CASCADE, related_name="entries", verbose_name=_("筛查事件")
    )
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", db_index=False, verbose_name=_("区域")
    )
    person = models.ForeignKey(
        "people.Person",
        models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=pgettext_lazy("one", "人员"),
    )
    row = models.PositiveIntegerField(_("名单行号"))
    name = models.CharField(_("姓名"), max_length=50)
    document_masked = models.CharField(_("证件号码"), max_length=24)
    nationality = models.CharField(_("国籍"), max_length=3, default="CHN")
    group = models.CharField(_("舱位/分组"), max_length=30, blank=True)
    role = models.CharField(
        _("身份"), max_length=10, choices=ManifestRole.choices, default=ManifestRole.PASSENGER
    )
    home_region = models.CharField(_("常住地"), max_length=100, blank=True)
    home_region_code = models.CharField(_("常住地区划代码"), max_length=6, blank=True)
    travel_history = models.CharField(_("旅行史"), max_length=200, blank=True)
    residence_history = models.CharField(_("居住史"), max_length=200, blank=True)
    contact_history = models.CharField(_("接触史"), max_length=200, blank=True)
    temperature = models.DecimalField(
        _("体温"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    flagged = models.BooleanField(_("研判为重点人员"), default=False)
    reasons = models.TextField(_("研判理由"), blank=True)
    stay = models.OneToOneField(
        "quarantine.Stay",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="screening_entry",
        verbose_name=_("安置"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("筛查名单")
        verbose_name_plural = _("筛查名单")
        ordering = ["event_id", "row"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_entry_per_person")
        ]
        indexes = [models.Index(fields=["event", "flagged"], name="screening_event_flagged")]

    def __str__(self) -> str:
        return self.name + bracketed(self.document_masked)

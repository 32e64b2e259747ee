from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shouwang.core.choices import AreaLevel, DocumentType
from shouwang.core.fields import EncryptedTextField
from shouwang.core.scoping import ScopedQuerySet
from shouwang.core.text import bracketed
from shouwang.people.choices import DeclarationStatus


class SelfDeclarationQuerySet(ScopedQuerySet):
    pass


class SelfDeclaration(models.Model):
    """A returnee's own declaration from the community's QR code, waiting for the grid
    worker of the building to review it. Nothing here is a Person until accepted."""

    client_uuid = models.UUIDField(_("提交编号"), unique=True)
    community = models.ForeignKey(
        "core.Area",
        models.PROTECT,
        related_name="+",
        limit_choices_to={"level": AreaLevel.COMMUNITY},
        verbose_name=_("社区"),
    )
    #: The building declared (so the building's grid worker reviews it), or the community.
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", verbose_name=_("所属区域")
    )
    name = models.CharField(_("姓名"), max_length=50)
    document_type = models.CharField(
        _("证件类型"), max_length=20, choices=DocumentType.choices, default=DocumentType.RESIDENT_ID
    )
    document_number = EncryptedTextField(_("证件号码"))
    document_masked = models.CharField(_("证件号码"), max_length=24, editable=False)
    phone = EncryptedTextField(_("联系电话"))
    phone_masked = models.CharField(_("联系电话"), max_length=20, editable=False)
    room = models.CharField(_("房号"), max_length=20, blank=True)
    address = models.CharField(_("详细地址"), max_length=200, blank=True)
    origin = models.CharField(_("从何地来"), max_length=100)
    origin_code = models.CharField(_("来源地区划代码"), max_length=6, blank=True)
    arrival_date = models.DateField(_("抵达日期"))
    travel_history = models.TextField(_("14天内旅居史"), blank=True)
    symptoms = models.CharField(_("症状"), max_length=200, blank=True)
    temperature = models.DecimalField(
        _("体温"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    consent_health = models.BooleanField(_("同意处理健康信息"))
    consent_location = models.BooleanField(_("同意处理行踪信息"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.PENDING,
    )
    person = models.ForeignKey(
        "people.Person", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("申报时间"), auto_now_add=True)

    objects = SelfDeclarationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["document_masked", "phone_masked"])
    scope_path_lookup = "area__path"
    personal_fields = ("document_number", "phone")

    class Meta:
        verbose_name = _("自主申报")
        verbose_name_plural = _("自主申报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name + bracketed(self.document_masked)


class DeclarationAttempt(models.Model):
    """One submission of the public form by a client address (a keyed hash, never the
    address itself): counted per window to rate-limit across every worker process."""

    client_hash = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["client_hash", "created_at"], name="attempt_client")]

    def __str__(self) -> str:
        return f"{self.client_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shouwang.core.choices import DocumentType
from shouwang.core.fields import EncryptedTextField
from shouwang.core.text import bracketed
from shouwang.enterprises.choices import TripKind
from shouwang.enterprises.models.enterprises import EnterpriseScopedQuerySet
from shouwang.people.choices import Measure


class ReturnTripQuerySet(EnterpriseScopedQuerySet):
    enterprise_lookup = None  # organised by the district or a street; officers only


class ReturnTrip(models.Model):
    """A free return train or a chartered bus bringing workers back (返岗专列、点对点包车).
    Its list is the employees who travel on it; the enterprises collecting them are
    those employees' enterprises."""

    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", verbose_name=_("组织区域")
    )
    kind = models.CharField(_("类型"), max_length=16, choices=TripKind.choices)
    code = models.CharField(_("车次或车牌"), max_length=40)
    origin = models.CharField(_("始发地"), max_length=100)
    arrival_date = models.DateField(_("抵达日期"))
    note = models.CharField(_("备注"), max_length=300, blank=True)

    objects = ReturnTripQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("返岗车次")
        ordering = ["arrival_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "arrival_date"], name="unique_trip_code_day")
        ]

    def __str__(self) -> str:
        return self.code + bracketed(f"{self.origin} {self.arrival_date:%m-%d}")


class EmployeeQuerySet(EnterpriseScopedQuerySet):
    pass


class Employee(models.Model):
    """A worker on an enterprise's list. One whose history puts him under a measure is
    linked to his record in the people register (``person``), never copied."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="staff", verbose_name=_("企业")
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = enterprise.area
    name = models.CharField(_("姓名"), max_length=50)
    document_type = models.CharField(
        _("证件类型"), max_length=20, choices=DocumentType.choices, default=DocumentType.RESIDENT_ID
    )
    document_number = EncryptedTextField(_("证件号码"))
    document_hash = models.CharField(max_length=40, editable=False)
    document_masked = models.CharField(_("证件号码"), max_length=24, editable=False)
    phone = EncryptedTextField(_("联系电话"), blank=True)
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    origin = models.CharField(_("出发地"), max_length=100, blank=True)
    origin_region_code = models.CharField(_("出发地区划代码"), max_length=6, blank=True)
    arrival_date = models.DateField(_("返岗抵达日期"), null=True, blank=True)
    measure = models.CharField(
        _("管控措施"), max_length=24, choices=Measure.choices, default=Measure.NONE
    )
    person = models.ForeignKey(
        "people.Person",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("人员登记记录"),
    )
    return_trip = models.ForeignKey(
        ReturnTrip,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="passengers",
        verbose_name=_("返岗车次"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EmployeeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["document_masked", "phone_masked", "updated_at"])
    scope_path_lookup = "area__path"
    personal_fields = ("document_number", "document_hash", "phone")

    class Meta:
        verbose_name = verbose_name_plural = _("企业员工")
        ordering = ["enterprise", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "document_hash"], name="unique_employee_document"
            )
        ]

    def __str__(self) -> str:
        return self.name + bracketed(self.document_masked)

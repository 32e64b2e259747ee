from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shouwang.core.fields import EncryptedTextField
from shouwang.enterprises.choices import FilingStatus
from shouwang.enterprises.models.enterprises import EnterpriseScopedQuerySet


class DistrictSettingsQuerySet(EnterpriseScopedQuerySet):
    enterprise_lookup = None  # district settings: officers only


class Checklist(models.Model):
    """A district's resumption checklist (Nanshan's "four in place" in 13 items, Yuanshan's
    "ten measures"): data the district edits, never code."""

    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", verbose_name=_("制定区域")
    )
    name = models.CharField(_("名称"), max_length=100)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DistrictSettingsQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("复工检查清单")
        ordering = ["area__path", "name"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"))
    group = models.CharField(_("分组"), max_length=40, blank=True)
    text = models.CharField(_("内容"), max_length=300)

    class Meta:
        verbose_name = verbose_name_plural = _("清单条目")
        ordering = ["checklist", "position"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "position"], name="unique_item_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


DEFAULT_COMMITMENT = (
    "本企业承诺：已按所在辖区复工复产防控要求落实各项措施，所报员工人数、来自风险地区及"
    "隔离人员情况真实准确；复工后落实每日健康监测和健康联络员制度，发现发热等异常情况立即"
    "报告属地街道和社区，并按应急处置预案处置。如有虚报瞒报，愿承担相应法律责任。"
)


class ResumptionPolicy(models.Model):
    """How an area (a district, or a street with its own rules) runs resumption filing.
    A filing follows the nearest policy above its enterprise."""

    area = models.OneToOneField(
        "core.Area", models.PROTECT, related_name="resumption_policy", verbose_name=_("区域")
    )
    notice_days = models.PositiveSmallIntegerField(
        _("提前报备天数"), default=5, help_text=_("计划复工日期至少在报备后的天数")
    )
    review_required = models.BooleanField(
        _("需街道审核"), default=True, help_text=_("不勾选：承诺制，报备即受理")
    )
    review_days = models.PositiveSmallIntegerField(
        _("审核时限（天）"), default=2, help_text=_("超过此天数未审核即为逾期")
    )
    checklist = models.ForeignKey(
        Checklist,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("检查清单"),
    )
    commitment_text = models.TextField(_("承诺书文本"), default=DEFAULT_COMMITMENT)
    commitment_version = models.CharField(_("承诺书版本"), max_length=40, default="1")

    objects = DistrictSettingsQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("复工报备规则")

    def __str__(self) -> str:
        return str(self.area)


class ResumptionFilingQuerySet(EnterpriseScopedQuerySet):
    pass


class ResumptionFiling(models.Model):
    """An enterprise's resumption filing under commitment (复工报备承诺)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="filings", verbose_name=_("企业")
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = enterprise.area
    status = models.CharField(
        _("状态"), max_length=12, choices=FilingStatus.choices, default=FilingStatus.DRAFT
    )
    planned_date = models.DateField(_("计划复工日期"), null=True, blank=True)
    employees_total = models.PositiveIntegerField(_("员工总数"), default=0)
    employees_returning = models.PositiveIntegerField(_("返岗人数"), default=0)
    employees_from_risk_areas = models.PositiveIntegerField(_("来自风险地区人数"), default=0)
    employees_in_isolation = models.PositiveIntegerField(_("正在隔离人数"), default=0)
    liaison_name = models.CharField(_("健康联络员"), max_length=50, blank=True)
    liaison_phone = EncryptedTextField(_("联络员电话"), blank=True)
    liaison_phone_masked = models.CharField(
        _("联络员电话"), max_length=20, blank=True, editable=False
    )
    checklist_name = models.CharField(_("检查清单"), max_length=100, blank=True)
    #: What was committed to, item by item, as the text read then: [{"position", "group",
    #: "text", "answer"}]. A later edit of the district's checklist does not change it.
    checklist_answers = models.JSONField(_("清单落实情况"), default=list, blank=True)
    emergency_plan = models.FileField(
        _("应急处置预案"), upload_to="enterprises/plans/%Y/%m/", blank=True
    )
    signature = models.ForeignKey(
        "core.Signature", models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("报备时间"), null=True, blank=True)
    review_due_on = models.DateField(_("审核期限"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_reason = models.TextField(_("退回理由"), blank=True)
    accepted_on_filing = models.BooleanField(_("报备即受理"), default=False)
    resumed_on = models.DateField(_("实际复工日期"), null=True, blank=True)
    suspended_reason = models.TextField(_("停工原因"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ResumptionFilingQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["liaison_phone_masked", "updated_at"])
    scope_path_lookup = "area__path"
    personal_fields = ("liaison_phone",)

    class Meta:
        verbose_name = verbose_name_plural = _("复工报备")
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["status", "review_due_on"], name="filing_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_status_display()}"

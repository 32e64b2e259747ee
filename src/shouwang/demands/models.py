"""Enterprise demands (诉求): what an enterprise needs, who handles it, by when, and how
it ended."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shouwang.core.fields import EncryptedTextField
from shouwang.core.scoping import ScopedQuerySet
from shouwang.demands.choices import (
    OPEN_STATUSES,
    DemandCategory,
    DemandSource,
    DemandStatus,
    Department,
    EventKind,
    FeedbackChannel,
)
from shouwang.enterprises.models.enterprises import EnterpriseScopedQuerySet

DEFAULT_RESPOND_HOURS, DEFAULT_PLAN_HOURS, DEFAULT_CLOSE_HOURS = 1, 48, 96


class DemandSettingsQuerySet(ScopedQuerySet):
    pass


class DemandSettings(models.Model):
    """Routing and time limits for the demands of an area (a district or a street); the
    nearest settings at or above a demand's area apply, the defaults where none is set."""

    area = models.OneToOneField(
        "core.Area", models.PROTECT, related_name="+", verbose_name=_("区域")
    )
    respond_hours = models.PositiveIntegerField(
        _("受理时限（小时）"), default=DEFAULT_RESPOND_HOURS
    )
    plan_hours = models.PositiveIntegerField(_("方案时限（小时）"), default=DEFAULT_PLAN_HOURS)
    close_hours = models.PositiveIntegerField(_("办结时限（小时）"), default=DEFAULT_CLOSE_HOURS)
    #: category -> department; a category not listed goes where the defaults send it.
    routes = models.JSONField(_("分拨规则"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DemandSettingsQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("诉求办理规则")

    def __str__(self) -> str:
        return str(self.area)


class DemandQuerySet(EnterpriseScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Demand(models.Model):
    # Filled right after the insert from the primary key; NULL (not "") until then, so two
    # inserts never collide on the unique index.
    reference = models.CharField(_("诉求编号"), max_length=20, unique=True, null=True, blank=True)
    #: The submitting client's UUID (the public form, the API): a retry is not a second one.
    client_uuid = models.UUIDField(_("提交编号"), unique=True, null=True, blank=True)
    #: The secret of the tracking link given to whoever submitted it.
    tracking_token = models.CharField(max_length=40, unique=True, editable=False)
    source = models.CharField(_("来源"), max_length=10, choices=DemandSource.choices)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("企业"),
    )
    enterprise_name = models.CharField(_("企业名称"), max_length=120)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    street = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", verbose_name=_("所属街道")
    )
    category = models.CharField(_("类别"), max_length=12, choices=DemandCategory.choices)
    description = models.TextField(_("诉求内容"))
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = EncryptedTextField(_("联系电话"), blank=True)
    contact_phone_hash = models.CharField(max_length=40, blank=True, editable=False)
    contact_phone_masked = models.CharField(
        _("联系电话"), max_length=20, blank=True, editable=False
    )
    department = models.CharField(_("承办单位"), max_length=20, choices=Department.choices)
    #: Where the handler sits: the district for a department, the street for the street.
    handler_area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=12, choices=DemandStatus.choices, default=DemandStatus.NEW
    )
    respond_due_at = models.DateTimeField(_("受理期限"))
    plan_due_at = models.DateTimeField(_("方案期限"))
    close_due_at = models.DateTimeField(_("办结期限"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    plan = models.TextField(_("办理方案"), blank=True)
    planned_at = models.DateTimeField(_("方案时间"), null=True, blank=True)
    resolution = models.TextField(_("办理结果"), blank=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)
    rating = models.PositiveSmallIntegerField(_("满意度评分"), null=True, blank=True)
    feedback = models.CharField(_("企业评价"), max_length=500, blank=True)
    feedback_channel = models.CharField(
        _("评价方式"), max_length=16, choices=FeedbackChannel.choices, blank=True
    )
    visit_problem = models.OneToOneField(
        "enterprises.VisitProblem",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="demand",
        verbose_name=_("走访发现的问题"),
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)

    objects = DemandQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["contact_phone_masked", "tracking_token"])
    scope_path_lookup = "area__path"
    personal_fields = ("contact_phone", "contact_phone_hash")

    class Meta:
        verbose_name = verbose_name_plural = _("企业诉求")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "department"], name="demand_status_department"),
            models.Index(fields=["street", "status"], name="demand_street_status"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.enterprise_name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DemandEventQuerySet(EnterpriseScopedQuerySet):
    pass


class DemandEvent(models.Model):
    """One step of a demand's handling, as the enterprise and the board read it."""

    demand = models.ForeignKey(Demand, models.CASCADE, related_name="events")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.PROTECT, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = demand.area
    kind = models.CharField(_("事项"), max_length=12, choices=EventKind.choices)
    note = models.TextField(_("说明"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)

    objects = DemandEventQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.demand_id} {self.kind}"


class DemandAttachmentQuerySet(EnterpriseScopedQuerySet):
    pass


class DemandAttachment(models.Model):
    demand = models.ForeignKey(Demand, models.CASCADE, related_name="attachments")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.PROTECT, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = demand.area
    file = models.FileField(_("附件"), upload_to="demands/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    objects = DemandAttachmentQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("诉求附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

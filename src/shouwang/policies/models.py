"""The relief catalogue, the enterprises' supplementary figures, the proactive matches and
the ledger of relief granted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from shouwang.core.scoping import ScopedQuerySet
from shouwang.enterprises.choices import LandlordKind
from shouwang.enterprises.models.enterprises import MONEY, EnterpriseScopedQuerySet
from shouwang.policies.choices import ReliefKind, RunStatus, WindowState

# --- the catalogue ------------------------------------------------------------------------


class PolicyPackageQuerySet(ScopedQuerySet):
    pass


class PolicyPackage(models.Model):
    """A package of relief measures as issued (惠企16条, 暖企12条 ...)."""

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("政策名称"), max_length=100)
    issuer = models.CharField(_("发文机关"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    summary = models.TextField(_("概述"), blank=True)
    #: The district (or street) that maintains it: who may edit it.
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    is_active = models.BooleanField(_("有效"), default=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PolicyPackageQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("政策文件")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class PolicyItemQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True, package__is_active=True)


class PolicyItem(models.Model):
    """One relief measure: its article, dates, documents, and the eligibility conditions
    and amount formula as data (see ``policies.rules``)."""

    package = models.ForeignKey(
        PolicyPackage, models.PROTECT, related_name="items", verbose_name=_("政策文件")
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = package.area
    code = models.SlugField(_("编码"), max_length=60, unique=True)
    title = models.CharField(_("事项名称"), max_length=200)
    article = models.TextField(_("政策条款"))
    relief_kind = models.CharField(_("扶持类型"), max_length=20, choices=ReliefKind.choices)
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    apply_from = models.DateField(_("申报开始"), null=True, blank=True)
    apply_to = models.DateField(_("申报截止"), null=True, blank=True)
    department = models.CharField(_("受理部门"), max_length=100, blank=True)
    where_to_apply = models.CharField(_("申报渠道"), max_length=300, blank=True)
    documents = models.JSONField(_("申报材料"), default=list, blank=True)
    conditions = models.JSONField(_("申请条件"), default=list, blank=True)
    formula = models.JSONField(_("金额公式"), default=dict)
    position = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PolicyItemQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("政策事项")
        ordering = ["package__position", "package__code", "position", "code"]

    def __str__(self) -> str:
        return self.title

    def window_state(self, on) -> str:
        return window_state(self.apply_from, self.apply_to, on)


def window_state(apply_from, apply_to, on) -> str:
    if apply_from is not None and on < apply_from:
        return WindowState.NOT_YET
    if apply_to is not None and on > apply_to:
        return WindowState.CLOSED
    return WindowState.OPEN


# --- what the register lacks ---------------------------------------------------------------


class EnterpriseFiguresQuerySet(EnterpriseScopedQuerySet):
    pass


class EnterpriseFigures(models.Model):
    """Figures the relief conditions need and the register does not hold, given by the
    enterprise on the calculator page (or by its street): the proactive matching uses them."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", models.CASCADE, related_name="relief_figures"
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = enterprise.area
    revenue_drop_percent = models.DecimalField(
        _("营业收入降幅（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    monthly_rent = models.DecimalField(_("月租金（元）"), null=True, blank=True, **MONEY)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = EnterpriseFiguresQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("企业补充信息")

    def __str__(self) -> str:
        return str(self.enterprise_id)


# --- proactive matching (免申即享) ----------------------------------------------------------


class MatchingRunQuerySet(ScopedQuerySet):
    def latest_done(self):
        return self.filter(status=RunStatus.DONE).order_by("-finished_at", "-id").first()


class MatchingRun(models.Model):
    """One pass of every registered enterprise against the catalogue, in the background."""

    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+", verbose_name=_("区域"))
    status = models.CharField(
        _("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=10, default="zh-hans")
    created_at = models.DateTimeField(_("发起时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    total = models.PositiveIntegerField(_("企业数"), default=0)
    done = models.PositiveIntegerField(_("已匹配"), default=0)
    items = models.PositiveIntegerField(_("政策事项数"), default=0)
    entitlements = models.PositiveIntegerField(_("可享事项"), default=0)
    amount = models.DecimalField(_("测算金额（元）"), default=0, **MONEY)
    error = models.TextField(_("错误"), blank=True)

    objects = MatchingRunQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("主动匹配")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.area_id} {self.created_at:%Y-%m-%d %H:%M}"


class EntitlementQuerySet(EnterpriseScopedQuerySet):
    pass


class Entitlement(models.Model):
    """An enterprise the matching found entitled to an item it has not received."""

    run = models.ForeignKey(MatchingRun, models.CASCADE, related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", models.CASCADE, related_name="+")
    item = models.ForeignKey(PolicyItem, models.CASCADE, related_name="+")
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = enterprise.area
    street = models.ForeignKey("core.Area", models.PROTECT, related_name="+")
    amount = models.DecimalField(_("测算金额（元）"), **MONEY)

    objects = EntitlementQuerySet.as_manager()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("可享政策")
        indexes = [
            models.Index(fields=["run", "street", "item"], name="entitlement_street"),
            models.Index(fields=["run", "enterprise"], name="entitlement_enterprise"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.item_id}"


class EntitlementNoticeQuerySet(EnterpriseScopedQuerySet):
    pass


class EntitlementNotice(models.Model):
    """The street told the enterprise it may claim the item (kept across matching runs)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", models.CASCADE, related_name="+")
    item = models.ForeignKey(PolicyItem, models.CASCADE, related_name="+")
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = enterprise.area
    notified_at = models.DateTimeField(_("通知时间"), default=timezone.now)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("通知方式"), max_length=200, blank=True)

    objects = EntitlementNoticeQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("政策告知")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "item"], name="one_notice_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.item_id}"


# --- the ledger ---------------------------------------------------------------------------


class ReliefGrantQuerySet(EnterpriseScopedQuerySet):
    pass


class ReliefGrant(models.Model):
    """Relief actually granted: rent waived by a park or landlord, social insurance
    reduced, a subsidy paid, with the item it rests on."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.PROTECT, related_name="+", verbose_name=_("企业")
    )
    item = models.ForeignKey(
        PolicyItem, models.PROTECT, related_name="grants", verbose_name=_("政策事项")
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = enterprise.area
    street = models.ForeignKey("core.Area", models.PROTECT, related_name="+")
    relief_kind = models.CharField(_("扶持类型"), max_length=20, choices=ReliefKind.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    granted_on = models.DateField(_("兑现日期"))
    landlord_kind = models.CharField(
        _("业主类型"), max_length=16, choices=LandlordKind.choices, blank=True
    )
    landlord_name = models.CharField(_("业主或园区"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = ReliefGrantQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = verbose_name_plural = _("惠企兑现台账")
        ordering = ["-granted_on", "-id"]
        indexes = [
            models.Index(fields=["street", "granted_on"], name="grant_street_day"),
            models.Index(fields=["enterprise", "item"], name="grant_enterprise_item"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.item_id} · {self.amount}"

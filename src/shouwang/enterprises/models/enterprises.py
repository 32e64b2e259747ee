from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from shouwang.core.choices import Role
from shouwang.core.fields import EncryptedTextField
from shouwang.core.roles import VIEW, roles_granting
from shouwang.core.scoping import ScopedQuerySet, role_paths, subtree_q
from shouwang.enterprises.choices import (
    KeyProjectLevel,
    LandlordKind,
    ResumptionState,
    ScaleCategory,
    SizeClass,
)
from shouwang.enterprises.industries import division_choices, section_choices

MONEY = {"max_digits": 16, "decimal_places": 2}


def officer_paths(user, permission: str) -> list[str] | None:
    """The area paths where the user holds ``permission`` through a role other than
    enterprise user; ``None`` for a superuser (everywhere)."""
    roles = role_paths(user)
    if roles is None:
        return None
    granting = set(roles_granting(permission))
    return sorted(
        {path for role, path in roles if role in granting and role != Role.ENTERPRISE_USER}
    )


def acts_for_enterprises(user, permission: str) -> bool:
    """Whether the user holds ``permission`` as an enterprise user (over his memberships)."""
    roles = role_paths(user) or []
    return Role.ENTERPRISE_USER in roles_granting(permission) and any(
        role == Role.ENTERPRISE_USER for role, _path in roles
    )


class EnterpriseScopedQuerySet(ScopedQuerySet):
    """Scoping of every enterprise record, in one place.

    Officers see the records in the subtrees where a role of theirs grants the
    permission, by ``Area.path`` as everywhere else. An enterprise user's assignment area
    gives him nothing: he sees the records of the enterprises he is a member of, and only
    for permissions his role grants. ``enterprise_lookup`` names the path from the record
    to its enterprise; ``None`` keeps a model (district settings, return trips) for
    officers alone.
    """

    enterprise_lookup: str | None = "enterprise"

    def visible_to(self, user, permission: str = VIEW):
        area_paths = officer_paths(user, permission)
        if area_paths is None:
            return self
        condition = subtree_q(self.model.scope_path_lookup, area_paths)
        if self.enterprise_lookup and acts_for_enterprises(user, permission):
            member_of = EnterpriseMembership.objects.filter(user=user).values("enterprise_id")
            condition |= Q(**{f"{self.enterprise_lookup}__in": member_of})
        return self.filter(condition)


class EnterpriseQuerySet(EnterpriseScopedQuerySet):
    enterprise_lookup = "pk"

    def resumed(self):
        return self.filter(resumption_state=ResumptionState.RESUMED)


class Enterprise(models.Model):
    """One enterprise of the register: its profile (what the relief calculator matches on)
    and where it stands on the way back to work."""

    name = models.CharField(_("企业名称"), max_length=120)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    area = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="enterprises", verbose_name=_("所属区域")
    )
    # The street (or town) above ``area``: what the dashboard groups by, without a join.
    street = models.ForeignKey(
        "core.Area", models.PROTECT, related_name="+", verbose_name=_("所属街道")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    industry_section = models.CharField(
        _("行业门类"), max_length=1, choices=section_choices(), editable=False
    )
    industry_division = models.CharField(_("行业大类"), max_length=2, choices=division_choices())
    scale = models.CharField(
        _("统计规模"), max_length=24, choices=ScaleCategory.choices, editable=False
    )
    size_class = models.CharField(
        _("企业规模"), max_length=8, choices=SizeClass.choices, editable=False
    )
    employees = models.PositiveIntegerField(_("从业人数"), default=0)
    revenue_last_year = models.DecimalField(_("上年营业收入（元）"), default=0, **MONEY)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), blank=True)
    contact_phone_hash = models.CharField(max_length=40, blank=True, editable=False)
    contact_phone_masked = models.CharField(
        _("联系电话"), max_length=20, blank=True, editable=False
    )
    park = models.CharField(_("所在园区"), max_length=100, blank=True)
    landlord_kind = models.CharField(
        _("业主类型"), max_length=16, choices=LandlordKind.choices, blank=True
    )
    is_key_project = models.BooleanField(_("重点项目"), default=False)
    key_project_name = models.CharField(_("重点项目名称"), max_length=120, blank=True)
    key_project_level = models.CharField(
        _("重点项目级别"), max_length=8, choices=KeyProjectLevel.choices, blank=True
    )
    total_investment = models.DecimalField(_("项目总投资（元）"), null=True, blank=True, **MONEY)
    planned_investment_this_year = models.DecimalField(
        _("年度计划投资（元）"), null=True, blank=True, **MONEY
    )
    social_insurance_base = models.DecimalField(
        _("社保缴费基数（元/月）"), null=True, blank=True, **MONEY
    )
    insured_headcount = models.PositiveIntegerField(_("参保人数"), null=True, blank=True)
    resumption_state = models.CharField(
        _("复工状态"),
        max_length=12,
        choices=ResumptionState.choices,
        default=ResumptionState.NOT_FILED,
        editable=False,
    )
    resumed_on = models.DateField(_("复工日期"), null=True, blank=True, editable=False)
    #: The day it was last stopped again; it counts as resumed only after a later resumed_on.
    suspended_on = models.DateField(_("停工日期"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = EnterpriseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["contact_phone_masked"])
    scope_path_lookup = "area__path"
    personal_fields = ("contact_phone", "contact_phone_hash")

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = pgettext_lazy("many", "企业")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["street", "scale", "resumption_state"], name="enterprise_board"),
            models.Index(fields=["resumed_on"], name="enterprise_resumed_on"),
            models.Index(fields=["area", "name"], name="enterprise_area_name"),
            # The register lists by name: the first page reads 50 index entries, not 48,000.
            models.Index(fields=["name", "id"], name="enterprise_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def resumed_by(day) -> Q:
        """Resumed at the end of ``day``: resumed by then and not stopped again since."""
        stopped = Q(suspended_on__isnull=False, suspended_on__gte=F("resumed_on"))
        return Q(resumed_on__lte=day) & ~(stopped & Q(suspended_on__lte=day))

    @property
    def is_above_scale(self) -> bool:
        return self.scale != ScaleCategory.BELOW_SCALE


class EnterpriseMembershipQuerySet(EnterpriseScopedQuerySet):
    pass


class EnterpriseMembership(models.Model):
    """An enterprise user acts for this enterprise: files, uploads lists, sees its records."""

    user = models.ForeignKey(
        "core.User", models.CASCADE, related_name="enterprise_memberships", verbose_name=_("用户")
    )
    enterprise = models.ForeignKey(
        Enterprise, models.CASCADE, related_name="memberships", verbose_name=_("企业")
    )
    area = models.ForeignKey("core.Area", models.PROTECT, related_name="+")  # = enterprise.area
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = EnterpriseMembershipQuerySet.as_manager()
    history = HistoricalRecords()
    scope_path_lookup = "area__path"

    class Meta:
        verbose_name = _("企业账号")
        verbose_name_plural = pgettext_lazy("many", "企业账号")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.enterprise}"

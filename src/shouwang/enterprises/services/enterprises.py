"""The enterprise register: create and update an enterprise, link enterprise users."""

from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as NumberError

from shouwang.core import pii
from shouwang.core.choices import AreaLevel, Role
from shouwang.core.errors import field_error
from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_SERVE, ENTERPRISE_VIEW, REVEAL
from shouwang.core.scoping import ensure_visible, get_visible_or_404
from shouwang.core.services.reveal import reveal_sealed
from shouwang.enterprises.choices import KeyProjectLevel, LandlordKind
from shouwang.enterprises.industries import DIVISIONS, section_of
from shouwang.enterprises.models import Enterprise, EnterpriseMembership, ResumptionFiling
from shouwang.enterprises.sizes import scale_category, size_class


def normalise_credit_code(code: str) -> str:
    """The unified social credit code, upper-cased, with its check character verified."""
    try:
        return uscc.validate(code)
    except NumberError:
        raise ValidationError(
            _("统一社会信用代码无效：应为 18 位数字或大写字母，且校验位正确")
        ) from None


def street_of(area: Area) -> Area:
    """The street or town an area lies in: the tree's second level."""
    if area.level == AreaLevel.DISTRICT:
        raise field_error("area", _("企业应登记在街道、社区或网格"))
    if area.level == AreaLevel.STREET:
        return area
    parts = area.path.split(".")
    return Area.objects.get(path=".".join(parts[:2]))


@dataclass
class EnterpriseProfile:
    """What the register holds about an enterprise besides its name, code and area."""

    industry_division: str
    employees: int = 0
    revenue_last_year: Decimal = Decimal(0)
    address: str = ""
    legal_representative: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    park: str = ""
    landlord_kind: str = ""
    is_key_project: bool = False
    key_project_name: str = ""
    key_project_level: str = ""
    total_investment: Decimal | None = None
    planned_investment_this_year: Decimal | None = None
    social_insurance_base: Decimal | None = None
    insured_headcount: int | None = None

    def check(self) -> None:
        """Raise a ValidationError naming the field of the first bad value."""
        if self.industry_division not in DIVISIONS:
            raise field_error("industry_division", _("未知的行业大类代码"))
        if self.employees < 0:
            raise field_error("employees", _("不能为负数"))
        if self.revenue_last_year < 0:
            raise field_error("revenue_last_year", _("不能为负数"))
        if self.landlord_kind and self.landlord_kind not in LandlordKind.values:
            raise field_error("landlord_kind", _("未知的业主类型"))
        if self.key_project_level and self.key_project_level not in KeyProjectLevel.values:
            raise field_error("key_project_level", _("未知的重点项目级别"))
        if self.is_key_project and not self.key_project_name.strip():
            raise field_error("key_project_name", _("重点项目须填写项目名称"))
        for name in ("total_investment", "planned_investment_this_year", "social_insurance_base"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise field_error(name, _("不能为负数"))
        if (
            self.total_investment is not None
            and self.planned_investment_this_year is not None
            and self.planned_investment_this_year > self.total_investment
        ):
            raise field_error("planned_investment_this_year", _("年度计划投资不能超过项目总投资"))

    def sealed_phone(self) -> tuple[str, str, str]:
        """(sealed value for the encrypted column, keyed hash, mask)."""
        if not self.contact_phone:
            return "", "", ""
        try:
            phone = pii.validate_phone(self.contact_phone)
        except ValidationError as error:
            raise field_error("contact_phone", error.messages[0]) from None
        return phone, pii.phone_hash(phone), pii.mask_phone(phone)


def apply_profile(enterprise: Enterprise, profile: EnterpriseProfile) -> None:
    """Copy a checked profile onto the row with the classes derived from it."""
    phone, phone_hash, phone_masked = profile.sealed_phone()
    # Shallow: asdict() deep-copies every Decimal, the slowest part of a bulk load.
    values = {field.name: getattr(profile, field.name) for field in fields(profile)}
    values.update(
        contact_phone=phone,
        contact_phone_hash=phone_hash,
        contact_phone_masked=phone_masked,
        industry_section=section_of(profile.industry_division),
        scale=scale_category(profile.industry_division, profile.revenue_last_year),
        size_class=size_class(
            profile.industry_division, profile.employees, profile.revenue_last_year
        ),
    )
    for name, value in values.items():
        setattr(enterprise, name, value)


def _check_name(name: str) -> str:
    if not name.strip():
        raise field_error("name", _("企业名称不能为空"))
    return name.strip()


def enterprise_create(
    *, name: str, credit_code: str, area: Area, profile: EnterpriseProfile, by
) -> Enterprise:
    try:
        code = normalise_credit_code(credit_code)
    except ValidationError as error:
        raise field_error("credit_code", error.messages[0]) from None
    profile.check()
    with transaction.atomic():
        if Enterprise.objects.filter(credit_code=code).exists():
            raise field_error("credit_code", _("该统一社会信用代码已登记"))
        enterprise = Enterprise(name=_check_name(name), credit_code=code, area=area)
        enterprise.street = street_of(area)
        apply_profile(enterprise, profile)
        enterprise._history_user = by
        enterprise.save()
        ensure_visible(by, enterprise, ENTERPRISE_SERVE)
    return enterprise


def enterprise_update(
    *, enterprise: Enterprise, name: str, area: Area, profile: EnterpriseProfile, by
) -> Enterprise:
    profile.check()
    with transaction.atomic():
        ensure_visible(by, enterprise, ENTERPRISE_SERVE)
        enterprise.name = _check_name(name)
        enterprise.area, enterprise.street = area, street_of(area)
        apply_profile(enterprise, profile)
        enterprise._history_user = by
        enterprise.save()
        ensure_visible(by, enterprise, ENTERPRISE_SERVE)
        # The records hanging on the enterprise follow it to its new area.
        for related in ("filings", "staff", "visits", "visit_problems", "memberships"):
            getattr(enterprise, related).update(area=area)
    return enterprise


def membership_add(*, user, enterprise: Enterprise, by) -> EnterpriseMembership:
    """Let an enterprise user act for this enterprise."""
    if not user.assignments.filter(role=Role.ENTERPRISE_USER).exists():
        raise field_error("user", _("该账号不是企业用户"))
    with transaction.atomic():
        ensure_visible(by, enterprise, ENTERPRISE_SERVE)
        membership, _created = EnterpriseMembership.objects.get_or_create(
            user=user, enterprise=enterprise, defaults={"area": enterprise.area}
        )
    return membership


def membership_remove(*, membership: EnterpriseMembership, by) -> None:
    with transaction.atomic():
        ensure_visible(by, membership, ENTERPRISE_SERVE)
        membership._history_user = by
        membership.delete()


#: The sealed phones an officer may see in full, by kind: the model and its field.
REVEALABLE_PHONES = {
    "enterprise": (Enterprise, "contact_phone"),
    "filing": (ResumptionFiling, "liaison_phone"),
}


def phone_reveal(*, kind: str, pk: int, reason: str, by, request=None) -> str:
    """An enterprise's contact phone or a filing's health liaison's, in full, for an
    officer who may reveal over it (not an enterprise user), logged."""
    model, field = REVEALABLE_PHONES[kind]
    record = get_visible_or_404(model.objects, by, REVEAL, pk=pk)
    return reveal_sealed(
        instance=record,
        field=field,
        reason=reason,
        by=by,
        permissions=(ENTERPRISE_VIEW, REVEAL),
        request=request,
    )

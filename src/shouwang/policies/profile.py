"""The enterprise profile the calculator matches on, and the fields conditions may name.

A profile is what an enterprise says about itself on the calculator page (or what the
register and its supplementary figures hold): industry, employees, revenue and how much it
fell, the street, the landlord and the rent, the social-insurance base and headcount, the
key-project flag. Size class, statistical scale and industry section are derived from it
with the register's own rules (``enterprises.sizes``), never typed in.

A value not given is ``None`` (numbers) or ``""`` (codes): a condition on it fails with
"not given", so an item never matches on a guess.
"""

from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from shouwang.enterprises.choices import KeyProjectLevel, LandlordKind, ScaleCategory, SizeClass
from shouwang.enterprises.industries import DIVISIONS, SECTIONS, section_of
from shouwang.enterprises.sizes import scale_category, size_class

# What kind of value a field holds: which comparisons it allows and how it reads.
CHOICE, AREA, COUNT, MONEY, PERCENT, FLAG = "choice", "area", "count", "money", "percent", "flag"


@dataclass(frozen=True)
class ProfileField:
    name: str
    label: str | Promise
    kind: str
    #: For choice fields: the stored codes and their labels.
    choices: Callable[[], dict[str, str]] | None = None

    def choice_label(self, code: str) -> str:
        return str((self.choices() if self.choices else {}).get(code, code))


def _labels(choices_class) -> Callable[[], dict[str, str]]:
    return lambda: dict(choices_class.choices)


# A field's name as the explanations say it mid-sentence has its own context, so the
# English reads "revenue drop 12 % < 30 % required", not a form label's "Revenue drop".
FIELDS: dict[str, ProfileField] = {
    field.name: field
    for field in (
        ProfileField(
            "industry_section", pgettext_lazy("profile field", "行业门类"), CHOICE, lambda: SECTIONS
        ),
        ProfileField(
            "industry_division",
            pgettext_lazy("profile field", "行业大类"),
            CHOICE,
            lambda: DIVISIONS,
        ),
        ProfileField(
            "size_class", pgettext_lazy("profile field", "企业规模"), CHOICE, _labels(SizeClass)
        ),
        ProfileField(
            "scale", pgettext_lazy("profile field", "统计规模"), CHOICE, _labels(ScaleCategory)
        ),
        ProfileField("street", pgettext_lazy("profile field", "所在街道"), AREA),
        ProfileField("employees", pgettext_lazy("profile field", "从业人数"), COUNT),
        ProfileField("revenue_last_year", pgettext_lazy("profile field", "上年营业收入"), MONEY),
        ProfileField(
            "revenue_drop_percent", pgettext_lazy("profile field", "营业收入降幅"), PERCENT
        ),
        ProfileField(
            "landlord_kind",
            pgettext_lazy("profile field", "业主类型"),
            CHOICE,
            _labels(LandlordKind),
        ),
        ProfileField("monthly_rent", pgettext_lazy("profile field", "月租金"), MONEY),
        ProfileField(
            "social_insurance_base", pgettext_lazy("profile field", "社保缴费基数"), MONEY
        ),
        ProfileField("insured_headcount", pgettext_lazy("profile field", "参保人数"), COUNT),
        ProfileField("is_key_project", pgettext_lazy("profile field", "重点项目"), FLAG),
        ProfileField(
            "key_project_level",
            pgettext_lazy("profile field", "重点项目级别"),
            CHOICE,
            _labels(KeyProjectLevel),
        ),
    )
}
#: Fields a formula may take its base (money) or its headcount (count) from.
MONEY_FIELDS = [name for name, field in FIELDS.items() if field.kind == MONEY]
COUNT_FIELDS = [name for name, field in FIELDS.items() if field.kind == COUNT]


@dataclass
class Profile:
    """What is known about one enterprise. Build it with :meth:`checked`."""

    industry_division: str = ""
    employees: int | None = None
    revenue_last_year: Decimal | None = None
    revenue_drop_percent: Decimal | None = None
    street: str = ""
    landlord_kind: str = ""
    monthly_rent: Decimal | None = None
    social_insurance_base: Decimal | None = None
    insured_headcount: int | None = None
    is_key_project: bool = False
    key_project_level: str = ""
    # derived by checked()
    industry_section: str = ""
    size_class: str = ""
    scale: str = ""

    @classmethod
    def input_names(cls) -> list[str]:
        derived = {"industry_section", "size_class", "scale"}
        return [f.name for f in fields(cls) if f.name not in derived]

    @classmethod
    def checked(cls, *, streets: set[str] | None = None, **values) -> "Profile":
        """A profile from what was entered; a ValidationError naming every impossible
        field (a negative headcount, a revenue drop over 100 %, an unknown code)."""
        profile = cls(**{name: values[name] for name in cls.input_names() if name in values})
        profile._check(streets)
        profile._derive()
        return profile

    def _check(self, streets: set[str] | None) -> None:
        errors: dict[str, list[str]] = {}

        def refuse(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)

        if self.industry_division and self.industry_division not in DIVISIONS:
            refuse("industry_division", _("未知的行业大类代码"))
        for name in ("employees", "insured_headcount"):
            if getattr(self, name) is not None and getattr(self, name) < 0:
                refuse(name, _("人数不能为负数"))
        for name in ("revenue_last_year", "monthly_rent", "social_insurance_base"):
            if getattr(self, name) is not None and getattr(self, name) < 0:
                refuse(name, _("金额不能为负数"))
        drop = self.revenue_drop_percent
        if drop is not None and drop < 0:
            refuse("revenue_drop_percent", _("营业收入降幅不能为负数（营业收入增长的请填 0）"))
        if drop is not None and drop > 100:
            refuse("revenue_drop_percent", _("营业收入降幅不能超过 100 %"))
        if self.landlord_kind and self.landlord_kind not in LandlordKind.values:
            refuse("landlord_kind", _("未知的业主类型"))
        if self.key_project_level and self.key_project_level not in KeyProjectLevel.values:
            refuse("key_project_level", _("未知的重点项目级别"))
        if self.street and streets is not None and self.street not in streets:
            refuse("street", _("未知的街道"))
        if errors:
            raise ValidationError(errors)

    def _derive(self) -> None:
        self.industry_section = section_of(self.industry_division) if self.industry_division else ""
        known = self.employees is not None and self.revenue_last_year is not None
        if self.industry_division and known:
            self.size_class = size_class(
                self.industry_division, self.employees, self.revenue_last_year
            )
            self.scale = scale_category(self.industry_division, self.revenue_last_year)
        else:
            self.size_class = self.scale = ""

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def enterprise_profile(enterprise, figures=None) -> Profile:
    """The profile of a registered enterprise: the register's columns (checked when they
    were written, with size class and scale already derived) and, where the enterprise
    gave them, its supplementary figures (revenue drop, monthly rent)."""
    return Profile(
        industry_division=enterprise.industry_division,
        employees=enterprise.employees,
        revenue_last_year=enterprise.revenue_last_year,
        revenue_drop_percent=figures.revenue_drop_percent if figures else None,
        street=enterprise.street.code,
        landlord_kind=enterprise.landlord_kind,
        monthly_rent=figures.monthly_rent if figures else None,
        social_insurance_base=enterprise.social_insurance_base,
        insured_headcount=enterprise.insured_headcount,
        is_key_project=enterprise.is_key_project,
        key_project_level=enterprise.key_project_level,
        industry_section=enterprise.industry_section,
        size_class=enterprise.size_class,
        scale=enterprise.scale,
    )

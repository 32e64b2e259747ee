"""The enterprise register from xlsx or CSV (the district's 48,000 rows in one file)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import AreaLevel, ChangeAction
from shouwang.core.imports import Column, Importer, ParsedRow, RowError, register
from shouwang.core.models import Area
from shouwang.core.roles import ENTERPRISE_SERVE
from shouwang.enterprises.choices import KeyProjectLevel, LandlordKind
from shouwang.enterprises.industries import DIVISIONS
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.services.enterprises import (
    EnterpriseProfile,
    apply_profile,
    normalise_credit_code,
)

TEN_THOUSAND = Decimal(10_000)
_YES = {"是", "yes", "y", "true", "1", "√"}
_NO = {"否", "no", "n", "false", "0", ""}


def _parse_division(text: str) -> str:
    code = text.strip().upper().lstrip("ABCDEFGHIJKLMNOPQRST") or text
    code = code.zfill(2)[:2] if code.isdigit() else code
    if code not in DIVISIONS:
        raise ValidationError(
            _("未知的行业大类代码（GB/T 4754，两位数字）：%(value)s") % {"value": text}
        )
    return code


def _parse_count(text: str) -> int:
    if not text.isdigit():
        raise ValidationError(_("应为非负整数"))
    return int(text)


def _parse_ten_thousand_yuan(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(_("应为数字（万元）")) from None
    if value < 0:
        raise ValidationError(_("不能为负数"))
    return value * TEN_THOUSAND


def _parse_yuan(text: str) -> Decimal:
    return _parse_ten_thousand_yuan(text) / TEN_THOUSAND


def _parse_bool(text: str) -> bool:
    if text.lower() in _YES:
        return True
    if text.lower() in _NO:
        return False
    raise ValidationError(_("应为“是”或“否”"))


def _choice_parser(choices):
    def parse(text: str) -> str:
        for value, label in choices.choices:
            if text in (value, str(label)):
                return value
        raise ValidationError(_("未知的选项：%(value)s") % {"value": text})

    return parse


@register
class EnterpriseImporter(Importer):
    kind = "enterprises"
    label = _lazy("企业名录")
    permission = ENTERPRISE_SERVE
    columns = (
        Column("name", _lazy("企业名称")),
        Column("credit_code", _lazy("统一社会信用代码"), parse=normalise_credit_code),
        Column("area_code", _lazy("所属区域编码"), ("区域编码", "社区编码")),
        Column("industry_division", _lazy("行业大类"), ("行业代码",), parse=_parse_division),
        Column("employees", _lazy("从业人数"), ("员工人数",), parse=_parse_count),
        Column(
            "revenue_last_year",
            _lazy("上年营业收入（万元）"),
            ("营业收入",),
            parse=_parse_ten_thousand_yuan,
        ),
        Column("address", _lazy("地址"), required=False),
        Column("legal_representative", _lazy("法定代表人"), required=False),
        Column("contact_name", _lazy("联系人"), required=False),
        Column("contact_phone", _lazy("联系电话"), required=False),
        Column("park", _lazy("所在园区"), required=False),
        Column(
            "landlord_kind", _lazy("业主类型"), required=False, parse=_choice_parser(LandlordKind)
        ),
        Column("is_key_project", _lazy("重点项目"), required=False, parse=_parse_bool),
        Column("key_project_name", _lazy("重点项目名称"), required=False),
        Column(
            "key_project_level",
            _lazy("重点项目级别"),
            required=False,
            parse=_choice_parser(KeyProjectLevel),
        ),
        Column(
            "total_investment",
            _lazy("项目总投资（万元）"),
            required=False,
            parse=_parse_ten_thousand_yuan,
        ),
        Column(
            "planned_investment_this_year",
            _lazy("年度计划投资（万元）"),
            required=False,
            parse=_parse_ten_thousand_yuan,
        ),
        Column(
            "social_insurance_base",
            _lazy("社保缴费基数（元/月）"),
            required=False,
            parse=_parse_yuan,
        ),
        Column("insured_headcount", _lazy("参保人数"), required=False, parse=_parse_count),
    )

    def _areas(self) -> dict[str, Area]:
        """Areas an enterprise may be filed under, by code: the uploader's, below district."""
        areas = Area.objects.exclude(level__in=[AreaLevel.DISTRICT, AreaLevel.BUILDING])
        if self.user is not None:
            areas = areas.visible_to(self.user, ENTERPRISE_SERVE)
        return {area.code: area for area in areas.only("id", "code", "path", "level")}

    def check_rows(self, rows: list[ParsedRow]) -> list[RowError]:
        errors: list[RowError] = []
        self.areas = self._areas()
        self.streets = {a.path: a for a in self.areas.values() if a.level == AreaLevel.STREET}
        codes = [row.values["credit_code"] for row in rows]
        registered = set(
            Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True)
        )
        first_row: dict[str, int] = {}
        for row in rows:
            values = row.values
            code = values["credit_code"]
            if code in registered:
                errors.append(RowError(row.row, self.label_of("credit_code"), _("该代码已登记")))
            elif code in first_row:
                errors.append(
                    RowError(
                        row.row,
                        self.label_of("credit_code"),
                        _("与第 %(row)d 行重复") % {"row": first_row[code]},
                    )
                )
            first_row.setdefault(code, row.row)
            if values["area_code"] not in self.areas:
                errors.append(
                    RowError(row.row, self.label_of("area_code"), _("未知或无权限的区域编码"))
                )
                continue
            try:
                profile = self.profile(values)
                profile.check()
                profile.sealed_phone()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.append(RowError(row.row, self.label_of(field), messages[0]))
        return errors

    @staticmethod
    def profile(values: dict) -> EnterpriseProfile:
        return EnterpriseProfile(
            industry_division=values["industry_division"],
            employees=values["employees"],
            revenue_last_year=values["revenue_last_year"],
            address=values.get("address") or "",
            legal_representative=values.get("legal_representative") or "",
            contact_name=values.get("contact_name") or "",
            contact_phone=values.get("contact_phone") or "",
            park=values.get("park") or "",
            landlord_kind=values.get("landlord_kind") or "",
            is_key_project=bool(values.get("is_key_project")),
            key_project_name=values.get("key_project_name") or "",
            key_project_level=values.get("key_project_level") or "",
            total_investment=values.get("total_investment"),
            planned_investment_this_year=values.get("planned_investment_this_year"),
            social_insurance_base=values.get("social_insurance_base"),
            insured_headcount=values.get("insured_headcount"),
        )

    def _street(self, area: Area) -> Area:
        if area.level == AreaLevel.STREET:
            return area
        path = ".".join(area.path.split(".")[:2])
        if path not in self.streets:
            self.streets[path] = Area.objects.get(path=path)
        return self.streets[path]

    def write(self, rows: list[ParsedRow], progress=None) -> int:
        batch: list[Enterprise] = []
        written = 0
        for row in rows:
            values = row.values
            area = self.areas[values["area_code"]]
            enterprise = Enterprise(
                name=values["name"],
                credit_code=values["credit_code"],
                area=area,
                street=self._street(area),
            )
            apply_profile(enterprise, self.profile(values))
            batch.append(enterprise)
            if len(batch) == 2000:
                written += len(Enterprise.objects.bulk_create(batch))
                batch.clear()
                if progress:
                    progress(written, len(rows))
        written += len(Enterprise.objects.bulk_create(batch))
        record_bulk_change(
            user=self.user,
            action=ChangeAction.IMPORT,
            model="enterprises.enterprise",
            count=written,
            area_path=self.area.path if self.area else "",
            description=f"enterprise register: {written} enterprises",
        )
        return written

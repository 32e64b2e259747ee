"""The relief ledger (what was granted) and the enterprises' supplementary figures."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from shouwang.core.audit import record_bulk_change
from shouwang.core.choices import ChangeAction
from shouwang.core.errors import field_error
from shouwang.core.imports import Column, Importer, ParsedRow, RowError, matching_keys, register
from shouwang.core.roles import ENTERPRISE_FILE, RELIEF_RECORD
from shouwang.core.scoping import ensure_visible
from shouwang.enterprises.choices import LandlordKind
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.services import normalise_credit_code
from shouwang.policies.choices import ReliefKind
from shouwang.policies.models import EnterpriseFigures, PolicyItem, ReliefGrant
from shouwang.policies.profile import Profile


def figures_save(
    *, enterprise: Enterprise, revenue_drop_percent, monthly_rent, by
) -> EnterpriseFigures:
    """The figures the calculator asked for and the register lacks, kept for the
    proactive matching; checked like the calculator's profile."""
    Profile.checked(revenue_drop_percent=revenue_drop_percent, monthly_rent=monthly_rent)
    with transaction.atomic():
        ensure_visible(by, enterprise, ENTERPRISE_FILE)
        figures = EnterpriseFigures.objects.filter(enterprise=enterprise).first()
        if figures is None:
            figures = EnterpriseFigures(enterprise=enterprise)
        figures.area_id = enterprise.area_id
        figures.revenue_drop_percent = revenue_drop_percent
        figures.monthly_rent = monthly_rent
        figures._history_user = by
        figures.save()
    return figures


def _check_grant(*, item: PolicyItem, amount: Decimal, granted_on: date, landlord_kind: str):
    if amount is None or amount <= 0:
        raise field_error("amount", _("金额应大于 0"))
    if granted_on > timezone.localdate():
        raise field_error("granted_on", _("兑现日期不能晚于今天"))
    if landlord_kind and landlord_kind not in LandlordKind.values:
        raise field_error("landlord_kind", _("未知的业主类型"))
    if item.valid_from and granted_on < item.valid_from:
        raise field_error("granted_on", _("兑现日期早于该政策的有效期"))


def _landlord_kind(item: PolicyItem, enterprise: Enterprise, landlord_kind: str) -> str:
    """A rent waiver is filed under its landlord's kind (the register's, unless given)."""
    if landlord_kind:
        return landlord_kind
    return enterprise.landlord_kind if item.relief_kind == ReliefKind.RENT else ""


def grant_record(
    *,
    enterprise: Enterprise,
    item: PolicyItem,
    amount: Decimal,
    granted_on: date,
    landlord_kind: str = "",
    landlord_name: str = "",
    note: str = "",
    by,
) -> ReliefGrant:
    """Relief actually granted to an enterprise under an item."""
    _check_grant(item=item, amount=amount, granted_on=granted_on, landlord_kind=landlord_kind)
    with transaction.atomic():
        grant = ReliefGrant(
            enterprise=enterprise,
            item=item,
            area_id=enterprise.area_id,
            street_id=enterprise.street_id,
            relief_kind=item.relief_kind,
            amount=amount,
            granted_on=granted_on,
            landlord_kind=_landlord_kind(item, enterprise, landlord_kind),
            landlord_name=landlord_name.strip(),
            note=note.strip(),
            recorded_by=by,
        )
        grant._history_user = by
        grant.save()
        ensure_visible(by, grant, RELIEF_RECORD)
    return grant


def _parse_amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise ValidationError(_("应为数字（元）")) from None
    if value <= 0:
        raise ValidationError(_("金额应大于 0"))
    return value


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.replace("/", "-")[:10])
    except ValueError:
        raise ValidationError(_("日期应写作 YYYY-MM-DD")) from None


def _parse_landlord_kind(text: str) -> str:
    for value, label in LandlordKind.choices:
        if text in (value, str(label)):
            return value
    raise ValidationError(_("未知的业主类型：%(value)s") % {"value": text})


@register
class ReliefGrantImporter(Importer):
    """The ledger from the parks' and landlords' spreadsheets: one row per grant."""

    kind = "relief_grants"
    label = _lazy("惠企兑现台账")
    permission = RELIEF_RECORD
    columns = (
        Column("credit_code", _lazy("统一社会信用代码"), parse=normalise_credit_code),
        Column("item_code", _lazy("政策事项编码"), ("事项编码",)),
        Column("amount", _lazy("金额（元）"), ("兑现金额", "减免金额"), parse=_parse_amount),
        Column("granted_on", _lazy("兑现日期"), ("日期",), parse=_parse_day),
        Column("landlord_kind", _lazy("业主类型"), required=False, parse=_parse_landlord_kind),
        Column("landlord_name", _lazy("业主或园区"), ("业主", "园区"), required=False),
        Column("note", _lazy("备注"), required=False),
    )

    def check_rows(self, rows: list[ParsedRow]) -> list[RowError]:
        enterprises = Enterprise.objects.all()
        if self.user is not None:
            enterprises = enterprises.visible_to(self.user, RELIEF_RECORD)
        codes = list({row.values["credit_code"] for row in rows})
        self.enterprises = {
            e.credit_code: e
            for part in matching_keys(enterprises, "credit_code", codes)
            for e in part
        }
        self.items = {
            item.code: item
            for part in matching_keys(
                PolicyItem.objects.all(), "code", list({row.values["item_code"] for row in rows})
            )
            for item in part
        }
        errors = []
        for row in rows:
            values = row.values
            enterprise = self.enterprises.get(values["credit_code"])
            item = self.items.get(values["item_code"])
            if enterprise is None:
                errors.append(
                    RowError(row.row, self.label_of("credit_code"), _("未登记或无权限的企业"))
                )
            if item is None:
                errors.append(RowError(row.row, self.label_of("item_code"), _("没有这个政策事项")))
            if enterprise is None or item is None:
                continue
            try:
                _check_grant(
                    item=item,
                    amount=values["amount"],
                    granted_on=values["granted_on"],
                    landlord_kind=values.get("landlord_kind") or "",
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.append(RowError(row.row, self.label_of(field), messages[0]))
        return errors

    def write(self, rows: list[ParsedRow], progress=None) -> int:
        now = timezone.now()
        grants = []
        for row in rows:
            values = row.values
            enterprise = self.enterprises[values["credit_code"]]
            item = self.items[values["item_code"]]
            grants.append(
                ReliefGrant(
                    enterprise=enterprise,
                    item=item,
                    area_id=enterprise.area_id,
                    street_id=enterprise.street_id,
                    relief_kind=item.relief_kind,
                    amount=values["amount"],
                    granted_on=values["granted_on"],
                    landlord_kind=_landlord_kind(
                        item, enterprise, values.get("landlord_kind") or ""
                    ),
                    landlord_name=(values.get("landlord_name") or "").strip(),
                    note=(values.get("note") or "").strip(),
                    recorded_by=self.user,
                    created_at=now,
                )
            )
        ReliefGrant.objects.bulk_create(grants, batch_size=2000)
        record_bulk_change(
            user=self.user,
            action=ChangeAction.IMPORT,
            model="policies.reliefgrant",
            count=len(grants),
            area_path=self.area.path if self.area else "",
            description=f"relief ledger: {len(grants)} grants",
        )
        return len(grants)

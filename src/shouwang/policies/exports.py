from django.utils.translation import gettext_lazy as _

from shouwang.core.exports import ExportColumn, ListExport, register_list_export
from shouwang.core.selectors import area_in_query
from shouwang.policies.forms import ReliefGrantFilter
from shouwang.policies.models import ReliefGrant
from shouwang.policies.selectors import entitlements_visible_to, grants_visible_to

GRANT_EXPORT = "policies.grants"
ENTITLEMENT_EXPORT = "policies.entitlements"
#: The entitlements page's order, the file's too (the rows function serves sums as well,
#: which an order would split).
ENTITLEMENT_ORDER = ("street__path", "-amount", "id")

ENTITLEMENT_COLUMNS = [
    ExportColumn(_("所属街道"), lambda e: e.street.name),
    ExportColumn(_("企业名称"), lambda e: e.enterprise.name),
    ExportColumn(_("统一社会信用代码"), lambda e: e.enterprise.credit_code),
    ExportColumn(_("联系人"), lambda e: e.enterprise.contact_name),
    ExportColumn(_("联系电话"), lambda e: e.enterprise.contact_phone_masked),
    ExportColumn(_("政策事项"), lambda e: e.item.title),
    ExportColumn(_("政策事项编码"), lambda e: e.item.code),
    ExportColumn(_("测算金额（元）"), lambda e: float(e.amount)),
    ExportColumn(_("已告知"), lambda e: str(_("是") if e.notified else _("否"))),
]

GRANT_COLUMNS = [
    ExportColumn(_("兑现日期"), lambda g: g.granted_on),
    ExportColumn(_("所属街道"), lambda g: g.street.name),
    ExportColumn(_("企业名称"), lambda g: g.enterprise.name),
    ExportColumn(_("统一社会信用代码"), lambda g: g.enterprise.credit_code),
    ExportColumn(_("政策事项"), lambda g: g.item.title),
    ExportColumn.choice(_("扶持类型"), ReliefGrant, "relief_kind"),
    ExportColumn(_("金额（元）"), lambda g: float(g.amount)),
    ExportColumn.choice(_("业主类型"), ReliefGrant, "landlord_kind"),
    ExportColumn(_("业主或园区"), lambda g: g.landlord_name),
    ExportColumn(_("备注"), lambda g: g.note),
]


def grant_filter(user, query):
    """The ledger's filter set for ``query`` over the user's grants, and its area."""
    grants = grants_visible_to(user)
    area = area_in_query(user, query)
    if area is not None:
        grants = grants.under(area)
    return ReliefGrantFilter(query, queryset=grants), area


def entitlement_rows(user, query):
    """The entitlements page's rows for ``query``: its area and its policy item."""
    rows = entitlements_visible_to(user, area=area_in_query(user, query))
    code = query.get("item", "")
    return rows.filter(item__code=code) if code else rows


def _grants_exported(user, query):
    return grant_filter(user, query)[0].qs


def _entitlements_exported(user, query):
    rows = entitlement_rows(user, query).select_related("enterprise", "item", "street")
    return rows.order_by(*ENTITLEMENT_ORDER)


register_list_export(
    ListExport(
        GRANT_EXPORT,
        _("惠企兑现台账"),
        "relief-ledger",
        GRANT_COLUMNS,
        _grants_exported,
        "policies:ledger",
    )
)
register_list_export(
    ListExport(
        ENTITLEMENT_EXPORT,
        _("可享未享政策名单"),
        "entitlements",
        ENTITLEMENT_COLUMNS,
        _entitlements_exported,
        "policies:entitlements",
    )
)

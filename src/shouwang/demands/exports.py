from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouwang.core.exports import ExportColumn, ListExport, register_list_export
from shouwang.core.selectors import area_in_query
from shouwang.demands.models import Demand
from shouwang.demands.selectors import DemandFilter, demands_visible_to

DEMAND_EXPORT = "demands.demands"

DEMAND_COLUMNS = [
    ExportColumn(_("诉求编号"), lambda d: d.reference),
    ExportColumn(_("提交时间"), lambda d: timezone.localtime(d.created_at).replace(tzinfo=None)),
    ExportColumn(_("所属街道"), lambda d: d.street.name),
    ExportColumn(_("企业名称"), lambda d: d.enterprise_name),
    ExportColumn(_("统一社会信用代码"), lambda d: d.credit_code),
    ExportColumn.choice(_("类别"), Demand, "category"),
    ExportColumn(_("诉求内容"), lambda d: d.description),
    ExportColumn(_("联系人"), lambda d: d.contact_name),
    ExportColumn(
        _("联系电话"), lambda d: d.contact_phone_masked, lambda d: d.contact_phone, "contact_phone"
    ),
    ExportColumn.choice(_("承办单位"), Demand, "department"),
    ExportColumn.choice(_("状态"), Demand, "status"),
    ExportColumn(_("办理结果"), lambda d: d.resolution),
    ExportColumn(_("满意度评分"), lambda d: d.rating),
]


def demand_filter(user, query) -> DemandFilter:
    """The demand list's filter set for ``query``, over the demands the user handles."""
    return DemandFilter(query, queryset=demands_visible_to(user, area=area_in_query(user, query)))


def _exported(user, query):
    return demand_filter(user, query).qs


register_list_export(
    ListExport(
        DEMAND_EXPORT, _("企业诉求"), "demands", DEMAND_COLUMNS, _exported, "demands:demand_list"
    )
)

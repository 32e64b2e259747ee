from django.utils.translation import gettext_lazy as _

from shouwang.core.exports import ExportColumn, ListExport, register_list_export
from shouwang.core.selectors import area_in_query
from shouwang.enterprises.forms import EnterpriseFilterForm
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.selectors import enterprises_visible_to

ENTERPRISE_EXPORT = "enterprises.enterprises"

ENTERPRISE_COLUMNS = [
    ExportColumn(_("企业名称"), lambda e: e.name),
    ExportColumn(_("统一社会信用代码"), lambda e: e.credit_code),
    ExportColumn(_("所属街道"), lambda e: e.street.name),
    ExportColumn(_("所属区域"), lambda e: e.area.name),
    ExportColumn.choice(_("行业大类"), Enterprise, "industry_division"),
    ExportColumn.choice(_("统计规模"), Enterprise, "scale"),
    ExportColumn.choice(_("企业规模"), Enterprise, "size_class"),
    ExportColumn(_("从业人数"), lambda e: e.employees),
    ExportColumn(_("上年营业收入（元）"), lambda e: float(e.revenue_last_year)),
    ExportColumn(
        _("联系电话"), lambda e: e.contact_phone_masked, lambda e: e.contact_phone, "contact_phone"
    ),
    ExportColumn(_("重点项目"), lambda e: e.key_project_name if e.is_key_project else ""),
    ExportColumn.choice(_("复工状态"), Enterprise, "resumption_state"),
    ExportColumn(_("复工日期"), lambda e: e.resumed_on),
]


def enterprises_listed(user, query) -> tuple[EnterpriseFilterForm, object]:
    """The enterprise list's filter form for ``query`` and the rows it selects."""
    form = EnterpriseFilterForm(query or None)
    values = form.cleaned_data if form.is_valid() else {}
    enterprises = enterprises_visible_to(
        user,
        area=area_in_query(user, query),
        search=values.get("q", ""),
        state=values.get("state", ""),
        scale=values.get("scale", ""),
    )
    return form, enterprises


def _exported(user, query):
    return enterprises_listed(user, query)[1].select_related("street")


register_list_export(
    ListExport(
        ENTERPRISE_EXPORT,
        _("企业名录"),
        "enterprises",
        ENTERPRISE_COLUMNS,
        _exported,
        "enterprises:enterprise_list",
        reveal_label=_("导出完整联系电话（需有查看权限，将记录）"),
    )
)

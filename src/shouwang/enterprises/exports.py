from django.utils.translation import gettext_lazy as _

from shouwang.core.exports import ExportColumn
from shouwang.enterprises.models import Enterprise

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

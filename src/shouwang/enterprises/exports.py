from django.utils.translation import gettext_lazy as _

from shouwang.core.exports import ExportColumn

ENTERPRISE_COLUMNS = [
    ExportColumn(_("企业名称"), lambda e: e.name),
    ExportColumn(_("统一社会信用代码"), lambda e: e.credit_code),
    ExportColumn(_("所属街道"), lambda e: e.street.name),
    ExportColumn(_("所属区域"), lambda e: e.area.name),
    ExportColumn(_("行业大类"), lambda e: e.get_industry_division_display()),
    ExportColumn(_("统计规模"), lambda e: e.get_scale_display()),
    ExportColumn(_("企业规模"), lambda e: e.get_size_class_display()),
    ExportColumn(_("从业人数"), lambda e: e.employees),
    ExportColumn(_("上年营业收入（元）"), lambda e: float(e.revenue_last_year)),
    ExportColumn(
        _("联系电话"), lambda e: e.contact_phone_masked, lambda e: e.contact_phone, "contact_phone"
    ),
    ExportColumn(_("重点项目"), lambda e: e.key_project_name if e.is_key_project else ""),
    ExportColumn(_("复工状态"), lambda e: e.get_resumption_state_display()),
    ExportColumn(_("复工日期"), lambda e: e.resumed_on),
]

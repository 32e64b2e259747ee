from django.utils.translation import gettext_lazy as _

from shouwang.core.exports import ExportColumn

PERSON_COLUMNS = [
    ExportColumn(_("姓名"), lambda p: p.name),
    ExportColumn(_("证件类型"), lambda p: p.get_document_type_display()),
    ExportColumn(
        _("证件号码"), lambda p: p.document_masked, lambda p: p.document_number, "document_number"
    ),
    ExportColumn(_("联系电话"), lambda p: p.phone_masked, lambda p: p.phone, "phone"),
    ExportColumn(_("性别"), lambda p: p.get_sex_display()),
    ExportColumn(_("出生日期"), lambda p: p.birth_date),
    ExportColumn(_("所属区域"), lambda p: p.area.name),
    ExportColumn(_("区域编码"), lambda p: p.area.code),
]

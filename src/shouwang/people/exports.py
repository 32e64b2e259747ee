from django.utils.translation import gettext_lazy as _

from shouwang.core.exports import ExportColumn
from shouwang.people.models import Person

PERSON_COLUMNS = [
    ExportColumn(_("姓名"), lambda p: p.name),
    ExportColumn.choice(_("证件类型"), Person, "document_type"),
    ExportColumn(
        _("证件号码"), lambda p: p.document_masked, lambda p: p.document_number, "document_number"
    ),
    ExportColumn(_("联系电话"), lambda p: p.phone_masked, lambda p: p.phone, "phone"),
    ExportColumn.choice(_("性别"), Person, "sex"),
    ExportColumn(_("出生日期"), lambda p: p.birth_date),
    ExportColumn(_("所属区域"), lambda p: p.area.name),
    ExportColumn(_("区域编码"), lambda p: p.area.code),
]

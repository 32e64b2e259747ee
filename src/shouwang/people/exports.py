from django.utils.translation import gettext_lazy as _

from shouwang.core.exports import ExportColumn, ListExport, register_list_export
from shouwang.core.selectors import area_in_query
from shouwang.people.filters import PersonFilter
from shouwang.people.models import Person
from shouwang.people.selectors import persons_visible_to

PERSON_EXPORT = "people.persons"

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


def person_rows(user, query):
    """What the person list shows for ``query``: its area, its search, its filters."""
    persons = persons_visible_to(user, area=area_in_query(user, query), search=query.get("q", ""))
    return PersonFilter(query, queryset=persons).qs


register_list_export(
    ListExport(
        PERSON_EXPORT,
        _("人员名单"),
        "people",
        PERSON_COLUMNS,
        person_rows,
        "people:person_list",
        reveal_label=_("导出完整证件号码和电话（需有查看权限，将记录）"),
    )
)

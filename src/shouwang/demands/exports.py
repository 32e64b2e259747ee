from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shouwang.core.exports import ExportColumn
from shouwang.demands.models import Demand

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

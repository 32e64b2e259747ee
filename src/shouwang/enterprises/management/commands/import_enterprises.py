from shouwang.core.management.import_command import ImportCommand
from shouwang.enterprises.importers import EnterpriseImporter


class Command(ImportCommand):
    help = (
        "Import the enterprise register from xlsx or CSV. Columns: 企业名称, 统一社会信用代码, "
        "所属区域编码, 行业大类, 从业人数, 上年营业收入（万元）, and optionally 地址, 法定代表人, "
        "联系人, 联系电话, 所在园区, 业主类型, 重点项目, 重点项目名称, 重点项目级别, "
        "项目总投资（万元）, 年度计划投资（万元）, 社保缴费基数（元/月）, 参保人数. "
        "Any bad row: nothing is written."
    )
    importer_class = EnterpriseImporter

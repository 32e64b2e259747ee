from shouwang.core.management.import_command import ImportCommand
from shouwang.policies.services import ReliefGrantImporter


class Command(ImportCommand):
    help = (
        "Import relief granted (the ledger) from xlsx or CSV. Columns: 统一社会信用代码, "
        "政策事项编码, 金额（元）, 兑现日期, and optionally 业主类型, 业主或园区, 备注. "
        "Any bad row: nothing is written."
    )
    importer_class = ReliefGrantImporter

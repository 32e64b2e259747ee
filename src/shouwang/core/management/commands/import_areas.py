from shouwang.core.management.import_command import ImportCommand
from shouwang.core.services.areas import AreaImporter


class Command(ImportCommand):
    help = (
        "Import the jurisdiction tree from xlsx or CSV. Columns: 编码/code, 名称/name, "
        "层级/level (区 街道 镇 社区 网格 楼栋), 上级编码/parent_code, and for buildings "
        "地址, 单元数, 楼层数, 户数, 楼栋长, 楼栋长电话. Any bad row: nothing is written."
    )
    importer_class = AreaImporter

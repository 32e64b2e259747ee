from django.core.management.base import CommandError

from shouwang.core.management.import_command import ImportCommand
from shouwang.core.models import Area
from shouwang.people.importers import PersonImporter


class Command(ImportCommand):
    help = (
        "Import persons from xlsx or CSV (UTF-8, UTF-8 BOM, GB18030). Columns: 姓名/name, "
        "证件类型/document_type (default 居民身份证), 证件号码/document_number, 联系电话/phone, "
        "楼栋编码/building, 房号/room, 国籍/nationality, 工作单位/workplace. A document "
        "already registered is updated, never duplicated. Any bad row: nothing is written."
    )
    importer_class = PersonImporter

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--area", metavar="CODE", help="only buildings under this area")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and report, write nothing"
        )

    def importer(self, options) -> PersonImporter:
        area = None
        if options.get("area"):
            area = Area.objects.filter(code=options["area"]).first()
            if area is None:
                raise CommandError(f"unknown area code {options['area']}")
        return PersonImporter(area=area, dry_run=options["dry_run"])

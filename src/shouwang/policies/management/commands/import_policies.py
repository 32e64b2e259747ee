from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shouwang.policies.catalogue import CatalogueRejected
from shouwang.policies.services import area_or_district, catalogue_import


class Command(BaseCommand):
    help = (
        "Import the relief catalogue from a YAML or JSON file (format: "
        "docs/developers/policies.md; example: src/shouwang/policies/data/catalogue.yaml). "
        "Packages and items are created or updated by code; items of an imported package "
        "missing from the file are withdrawn. Any problem (an unknown key, a condition on a "
        "field that does not exist, a formula that does not parse) is reported with its place "
        "and line, and nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".yaml, .yml or .json")
        parser.add_argument(
            "--area", help="code of the district (or street) the catalogue belongs to"
        )

    def handle(self, *args, file: Path, area: str | None, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        owner = area_or_district(area)
        if owner is None:
            raise CommandError("no such area: import the tree first, or name one with --area")
        fmt = "json" if file.suffix.lower() == ".json" else "yaml"
        try:
            summary = catalogue_import(
                text=file.read_text(encoding="utf-8-sig"), fmt=fmt, area=owner, by=None
            )
        except CatalogueRejected as rejected:
            for line in rejected.lines():
                self.stderr.write(line)
            raise CommandError(
                f"{len(rejected.problems)} problems in {file.name}; nothing was changed "
                f"(first: {rejected.lines()[0]})"
            ) from None
        self.stdout.write(
            f"{summary.packages_created} packages created, {summary.packages_updated} updated; "
            f"{summary.items_created} items created, {summary.items_updated} updated, "
            f"{summary.items_withdrawn} withdrawn"
        )

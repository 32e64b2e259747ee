from pathlib import Path

from django.core.management.base import BaseCommand

from shouwang.policies.catalogue import catalogue_data, dump_catalogue
from shouwang.policies.selectors import catalogue_packages


class Command(BaseCommand):
    help = (
        "Export the relief catalogue (every package and item, withdrawn ones included) as "
        "the YAML or JSON file import-policies reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
        parser.add_argument("--out", type=Path, help="write to this file instead of stdout")

    def handle(self, *args, format: str, out: Path | None, **options):
        text = dump_catalogue(catalogue_data(catalogue_packages(include_inactive=True)), format)
        if out:
            out.write_text(text, encoding="utf-8")
            self.stderr.write(f"written to {out}")
        else:
            self.stdout.write(text, ending="")

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shouwang.core.models import Area
from shouwang.reports.services import report_generate


class Command(BaseCommand):
    help = (
        "Generate and archive the daily report of an area for a day, and write it to FILE "
        "(.pdf or .xlsx). The day's snapshots are computed first when missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--area", required=True, help="area code (the district's, a street's...)"
        )
        parser.add_argument("--date", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--out", required=True, type=Path, help="FILE.pdf or FILE.xlsx")

    def handle(self, *args, area, date, out, **options):
        if out.suffix.lower() not in (".pdf", ".xlsx"):
            raise CommandError("--out must end in .pdf or .xlsx")
        found = Area.objects.filter(code=area).first()
        if found is None:
            raise CommandError(f"no area with code {area}")
        try:
            report = report_generate(area=found, day=date, by=None)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        field = report.pdf if out.suffix.lower() == ".pdf" else report.xlsx
        with field.open("rb") as source:
            out.write_bytes(source.read())
        self.stdout.write(f"{out}: {report.headline}")

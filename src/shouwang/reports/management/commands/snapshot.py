from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from shouwang.core.models import Area
from shouwang.reports.numbers import SNAPSHOT_LEVELS
from shouwang.reports.services import report_generate, snapshots_compute


class Command(BaseCommand):
    help = (
        "Compute the numbers of every area for a day (today by default), or for each day "
        "from --since to --date; with --reports also archive the daily report of the "
        "district and each street. Run it from cron at the close of the day "
        "(e.g. 55 23 * * * shouwang snapshot --reports) and hourly for today's figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--since", type=date.fromisoformat, help="first day of a range")
        parser.add_argument("--reports", action="store_true", help="also archive the reports")

    def handle(self, *args, date=None, since=None, reports=False, **options):
        last = date or timezone.localdate()
        first = since or last
        if first > last:
            raise CommandError("--since is after --date")
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        report_areas = list(Area.objects.filter(level__in=SNAPSHOT_LEVELS[:2])) if reports else []
        for day in tqdm(days, unit="day", disable=len(days) == 1, file=self.stderr):
            try:
                written = snapshots_compute(day=day)
                for area in report_areas:
                    report_generate(area=area, day=day, by=None)
            except ValidationError as error:
                raise CommandError(f"{day}: {'; '.join(error.messages)}") from None
            self.stdout.write(
                f"{day}: {written} areas" + (f", {len(report_areas)} reports" if reports else "")
            )

from django.core.management.base import BaseCommand, CommandError

from shouwang.policies.models import MatchingRun
from shouwang.policies.services import area_or_district, matching_run_execute


class Command(BaseCommand):
    help = (
        "Proactive matching (免申即享) now, in this process: every registered enterprise "
        "under the area against the items in force, keeping those it is entitled to and has "
        "not received. The pages start the same run in the background; run this from cron "
        "after the night's imports, or to measure it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--area", help="code of the district or street (default: the district)")

    def handle(self, *args, area: str | None, **options):
        owner = area_or_district(area)
        if owner is None:
            raise CommandError("no such area")
        run = matching_run_execute(run=MatchingRun.objects.create(area=owner))
        self.stdout.write(
            f"{run.total} enterprises × {run.items} items: {run.entitlements} entitlements, "
            f"{run.amount} yuan"
        )

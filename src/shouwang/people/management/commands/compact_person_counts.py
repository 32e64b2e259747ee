from django.core.management.base import BaseCommand

from shouwang.people.services.counts import person_counts_compact, person_counts_recount


class Command(BaseCommand):
    help = (
        "Merge the kept person counts (PersonCount) into one row per area and measure: on "
        "PostgreSQL every write to the register adds rows of its changes, which the lists "
        "sum. Run it every 10 minutes. --recount counts the register afresh instead (after "
        "loaddata or a data-only restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--recount", action="store_true", help="count the register afresh (slower)"
        )

    def handle(self, *args, recount=False, **options):
        if recount:
            self.stdout.write(f"{person_counts_recount()} person counts written")
        else:
            self.stdout.write(f"{person_counts_compact()} person count rows merged")

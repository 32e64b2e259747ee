from django.core.management.base import BaseCommand

from shouwang.core.services.exports import exports_purge


class Command(BaseCommand):
    help = (
        "Delete the exported files past their download time (24 hours; sealed, but a "
        "district's list with full numbers should not wait in the database and its "
        "backups). The jobs' records stay. Run it daily."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{exports_purge()} exported files deleted")

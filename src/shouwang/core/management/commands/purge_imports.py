from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from shouwang.core.models import ImportJob


class Command(BaseCommand):
    help = (
        "Delete uploaded import files left behind by jobs nobody confirmed (they may hold "
        "personal data in plain text). Finished jobs delete their file themselves; the "
        "jobs' records stay. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=2,
            help="files of jobs uploaded before this many days (default 2)",
        )

    def handle(self, *args, older_than_days: int, **options):
        cutoff = timezone.now() - timedelta(days=older_than_days)
        purged = 0
        for job in ImportJob.objects.filter(created_at__lt=cutoff).exclude(file=""):
            job.file.delete(save=True)
            purged += 1
        self.stdout.write(f"{purged} uploaded files deleted")

from django.core.management.base import BaseCommand

from shouwang.isolation.services import missed_follow_ups_alert


class Command(BaseCommand):
    help = (
        "Alert each community of home isolations with a follow-up slot past its hour "
        "(12:00 morning, 20:00 afternoon) and nothing recorded. Run it from cron every "
        "few hours; an open alert is not raised twice."
    )

    def handle(self, *args, **options):
        raised = missed_follow_ups_alert()
        self.stdout.write(f"{raised} isolations with missed follow-ups")

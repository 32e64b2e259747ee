from django.core.management.base import BaseCommand

from shouwang.demands.services import demands_remind


class Command(BaseCommand):
    help = (
        "Alert the handlers of enterprise demands past a time limit (respond, plan, close; "
        "1 hour, 2 days and 4 days unless the district or street set others). Run it from "
        "cron every 10 minutes; an open alert is not raised twice."
    )

    def handle(self, *args, **options):
        raised = demands_remind()
        self.stdout.write(f"{raised} overdue demand stages alerted")

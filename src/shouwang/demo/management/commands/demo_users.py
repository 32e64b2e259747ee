import json

from django.core.management.base import BaseCommand

from shouwang.demo.loader import demo_user_lines


class Command(BaseCommand):
    help = (
        "Print the demo logins as JSON lines: username, role, area_code. Their password "
        "is SHOUWANG_DEMO_PASSWORD (default shouwang-demo)."
    )

    def handle(self, *args, **options):
        for line in demo_user_lines():
            self.stdout.write(json.dumps(line, ensure_ascii=False))

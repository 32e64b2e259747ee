"""The demo district's emergency (declared a month ago, when the current outbreak's
cases begin) and its daily numbers: today's at once, so the dashboard opens on them, and
every earlier day by the background worker (`make run` starts one), as the scheduled
job would have left them."""

from datetime import timedelta

from django.utils import timezone

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.people.demo import CASE_DAYS
from shouwang.reports.choices import RunKind
from shouwang.reports.services import emergency_declare, run_start, snapshots_compute


def load_demo_data(context) -> None:
    today = timezone.localdate()
    district = Area.objects.get(level=AreaLevel.DISTRICT)
    start = today - timedelta(days=CASE_DAYS)
    emergency_declare(area=district, name="新冠肺炎疫情防控", declared_on=start, by=None)
    snapshots_compute(day=today)
    for offset in range(CASE_DAYS):
        run_start(kind=RunKind.SNAPSHOT, area=district, day=start + timedelta(days=offset), by=None)

"""The demo district's emergency (declared a month ago, when the current outbreak's
cases begin) and its daily numbers for every day since, so the dashboard shows trends
at once."""

from datetime import timedelta

from django.utils import timezone

from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.people.demo import CASE_DAYS
from shouwang.reports.services import emergency_declare, snapshots_compute


def load_demo_data(context) -> None:
    today = timezone.localdate()
    district = Area.objects.get(level=AreaLevel.DISTRICT)
    start = today - timedelta(days=CASE_DAYS)
    emergency_declare(area=district, name="新冠肺炎疫情防控", declared_on=start, by=None)
    days = (today - start).days + 1
    for offset in range(days):
        snapshots_compute(day=start + timedelta(days=offset))
        if context.progress:
            context.progress(offset + 1, days)

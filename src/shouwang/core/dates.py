from datetime import date, datetime, time, timedelta

from django.utils import timezone


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The local day as [start, end): its first instant and the next day's."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)

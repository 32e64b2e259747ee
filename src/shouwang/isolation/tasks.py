from django_tasks import task

from shouwang.isolation.services import missed_follow_ups_alert


@task()
def alert_missed_follow_ups() -> int:
    """Every few hours (cron or a scheduler enqueues it): missed slots raise alerts."""
    return missed_follow_ups_alert()

from django_tasks import task

from shouwang.demands.services import demands_remind


@task()
def remind_overdue_demands() -> int:
    """Every few minutes (cron or a scheduler enqueues it): overdue stages raise alerts."""
    return demands_remind()

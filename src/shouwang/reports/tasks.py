"""Background work of the daily numbers. Thin: load by id, call the service."""

from django.utils import translation
from django_tasks import task

from shouwang.reports.models import ReportRun
from shouwang.reports.services import run_execute


@task()
def execute_run(run_id: int) -> None:
    run = ReportRun.objects.select_related("area", "requested_by").get(pk=run_id)
    with translation.override(run.language):
        run_execute(run)

"""Background work of the core app. Thin: load by id, call the service."""

from django_tasks import task

from shouwang.core.models import ImportJob
from shouwang.core.services.imports import import_job_run, import_job_validate


@task()
def validate_import(job_id: int) -> None:
    import_job_validate(job=ImportJob.objects.get(pk=job_id))


@task()
def run_import(job_id: int) -> None:
    import_job_run(job=ImportJob.objects.get(pk=job_id))

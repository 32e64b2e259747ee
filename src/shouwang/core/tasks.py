"""Background work of the core app. Thin: load by id, call the service."""

from django.utils import translation
from django_tasks import task

from shouwang.core.models import ExportJob, ImportJob
from shouwang.core.services.exports import export_run
from shouwang.core.services.imports import import_job_run, import_job_validate


@task()
def validate_import(job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    with translation.override(job.language):
        import_job_validate(job=job)


@task()
def run_import(job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    with translation.override(job.language):
        import_job_run(job=job)


@task()
def run_export(job_id: int) -> None:
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language):
        export_run(job=job)

"""The life of an uploaded file: upload, validate in the background, confirm, write."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core.errors import field_error
from shouwang.core.imports import (
    ImportFileError,
    ImportRejected,
    count_data_rows,
    importer_for,
    read_table,
)
from shouwang.core.models import Area, ImportJob
from shouwang.core.models.imports import ImportMode, ImportStatus

PREVIEW_ROWS = 20
STORED_ERRORS = 10_000  # enough for any report a person reads; the count is always exact


def import_job_create(*, kind: str, upload, area: Area, by, language: str) -> ImportJob:
    from shouwang.core.tasks import validate_import

    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            file=upload,
            original_name=upload.name[:200],
            area=area,
            created_by=by,
            language=language,
        )
        transaction.on_commit(lambda: validate_import.enqueue(job.pk))
    return job


def _progress_writer(job: ImportJob):
    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    return progress


def _finish(job: ImportJob, status: str, **fields) -> None:
    """End the job. The uploaded file goes: it may hold personal data in plain text, and
    what the file did (rows, errors, who, when) stays on the job."""
    job.file.delete(save=False)
    for name, value in {"status": status, "finished_at": timezone.now(), **fields}.items():
        setattr(job, name, value)
    job.save()


def _fail(job: ImportJob, message: str) -> None:
    _finish(job, ImportStatus.FAILED, message=message)


def import_job_validate(*, job: ImportJob) -> ImportJob:
    importer = importer_for(job.kind).for_job(job)
    job.status = ImportStatus.VALIDATING
    job.save(update_fields=["status"])
    path = job.file.path
    try:
        total = count_data_rows(path, job.original_name)
        ImportJob.objects.filter(pk=job.pk).update(total_rows=total)
        header, rows = read_table(path, job.original_name)
        result = importer.parse_rows(
            header, rows, mapping=job.column_mapping, progress=_progress_writer(job), total=total
        )
    except ImportFileError as error:
        _fail(job, str(error))
        return job
    job.refresh_from_db(fields=["processed_rows"])
    job.total_rows = result.total
    job.error_rows = len(result.bad_row_numbers)
    job.errors = [error.as_dict() for error in result.errors[:STORED_ERRORS]]
    masks = {column.key: column.mask for column in importer.columns if column.mask}
    # Only the file's columns: what check_rows derives (a sealed document...) stays out.
    keys = {column.key for column in importer.columns}
    job.preview = [
        {
            "row": row.row,
            **{k: _shown(v, masks.get(k)) for k, v in row.values.items() if k in keys},
        }
        for row in result.good_rows[:PREVIEW_ROWS]
    ]
    job.status = ImportStatus.VALIDATED
    job.save()
    return job


def _shown(value, mask=None) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        value = value[0]
    return mask(str(value)) if mask else str(value)


def import_job_confirm(*, job: ImportJob, mode: str, by) -> ImportJob:
    from shouwang.core.tasks import run_import

    if job.status != ImportStatus.VALIDATED:
        raise field_error("mode", _("该文件当前不能导入"))
    if mode == ImportMode.ALL_OR_NOTHING and job.error_rows:
        message = _("文件有 %(count)d 行错误：请修正后重新上传，或选择只导入正确的行")
        raise field_error("mode", message % {"count": job.error_rows})
    with transaction.atomic():
        job.mode, job.status, job.processed_rows = mode, ImportStatus.IMPORTING, 0
        job.save(update_fields=["mode", "status", "processed_rows"])
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def import_job_run(*, job: ImportJob) -> ImportJob:
    importer = importer_for(job.kind).for_job(job)
    try:
        written, _result = importer.import_file(
            job.file.path,
            name=job.original_name,
            mapping=job.column_mapping,
            good_rows_only=job.mode == ImportMode.GOOD_ROWS,
            progress=_progress_writer(job),
        )
    except (ImportFileError, ImportRejected) as error:
        _fail(job, str(error))
        return job
    _finish(job, ImportStatus.DONE, written_rows=written)
    return job

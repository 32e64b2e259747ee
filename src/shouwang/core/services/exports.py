"""The life of a list export: asked for on its page, written in the background, handed out.

A district's person list takes minutes to write, longer than a request may wait: the page
starts a job and shows its progress; the file is kept sealed until its exporter downloads
it, and each download is logged as an export.
"""

import logging
import traceback
from datetime import timedelta

from django.db import transaction
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from shouwang.core import pii
from shouwang.core.exports import export_log, list_export_for, write_xlsx
from shouwang.core.models import ExportJob
from shouwang.core.models.exports import ExportStatus
from shouwang.core.roles import EXPORT, REVEAL
from shouwang.core.scoping import scope_paths

#: How long a finished file waits for its download.
EXPORT_KEPT = timedelta(hours=24)
logger = logging.getLogger(__name__)


def export_start(
    *, kind: str, query: QueryDict, reason: str, reveal: bool, by, language: str
) -> ExportJob:
    """A job writing the list ``kind`` for ``query`` (the page's filters). Refused
    (Http404) where the page, or an export of it, would be refused."""
    from shouwang.core.tasks import run_export

    if scope_paths(by, EXPORT) == []:
        raise Http404
    export = list_export_for(kind)
    export.rows(by, query)  # the filters' own refusals (an area out of reach), now
    exports_purge()
    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind,
            title=str(export.title),
            language=language,
            query=query.urlencode(),
            reason=reason,
            reveal=reveal,
            created_by=by,
        )
        transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


def export_again(*, job: ExportJob, by) -> ExportJob:
    """A new job for the list, filters, reason and choice of an earlier one that stopped,
    failed or whose file is past its time, checked as a new export is; the same export
    already on its way if a second click asks again, and the job itself if it is still
    running or its file can still be had."""
    if not job.may_run_again:
        return job
    on_its_way = ExportJob.objects.filter(
        created_by=by,
        kind=job.kind,
        reveal=job.reveal,
        status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING],
    )
    for other in on_its_way.exclude(pk=job.pk):
        if other.running and other.query == job.query:
            return other
    return export_start(
        kind=job.kind,
        query=QueryDict(job.query),
        reason=job.reason,
        reveal=job.reveal,
        by=by,
        language=job.language,
    )


def export_run(*, job: ExportJob) -> ExportJob:
    """Write the job's file with the exporter's permissions as they are now."""
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, progressed_at=timezone.now()
    )

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(
            processed_rows=done, total_rows=total, progressed_at=timezone.now()
        )

    try:
        export = list_export_for(job.kind)
        written = write_xlsx(
            user=job.created_by,
            queryset=export.rows(job.created_by, QueryDict(job.query)),
            columns=export.columns,
            title=job.title,
            reveal=job.reveal,
            progress=progress,
        )
    except Http404:
        # The exporter lost the list (an assignment ended) after asking.
        _end(job, ExportStatus.FAILED, message=_("您已无权导出该名单"))
    except Exception as error:
        # The frames, not the message: a library's message may quote a row (a name, an
        # address) that the personal-data filter of the log cannot recognise.
        logger.error(
            "export job %s failed: %s\n%s",
            job.pk,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        _end(job, ExportStatus.FAILED, message=_("导出失败，请重试；仍失败请联系管理员"))
    else:
        _end(
            job,
            ExportStatus.READY,
            content=pii.seal_bytes(written.content),
            model=written.model,
            revealed_fields=written.revealed_fields,
            processed_rows=written.row_count,
            total_rows=written.row_count,
        )
    return job


def _end(job: ExportJob, status: str, **fields) -> None:
    now = timezone.now()
    fields = {"status": status, "finished_at": now, **fields}
    if status == ExportStatus.READY:
        fields["expires_at"] = now + EXPORT_KEPT
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))


def export_download(*, job: ExportJob, by, request=None) -> bytes:
    """The finished file, for its exporter only while he may still export (and reveal, for
    a file with full values); the access is logged once the file is read."""
    if job.created_by_id != by.pk or not job.downloadable:
        raise Http404
    if scope_paths(by, EXPORT) == [] or (job.revealed_fields and scope_paths(by, REVEAL) == []):
        raise Http404
    sealed = (
        ExportJob.objects.filter(pk=job.pk)
        .exclude(content=None)
        .values_list("content", flat=True)
        .first()
    )
    if sealed is None:  # dropped since the page was shown
        raise Http404
    content = pii.open_bytes(sealed)
    export_log(
        user=by,
        model=job.model,
        fields=job.revealed_fields,
        reason=job.reason,
        row_count=job.processed_rows,
        request=request,
    )
    return content


def exports_purge(*, now=None) -> int:
    """Drop the files past their download time (the jobs' records stay): at each new
    export, at each look at the list of one's exports, and daily (``shouwang purge-exports``)."""
    now = now or timezone.now()
    return ExportJob.objects.filter(expires_at__lt=now).exclude(content=None).update(content=None)

"""A list's export as a background job: its page, its file, who may have it, for how long."""

import io
import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shouwang.conftest import ID_A, PHONE_A
from shouwang.core import exports, pii
from shouwang.core.forms import ExportForm
from shouwang.core.models import AccessLog, Assignment, ExportJob
from shouwang.core.models.exports import WAITED_LONG_AFTER, ExportStatus
from shouwang.core.services.exports import export_run, export_start, exports_purge
from shouwang.people.exports import PERSON_EXPORT
from shouwang.policies.exports import GRANT_EXPORT

PERSON_EXPORT_URL = "people:person_export"


def rows_of(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def stored(job: ExportJob, column: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM core_exportjob WHERE id = %s", [job.pk])
        return cursor.fetchone()[0]


def street_1_job(users, **fields) -> ExportJob:
    """A job of street_1's people, stored as given (not run)."""
    return ExportJob.objects.create(
        kind=PERSON_EXPORT, title="人员名单", reason="周报", created_by=users.street_1, **fields
    )


@pytest.fixture
def started(client_for, users, people, django_capture_on_commit_callbacks):
    """street_1 asks for his people with their full numbers; the job runs at commit."""
    client = client_for(users.street_1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(PERSON_EXPORT_URL), {"reason": "移交疾控", "reveal": "on"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("core:export_detail", args=[job.pk])
    return client, job


def test_the_job_page_offers_the_file_and_each_download_is_logged(started):
    client, job = started
    page = client.get(reverse("core:export_detail", args=[job.pk]))
    assert 'data-status="ready"' in page.content.decode()
    assert 'data-testid="export-download"' in page.content.decode()
    assert not AccessLog.objects.exists()  # written, not yet handed out
    for _ in range(2):
        response = client.post(reverse("core:export_file", args=[job.pk]))
        assert response["Content-Disposition"].startswith('attachment; filename="people-')
        assert response["Cache-Control"] == "no-store"
        assert ID_A in str(rows_of(response))
    logs = AccessLog.objects.all()
    assert [(log.action, log.row_count, log.fields, log.reason) for log in logs] == 2 * [
        ("export", 2, "document_number,phone", "移交疾控")
    ]


def test_the_file_is_sealed_at_rest(started):
    _client, job = started
    content = bytes(stored(job, "content"))
    assert content.startswith(f"v1.{pii.current_key_id()}.".encode())
    assert b"PK" not in content[:40]  # not the xlsx (a zip) itself
    assert ID_A.encode() not in content and PHONE_A.encode() not in content


def test_the_filters_are_sealed_at_rest_too(client_for, users, people, export_through):
    # A search by ID number posts, so it stays out of URLs: nor does it lie in the job.
    response = export_through(
        client_for(users.street_1), reverse(PERSON_EXPORT_URL), {"reason": "核对", "q": ID_A}
    )
    assert [row[0] for row in rows_of(response)[1:]] == ["张三"]
    assert ID_A not in stored(ExportJob.objects.get(), "query")


@pytest.mark.parametrize("who", ["street_2", "community", "commander"])
def test_nobody_but_the_exporter_sees_or_downloads_the_job(started, client_for, users, who):
    _client, job = started
    other = client_for(getattr(users, who))
    assert other.get(reverse("core:export_detail", args=[job.pk])).status_code == 404
    assert other.post(reverse("core:export_file", args=[job.pk])).status_code == 404
    assert job.title not in other.get(reverse("core:export_list")).content.decode()
    assert not AccessLog.objects.exists()


def test_the_download_is_a_post(started):
    client, job = started
    assert client.get(reverse("core:export_file", args=[job.pk])).status_code == 405


def test_a_file_past_its_time_is_refused_and_then_dropped(started, users):
    client, job = started
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.post(reverse("core:export_file", args=[job.pk])).status_code == 404
    assert stored(job, "content") is not None
    assert exports_purge() == 1
    assert stored(job, "content") is None
    assert ExportJob.objects.filter(pk=job.pk).exists()  # the record stays
    assert "请重新导出" in client.get(reverse("core:export_detail", args=[job.pk])).content.decode()
    assert "已过期" in client.get(reverse("core:export_list")).content.decode()


def test_a_look_at_the_exports_drops_the_files_past_their_time(started):
    client, job = started
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.get(reverse("core:export_list"))
    assert stored(job, "content") is None


def test_a_new_export_drops_the_files_past_their_time(started, users):
    _client, job = started
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    export_start(
        kind="people.persons",
        query=_query(""),
        reason="周报",
        reveal=False,
        by=users.street_1,
        language="zh-hans",
    )
    assert stored(job, "content") is None


def _query(text: str):
    from django.http import QueryDict

    return QueryDict(text)


def test_progress_is_written_as_the_rows_go(users, people, monkeypatch):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)
    job = street_1_job(users)
    written = exports.write_xlsx
    seen = []

    def write(*, progress, **kwargs):
        def progress_seen_by_the_page(done, total):
            progress(done, total)
            seen.append(
                ExportJob.objects.values_list("status", "processed_rows", "total_rows").get()
            )

        return written(progress=progress_seen_by_the_page, **kwargs)

    monkeypatch.setattr("shouwang.core.services.exports.write_xlsx", write)
    export_run(job=job)
    assert seen == [("running", 0, 2), ("running", 1, 2), ("running", 2, 2)]
    assert (job.status, job.processed_rows, job.total_rows) == (ExportStatus.READY, 2, 2)


def test_an_exporter_who_lost_the_list_meanwhile_gets_no_file(
    client_for, users, people, django_capture_on_commit_callbacks
):
    client = client_for(users.street_1)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse(PERSON_EXPORT_URL), {"reason": "周报"})
    Assignment.objects.filter(user=users.street_1).delete()
    for callback in callbacks:
        callback()
    job = ExportJob.objects.get()
    assert (job.status, job.content, job.message) == (
        ExportStatus.FAILED,
        None,
        "您已无权导出该名单",
    )


def test_a_failure_is_said_on_the_job_and_logged_without_personal_data(
    users, people, monkeypatch, caplog
):
    from shouwang.core.pii_logging import RedactPersonalDataFilter

    def broken(**kwargs):
        raise RuntimeError(message)

    message = f"cannot write 张三 广州市某路1号 {ID_A}"  # as a library might quote a row

    monkeypatch.setattr("shouwang.core.services.exports.write_xlsx", broken)
    job = street_1_job(users)
    with caplog.at_level(logging.ERROR):
        export_run(job=job)
    assert job.status == ExportStatus.FAILED and "重试" in job.message
    (record,) = caplog.records
    RedactPersonalDataFilter().filter(record)  # as the project's log handler does
    logged = logging.Formatter().format(record)
    assert f"export job {job.pk} failed: RuntimeError" in logged
    assert "in broken" in logged  # the frames, for whoever mends it
    assert "张三" not in logged and ID_A not in logged  # not the message


@pytest.mark.parametrize("who", ["grid_a", "nobody"])
@pytest.mark.parametrize("reason", ["试试", ""])
def test_who_may_not_export_starts_no_job(client_for, users, people, who, reason):
    response = client_for(getattr(users, who)).post(reverse(PERSON_EXPORT_URL), {"reason": reason})
    assert response.status_code == 404
    assert not ExportJob.objects.exists()


def test_an_area_out_of_reach_starts_no_job(client_for, users, people, tree):
    url = reverse(PERSON_EXPORT_URL) + f"?area={tree.S2.pk}"
    assert client_for(users.street_1).post(url, {"reason": "周报"}).status_code == 404
    assert not ExportJob.objects.exists()


def test_a_missing_reason_goes_back_to_the_list_with_its_filters(client_for, users, people, tree):
    url = reverse(PERSON_EXPORT_URL) + f"?area={tree.S1C1.pk}&page=2"
    response = client_for(users.street_1).post(url, {"reason": "", "q": ID_A})
    # The search posted with the form stays out of the URL.
    assert response["Location"] == reverse("people:person_list") + f"?area={tree.S1C1.pk}"
    assert not ExportJob.objects.exists()


def test_the_list_of_my_exports(started):
    client, job = started
    page = client.get(reverse("core:export_list")).content.decode()
    assert reverse("core:export_detail", args=[job.pk]) in page and "移交疾控" in page
    assert 'data-testid="my-exports"' in page  # in the user menu


def test_the_menu_offers_my_exports_only_to_who_may_export(client_for, users):
    page = client_for(users.grid_a).get(reverse("core:home")).content.decode()
    assert 'data-testid="my-exports"' not in page


def test_key_rotation_reseals_a_waiting_file(started, settings):
    import io as text_io

    from django.core.management import call_command

    client, job = started
    old_key = settings.PII_KEYS[0]
    new_key = pii.new_key()
    settings.PII_KEYS = [new_key, old_key]
    pii.reset_key_cache()
    try:
        call_command("rotate_pii_key", stdout=text_io.StringIO(), verbosity=0)
        settings.PII_KEYS = [new_key]
        pii.reset_key_cache()
        assert pii.sealed_bytes_key_id(stored(job, "content")) == pii.current_key_id()
        assert ID_A in str(rows_of(client.post(reverse("core:export_file", args=[job.pk]))))
    finally:
        pii.reset_key_cache()


def test_a_job_whose_worker_stopped_says_so_and_the_page_stops_asking(client_for, users):
    from shouwang.core.models.exports import STALLED_AFTER

    job = street_1_job(
        users, status=ExportStatus.RUNNING, progressed_at=timezone.now() - timedelta(minutes=1)
    )
    client = client_for(users.street_1)
    url = reverse("core:export_detail", args=[job.pk])
    assert 'hx-trigger="every 1s"' in client.get(url).content.decode()
    ExportJob.objects.filter(pk=job.pk).update(
        progressed_at=timezone.now() - STALLED_AFTER - timedelta(seconds=1)
    )
    page = client.get(url).content.decode()
    assert "已中断" in page and "请重新导出" in page and 'data-testid="export-again"' in page
    assert 'hx-trigger="every 1s"' not in page
    assert "已中断" in client.get(reverse("core:export_list")).content.decode()


def test_a_file_is_not_handed_to_an_exporter_who_lost_his_assignment(started, users):
    client, job = started
    Assignment.objects.filter(user=users.street_1).delete()
    assert client.post(reverse("core:export_file", args=[job.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def without_reveal(monkeypatch):
    """No role exports without revealing today: the check is for the day one does."""
    from shouwang.core.roles import REVEAL
    from shouwang.core.services import exports as services

    held = services.scope_paths
    monkeypatch.setattr(
        services,
        "scope_paths",
        lambda user, permission: [] if permission == REVEAL else held(user, permission),
    )


def test_full_values_are_not_handed_to_an_exporter_who_may_no_longer_reveal(started, monkeypatch):
    client, job = started
    without_reveal(monkeypatch)
    assert client.post(reverse("core:export_file", args=[job.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_masked_file_needs_no_reveal(client_for, users, people, export_through, monkeypatch):
    client = client_for(users.street_1)
    without_reveal(monkeypatch)
    response = export_through(client, reverse(PERSON_EXPORT_URL), {"reason": "周报"})
    assert len(rows_of(response)) == 3


def test_a_file_dropped_since_the_page_was_shown_is_not_logged(started):
    client, job = started
    ExportJob.objects.filter(pk=job.pk).update(content=None)
    assert client.post(reverse("core:export_file", args=[job.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_the_daily_purge_command(started):
    from django.core.management import call_command

    _client, job = started
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert out.getvalue().startswith("1 exported files deleted")
    assert stored(job, "content") is None


def test_a_control_character_in_a_text_is_dropped_not_the_whole_list(
    client_for, users, people, export_through
):
    from shouwang.people.models import Person

    Person.objects.filter(pk=people.a.pk).update(name="张\x0b三")
    response = export_through(
        client_for(users.street_1), reverse(PERSON_EXPORT_URL), {"reason": "周报"}
    )
    assert sorted(row[0] for row in rows_of(response)[1:]) == ["张三", "李四"]


def test_the_export_form_offers_the_full_values_only_for_a_list_with_personal_data(db):
    assert list(ExportForm(kind=PERSON_EXPORT).fields) == ["reason", "reveal"]
    assert list(ExportForm(kind=GRANT_EXPORT).fields) == ["reason"]
    posted = ExportForm({"reason": "核查", "reveal": "on"}, kind=GRANT_EXPORT)
    assert posted.is_valid() and "reveal" not in posted.cleaned_data
    assert not ExportForm({"reason": ""}, kind=PERSON_EXPORT).is_valid()


def test_a_job_left_in_the_queue_says_the_worker_may_be_down_and_asks_less_often(client_for, users):
    job = street_1_job(users)
    client = client_for(users.street_1)
    url = reverse("core:export_detail", args=[job.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and "export-waiting" not in page
    ExportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - WAITED_LONG_AFTER - timedelta(seconds=1)
    )
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="export-waiting"' in page and "系统管理员" in page
    assert 'hx-trigger="every 5s"' in page


def test_an_expired_export_runs_again_with_its_filters_reason_and_choice(
    client_for, users, people, django_capture_on_commit_callbacks
):
    client = client_for(users.street_1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(PERSON_EXPORT_URL), {"reason": "核对", "reveal": "on", "q": ID_A})
    first = ExportJob.objects.get()
    repeat_url = reverse("core:export_repeat", args=[first.pk])
    # While its file can be had, the page offers the file, not another run.
    assert (
        "export-again"
        not in client.get(reverse("core:export_detail", args=[first.pk])).content.decode()
    )
    assert client.post(repeat_url)["Location"] == reverse("core:export_detail", args=[first.pk])
    ExportJob.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(reverse("core:export_detail", args=[first.pk])).content.decode()
    assert 'data-testid="export-again"' in page
    # Another exporter cannot run it.
    assert client_for(users.street_2).post(repeat_url).status_code == 404
    client = client_for(users.street_1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(repeat_url)
    again = ExportJob.objects.exclude(pk=first.pk).get()
    assert response["Location"] == reverse("core:export_detail", args=[again.pk])
    # A second click while that one is on its way starts nothing more.
    ExportJob.objects.filter(pk=again.pk).update(status=ExportStatus.QUEUED)
    assert client.post(repeat_url)["Location"] == response["Location"]
    assert ExportJob.objects.count() == 2
    ExportJob.objects.filter(pk=again.pk).update(status=ExportStatus.READY)
    assert (again.kind, again.reason, again.reveal) == (first.kind, "核对", True)
    assert again.status == ExportStatus.READY and again.processed_rows == 1  # the search kept
    file = client.post(reverse("core:export_file", args=[again.pk]))
    assert ID_A in str(rows_of(file))


def test_an_exporter_who_lost_his_assignment_cannot_run_a_failed_export_again(client_for, users):
    job = street_1_job(users, status=ExportStatus.FAILED)
    client = client_for(users.street_1)
    assert (
        "export-again" in client.get(reverse("core:export_detail", args=[job.pk])).content.decode()
    )
    Assignment.objects.filter(user=users.street_1).delete()
    assert client.post(reverse("core:export_repeat", args=[job.pk])).status_code == 404
    assert ExportJob.objects.count() == 1

"""Upload, validate in the background, preview, choose, write: through the pages."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from shouwang.core.models import Area, ImportJob
from shouwang.core.tests.test_imports import HEADER

NEW_COMMUNITY = ["S1C9", "新社区", "社区", "S1", "", "", ""]
NEW_GRID = ["S1C9G1", "新社区第一网格", "网格", "S1C9", "", "", ""]
BAD_GRID = ["S1C9G2", "错层网格", "网格", "S1", "", "", ""]


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST, then run what the page enqueued on commit: the test transaction never
    commits, so the background tasks would otherwise never start."""

    def send(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return send


@pytest.fixture
def upload(post):
    def send(client, rows, name="tree.csv", encoding="utf-8"):
        content = "\n".join(",".join(r) for r in [HEADER, *rows]).encode(encoding)
        response = post(
            client,
            reverse("core:import_upload", args=["areas"]),
            {"file": SimpleUploadedFile(name, content)},
        )
        return client.get(response.url) if response.status_code == 302 else response

    return send


def test_a_clean_file_is_previewed_then_imported(client_for, users, tree, upload, post):
    client = client_for(users.commander)
    response = upload(client, [NEW_COMMUNITY, NEW_GRID])
    job = ImportJob.objects.get()
    assert job.status == "validated" and job.total_rows == 2 and job.error_rows == 0
    assert "新社区第一网格" in response.content.decode()  # the preview
    assert not Area.objects.filter(code="S1C9").exists()  # nothing before the choice
    post(client, reverse("core:import_detail", args=[job.pk]), {"mode": "all_or_nothing"})
    job.refresh_from_db()
    assert job.status == "done" and job.written_rows == 2
    assert Area.objects.get(code="S1C9G1").path == "D.S1.S1C9.S1C9G1"


def test_errors_are_listed_downloadable_and_block_an_all_or_nothing_import(
    client_for, users, tree, upload, post
):
    client = client_for(users.commander)
    upload(client, [NEW_COMMUNITY, BAD_GRID], encoding="gb18030")
    job = ImportJob.objects.get()
    assert job.error_rows == 1 and job.errors[0]["row"] == 3
    report = client.get(reverse("core:import_errors", args=[job.pk]))
    assert report["Content-Type"].startswith("text/csv")
    assert "网格的上级必须是社区" in report.content.decode("utf-8-sig")
    response = post(
        client, reverse("core:import_detail", args=[job.pk]), {"mode": "all_or_nothing"}
    )
    assert "行错误" in response.content.decode()
    assert not Area.objects.filter(code="S1C9").exists()


def test_the_user_may_choose_to_import_only_the_good_rows(client_for, users, tree, upload, post):
    client = client_for(users.commander)
    upload(client, [NEW_COMMUNITY, BAD_GRID])
    job = ImportJob.objects.get()
    post(client, reverse("core:import_detail", args=[job.pk]), {"mode": "good_rows"})
    job.refresh_from_db()
    assert job.written_rows == 1
    assert Area.objects.filter(code="S1C9").exists()
    assert not Area.objects.filter(code="S1C9G2").exists()


def test_an_unreadable_file_fails_with_a_message(client_for, users, tree, upload, post):
    client = client_for(users.commander)
    upload(client, [NEW_COMMUNITY], name="tree.xlsx")  # CSV bytes under an xlsx name
    job = ImportJob.objects.get()
    assert job.status == "failed" and "Excel" in job.message


def test_who_may_not_manage_areas_cannot_import(client_for, users, tree, upload, post):
    client = client_for(users.street_1)
    page = client.get(reverse("core:import_list"))
    assert "areas" not in [kind for kind, _label in page.context["kinds"]]
    assert upload(client, [NEW_COMMUNITY]).status_code == 404
    assert client_for(users.supervisor).get(reverse("core:import_list")).status_code == 404
    assert not ImportJob.objects.exists()


def test_import_jobs_of_others_are_out_of_reach(client_for, users, tree, upload, post):
    upload(client_for(users.commander), [NEW_COMMUNITY])
    job = ImportJob.objects.get()
    client = client_for(users.street_2)
    assert client.get(reverse("core:import_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:import_errors", args=[job.pk])).status_code == 404


def test_the_preview_masks_personal_data_and_the_file_goes_when_done(
    client_for, users, tree, upload, post
):
    building = ["S1C9", "新社区", "社区", "S1", "", "", ""]
    head = ["S1C9G1", "新网格", "网格", "S1C9", "", "", ""]
    house = ["S1C9G1B1", "1栋", "楼栋", "S1C9G1", "新路1号", "陈大文", "13800001111"]
    client = client_for(users.commander)
    response = upload(client, [building, head, house])
    assert "138****1111" in response.content.decode()
    assert "13800001111" not in response.content.decode()
    job = ImportJob.objects.get()
    assert "13800001111" not in str(job.preview)
    path = job.file.path
    post(client, reverse("core:import_detail", args=[job.pk]), {"mode": "all_or_nothing"})
    job.refresh_from_db()
    assert job.status == "done" and not job.file
    assert not Path(path).exists()


def test_purge_deletes_files_nobody_confirmed(client_for, users, tree, upload):
    upload(client_for(users.commander), [NEW_COMMUNITY])
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=3))
    call_command("purge_imports", stdout=io.StringIO())
    job.refresh_from_db()
    assert not job.file and job.status == "validated"


def test_a_superuser_may_load_the_first_tree_into_an_empty_database(client, db, upload, post):
    from shouwang.core.models import User

    admin = User.objects.create_superuser("root", password="x-long-passphrase")
    client.force_login(admin)
    upload(client, [["440402", "香洲区", "区", "", "", "", ""]])
    job = ImportJob.objects.get()
    assert job.area is None and job.status == "validated"
    post(client, reverse("core:import_detail", args=[job.pk]), {"mode": "all_or_nothing"})
    assert Area.objects.get(code="440402").path == "440402"

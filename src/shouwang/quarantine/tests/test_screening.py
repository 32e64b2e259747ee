from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from shouwang.conftest import ID_A, ID_B
from shouwang.core.imports import ImportRejected
from shouwang.people.choices import Measure
from shouwang.people.models import HistoryEntry, Person
from shouwang.people.services import history_entry_record
from shouwang.quarantine.manifest import ManifestImporter
from shouwang.quarantine.models import ScreeningEntry
from shouwang.quarantine.selectors.screening import UnresolvedPlace, screening_report
from shouwang.quarantine.services import (
    screening_allocate,
    screening_event_create,
    screening_flag,
    screening_temperature_record,
)
from shouwang.quarantine.views import screening as screening_views

HEADER = "姓名,证件号码,舱位/分组,身份,常住地,旅行史,居住史,体温\n"
GOOD = (
    f"张三,{ID_A},8101,旅客,珠海市香洲区,越南岘港,,36.5\n"
    f"李四,{ID_B},8101,旅客,湖北省武汉市,,湖北省武汉市,36.8\n"
    "王五,11010519491231002X,8102,船员,北京市东城区,,武汉市江汉区,37.9\n"
)


@pytest.fixture
def event(tree):
    return screening_event_create(
        name="歌诗达·威尼斯号", kind="ship", area=tree.S1, held_on=timezone.localdate(), by=None
    )


def _file(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "manifest.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_manifest_in_every_encoding_lands_everyone_in_the_register_once(
    tmp_path, event, people, encoding
):
    written, _result = ManifestImporter(event=event).import_file(
        _file(tmp_path, HEADER + GOOD, encoding)
    )
    assert written == 3
    # Two of them were registered already: found by document, not duplicated.
    assert Person.objects.count() == 3
    entries = ScreeningEntry.objects.filter(event=event).order_by("row")
    assert [(e.row, e.group, e.role) for e in entries] == [
        (2, "8101", "passenger"),
        (3, "8101", "passenger"),
        (4, "8102", "crew"),
    ]
    assert HistoryEntry.objects.filter(person=people.b, region_code="420100").exists()
    people.a.refresh_from_db()
    assert people.a.last_arrival_on == event.held_on


def test_bad_rows_are_listed_by_row_and_field_and_nothing_is_written(tmp_path, event):
    bad = (
        HEADER
        + GOOD
        + "赵六,440402199001010015,8103,旅客,珠海,,,36.5\n"  # bad check digit
        + f"钱七,{ID_A},8104,旅客,珠海,,,36.6\n"  # duplicate of row 2
        + "孙八,E55555555,8105,旅客,火星基地,,,36.6\n"  # unknown region
        + "周九,E66666666,8106,游客,珠海,,,33.0\n"  # bad role and temperature
    )
    path = _file(tmp_path, bad)
    importer = ManifestImporter(event=event)
    with pytest.raises(ImportRejected) as rejected:
        importer.import_file(path)
    found = {(e.row, e.field) for e in rejected.value.errors}
    assert {(5, "证件号码"), (6, "证件号码"), (7, "常住地"), (8, "身份"), (8, "体温")} <= found
    assert not ScreeningEntry.objects.exists() and not Person.objects.exists()
    written, _ = ManifestImporter(event=event).import_file(path, good_rows_only=True)
    assert written == 3
    assert ScreeningEntry.objects.count() == 3


def test_a_second_upload_of_the_same_people_is_refused(tmp_path, event):
    ManifestImporter(event=event).import_file(_file(tmp_path, HEADER + GOOD))
    with pytest.raises(ImportRejected) as rejected:
        ManifestImporter(event=event).import_file(_file(tmp_path, HEADER + GOOD))
    assert {e.message for e in rejected.value.errors} == {"已在本次筛查名单中"}
    assert ScreeningEntry.objects.count() == 3


def test_flag_allocate_and_report(tmp_path, event, wuhan_rules, sites, users):
    ManifestImporter(event=event).import_file(_file(tmp_path, HEADER + GOOD))
    assert screening_flag(event=event, by=users.street_1) == 2
    flagged = dict(ScreeningEntry.objects.filter(flagged=True).values_list("name", "reasons"))
    assert set(flagged) == {"李四", "王五"}
    assert "武汉" in flagged["李四"] and "37.9" in flagged["王五"]
    result = screening_allocate(event=event, sites=[sites.a, sites.b], by=users.street_1)
    # Two groups (cabins 8101 and 8102), each in the site with the most free beds then.
    assert result == {"placed": {"银华酒店": 1, "卓汇健康驿站": 1}, "unplaced": 0}
    report = screening_report(event)
    assert (report.on_manifest, report.screened, report.flagged, report.placed) == (3, 3, 2, 2)
    assert report.not_placed == 0
    assert ScreeningEntry.objects.get(name="李四").stay.person.measure == (
        Measure.CENTRALISED_QUARANTINE
    )


def test_a_cabin_stays_together(tmp_path, event, wuhan_rules, sites, users):
    family = HEADER + "".join(
        f"旅客{n},E1000000{n},9001,旅客,武汉市,,武汉市,36.6\n" for n in range(3)
    )
    ManifestImporter(event=event).import_file(_file(tmp_path, family))
    screening_flag(event=event, by=users.street_1)
    screening_allocate(event=event, sites=[sites.a, sites.b], by=users.street_1)
    rooms = set(ScreeningEntry.objects.values_list("stay__room__number", "stay__site"))
    assert len(rooms) == 1 and next(iter(rooms))[0] == "301"


def test_without_room_for_a_group_nobody_of_it_is_placed(
    tmp_path, event, wuhan_rules, sites, users
):
    family = HEADER + "".join(
        f"旅客{n},E2000000{n},9002,旅客,武汉市,,武汉市,36.6\n" for n in range(5)
    )
    ManifestImporter(event=event).import_file(_file(tmp_path, family))
    screening_flag(event=event, by=users.street_1)
    sites.a.capacity = 4
    sites.a.save()
    result = screening_allocate(event=event, sites=[sites.a], by=users.street_1)
    assert result == {"placed": {}, "unplaced": 5}


def test_temperature_in_the_keyboard_flow(tmp_path, event, users):
    ManifestImporter(event=event).import_file(_file(tmp_path, "姓名,证件号码\n" + f"张三,{ID_A}\n"))
    entry = ScreeningEntry.objects.get()
    screening_temperature_record(entry=entry, temperature="36.4", by=users.street_1)
    assert str(ScreeningEntry.objects.get().temperature) == "36.4"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        screening_temperature_record(entry=entry, temperature="45", by=users.street_1)
    assert "temperature" in error.value.message_dict


def test_site_staff_cannot_allocate(tmp_path, event, sites, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        screening_allocate(event=event, sites=[sites.a], by=staff.site_a)


def test_manifest_through_the_shared_import_page(
    client_for, users, event, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shouwang.core.models import ImportJob

    client = client_for(users.street_1)
    upload = SimpleUploadedFile("manifest.csv", (HEADER + GOOD).encode("gb18030"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("quarantine:event_detail", args=[event.pk]), {"file": upload}
        )
    job = ImportJob.objects.get()
    assert response.url == reverse("core:import_detail", args=[job.pk])
    assert (job.status, job.total_rows, job.error_rows) == ("validated", 3, 0)
    assert "4404" in str(job.preview) and "440402199001010014" not in str(job.preview)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:import_detail", args=[job.pk]), {"mode": "all_or_nothing"})
    job.refresh_from_db()
    assert (job.status, job.written_rows) == ("done", 3)
    assert ScreeningEntry.objects.filter(event=event).count() == 3


def test_the_event_page_names_the_places_the_rules_cannot_match(
    tmp_path, client_for, users, event, people, django_assert_max_num_queries, monkeypatch
):
    typo = "赵六,E77777777,8103,旅客,珠海市香洲区,五汉;越南岘港,,36.6\n"
    ManifestImporter(event=event).import_file(_file(tmp_path, HEADER + GOOD + typo))
    # The person's own history, from before the event: not the manifest's to name.
    history_entry_record(
        person=people.a, kind="travel", place="火星基地", from_date=date(2020, 1, 1), by=None
    )
    client = client_for(users.street_1)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("quarantine:event_detail", args=[event.pk]))
    box = page.content.decode().split('data-testid="unresolved-places"')[1].split("</div>")[0]
    items = [item.split("</li>")[0] for item in box.split("<li>")[1:]]
    assert items == ["越南岘港：第 2、5 行", "五汉：第 5 行"]

    monkeypatch.setattr(screening_views, "PLACES_SHOWN", 1)
    page = client.get(reverse("quarantine:event_detail", args=[event.pk]))
    box = page.content.decode().split('data-testid="unresolved-places"')[1].split("</div>")[0]
    items = [item.split("</li>")[0] for item in box.split("<li>")[1:]]
    assert items == ["越南岘港：第 2、5 行", "另有 1 处地点"]


def test_site_staff_cannot_upload_a_manifest(client_for, staff, event, sites):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile("manifest.csv", (HEADER + GOOD).encode())
    response = client_for(staff.site_a).post(
        reverse("quarantine:event_detail", args=[event.pk]), {"file": upload}
    )
    assert response.status_code == 404


def test_a_place_on_many_rows_names_the_first_ten():
    found = UnresolvedPlace("新加坡", list(range(2, 14)))
    assert (found.rows_shown, found.rows_not_shown) == (list(range(2, 12)), 2)

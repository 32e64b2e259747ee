"""The watch list, risk areas and devices kept per process stay current (reference.py)."""

from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.test.utils import CaptureQueriesContext

from shouwang.checkpoints import reference
from shouwang.checkpoints.choices import FlagKind
from shouwang.checkpoints.models import (
    Checkpoint,
    Device,
    Passage,
    ReferenceTableVersion,
    WatchedVehicle,
)
from shouwang.checkpoints.services import device_revoke, passage_register, watched_vehicle_add
from shouwang.checkpoints.tests.conftest import RoutedClient, occupant, vehicle
from shouwang.conftest import trigger_names
from shouwang.core.choices import AreaLevel
from shouwang.core.models import Area
from shouwang.core.services.areas import area_create
from shouwang.people.models import RiskArea
from shouwang.people.selectors import risk_areas_matching


def kinds(checkpoint, by, **overrides):
    passage, _ = passage_register(checkpoint=checkpoint, by=by, **vehicle(**overrides))
    return {flag["kind"] for flag in passage.flags}


@contextmanager
def as_another_process():
    """Changes this process's signals do not report: what another worker's write looks
    like to this one, which then has only the database's version to go by."""
    pairs = [
        (signal, model)
        for signal in (post_save, post_delete)
        for model in (WatchedVehicle, RiskArea, Device)
    ]
    for signal, model in pairs:
        signal.disconnect(reference.reference_changed, sender=model)
    try:
        yield
    finally:
        for signal, model in pairs:
            signal.connect(reference.reference_changed, sender=model)


def test_a_plate_watched_by_another_process_flags_the_next_passage(checkpoints, staff, tree):
    assert kinds(checkpoints.a, staff.a) == set()
    with as_another_process():
        watched_vehicle_add(plate="粤C12345", reason="涉疫车辆", area=tree.D, by=None)
    assert kinds(checkpoints.a, staff.a) == {FlagKind.WATCHED_VEHICLE}


def test_a_risk_area_listed_by_another_process_flags_the_next_passage(checkpoints, staff):
    assert kinds(checkpoints.a, staff.a, occupants=[occupant(origin="武汉")]) == set()
    with as_another_process():
        RiskArea.objects.create(
            region_code="420100", name="武汉市", level="high", valid_from=date(2020, 1, 1)
        )
    assert kinds(checkpoints.a, staff.a, occupants=[occupant(origin="武汉")]) == {
        FlagKind.RISK_AREA
    }


def test_a_watch_entry_ended_is_no_longer_flagged(checkpoints, staff, tree):
    watched = watched_vehicle_add(plate="粤C12345", reason="涉疫车辆", area=tree.D, by=None)
    assert kinds(checkpoints.a, staff.a) == {FlagKind.WATCHED_VEHICLE}
    with as_another_process():
        watched.active = False
        watched.save()
    assert kinds(checkpoints.a, staff.a) == set()


def test_rows_added_in_bulk_without_history_are_seen(checkpoints, staff, tree):
    assert kinds(checkpoints.a, staff.a) == set()
    WatchedVehicle.objects.bulk_create(
        [WatchedVehicle(plate="粤C12345", reason="涉疫车辆", area=tree.D)]
    )
    assert kinds(checkpoints.a, staff.a) == {FlagKind.WATCHED_VEHICLE}


def test_rows_deleted_in_bulk_by_another_process_are_seen(checkpoints, staff, tree):
    watched_vehicle_add(plate="粤C12345", reason="涉疫车辆", area=tree.D, by=None)
    watched_vehicle_add(plate="粤C12346", reason="涉疫车辆", area=tree.D, by=None)
    assert kinds(checkpoints.a, staff.a) == {FlagKind.WATCHED_VEHICLE}
    with as_another_process():
        WatchedVehicle.objects.filter(plate="粤C12345").delete()
    assert kinds(checkpoints.a, staff.a) == set()


def test_a_change_this_process_rolled_back_is_forgotten(checkpoints, staff, tree):
    with pytest.raises(RuntimeError), transaction.atomic():
        watched_vehicle_add(plate="粤C12345", reason="涉疫车辆", area=tree.D, by=None)
        assert kinds(checkpoints.a, staff.a) == {FlagKind.WATCHED_VEHICLE}
        raise RuntimeError("rolled back")
    assert kinds(checkpoints.a, staff.a) == set()


def test_a_write_past_the_models_is_seen_at_once(checkpoints, staff, tree):
    watched_vehicle_add(plate="粤C12345", reason="涉疫车辆", area=tree.D, by=None)
    assert kinds(checkpoints.a, staff.a) == {FlagKind.WATCHED_VEHICLE}
    WatchedVehicle.objects.update(active=False)  # no signal, no history row, no row added
    assert kinds(checkpoints.a, staff.a) == set()


def _version() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(reference.VERSION_SQL)
        return cursor.fetchone()


#: A write to each kept table, in raw SQL; for the areas a move, the only change kept.
_RAW_WRITES = {
    WatchedVehicle: "UPDATE checkpoints_watchedvehicle SET id = id",
    RiskArea: "UPDATE people_riskarea SET id = id",
    Device: "UPDATE checkpoints_device SET id = id",
    Checkpoint: "UPDATE checkpoints_checkpoint SET id = id",
    Area: "UPDATE core_area SET path = path || '.9' WHERE id = (SELECT max(id) FROM core_area)",
}


@pytest.mark.parametrize("model", reference.VERSIONED_MODELS, ids=lambda m: m.__name__)
def test_any_statement_writing_a_kept_table_changes_its_part_of_the_version(
    model, checkpoints, device_a, tree
):
    """Every table the data is loaded from has its trigger (a table created again by a
    later migration would lose it): raw SQL, in the same transaction as earlier writes."""
    watched_vehicle_add(plate="粤C12345", reason="涉疫车辆", area=tree.D, by=None)
    RiskArea.objects.create(
        region_code="420100", name="武汉市", level="high", valid_from=date(2020, 1, 1)
    )
    part = reference.VERSIONED_MODELS.index(model)
    for _ in range(2):
        before = _version()
        with connection.cursor() as cursor:
            cursor.execute(_RAW_WRITES[model])
        after = _version()
        assert after[part] != before[part]
        assert after[:part] + after[part + 1 :] == before[:part] + before[part + 1 :]


def test_areas_added_or_renamed_leave_the_version_alone(checkpoints, tree):
    """Grid workers edit buildings all day and imports add areas by the thousand: neither
    touches the kept data (a device's checkpoint keeps its area's path)."""
    before = _version()
    area_create(level=AreaLevel.BUILDING, code="B-9", name="9栋", parent=tree.S1C1GA, by=None)
    tree.S1C1GA.name = "第一网格（东）"
    tree.S1C1GA.save()
    assert _version() == before


def test_a_device_revoked_by_another_process_is_refused_at_once(
    checkpoints, device_a, device_client
):
    device, token = device_a
    api = device_client(token)
    url = f"/api/v1/checkpoints/{checkpoints.a.pk}/passages/"
    assert api.post(url, vehicle(), format="json").status_code == 201
    with as_another_process():
        device_revoke(device=device, by=None)
    assert api.post(url, vehicle(), format="json").status_code == 401


def test_a_revoked_device_is_refused_its_stored_records_and_its_errors(
    checkpoints, device_a, device_client
):
    """Answers decided before the flags (a resend, a refusal) wait for the version too."""
    device, token = device_a
    api = device_client(token)
    url = f"/api/v1/checkpoints/{checkpoints.a.pk}/passages/"
    payload = vehicle()
    assert api.post(url, payload, format="json").status_code == 201
    with as_another_process():
        device_revoke(device=device, by=None)
    assert api.post(url, {**payload, "plate": "粤C1"}, format="json").status_code == 401
    assert api.post(url, vehicle(plate="粤C1"), format="json").status_code == 401


def next_passage_flags_a_plate_watched_meanwhile(api, checkpoint, tree) -> None:
    url = f"/api/v1/checkpoints/{checkpoint.pk}/passages/"
    assert api.post(url, vehicle(), format="json").json()["flags"] == []
    with as_another_process():
        watched_vehicle_add(plate="粤C12345", reason="涉疫车辆", area=tree.D, by=None)
    answer = api.post(url, vehicle(), format="json")
    assert answer.status_code == 201
    assert [flag["kind"] for flag in answer.json()["flags"]] == [FlagKind.WATCHED_VEHICLE]
    assert Passage.objects.filter(flagged=True).count() == 1  # written once


def test_a_plate_watched_by_another_process_flags_a_devices_next_passage(
    checkpoints, device_a, device_client, tree
):
    _, token = device_a
    next_passage_flags_a_plate_watched_meanwhile(device_client(token), checkpoints.a, tree)


def test_a_plate_watched_by_another_process_flags_the_pages_next_passage(
    checkpoints, staff, tree, api_for
):
    """The page's request evaluates with the data as last loaded; its write, finding the
    version moved on, writes nothing, and the service starts again from current data."""
    next_passage_flags_a_plate_watched_meanwhile(api_for(staff.a), checkpoints.a, tree)


VERSIONS = ReferenceTableVersion._meta.db_table


def test_the_version_is_read_once_a_request(checkpoints, device_a, device_client):
    _, token = device_a
    api = device_client(token)
    url = f"/api/v1/checkpoints/{checkpoints.a.pk}/passages/"
    assert api.post(url, vehicle(), format="json").status_code == 201
    with CaptureQueriesContext(connection) as captured:
        assert api.post(url, vehicle(), format="json").status_code == 201
    statements = [q["sql"] for q in captured.captured_queries]
    assert sum(VERSIONS in sql for sql in statements) == 1
    assert not any('FROM "checkpoints_device"' in sql for sql in statements)  # kept


def test_on_the_devices_road_a_passage_is_one_statement_on_postgresql(checkpoints, device_a):
    """On PostgreSQL the version, the people register and the writes are one statement;
    elsewhere the version with the register, then the rows one by one."""
    _, token = device_a
    api = RoutedClient(f"Device {token}")
    url = f"/api/v1/checkpoints/{checkpoints.a.pk}/passages/"
    assert api.post(url, vehicle()).status_code == 201
    with CaptureQueriesContext(connection) as captured:
        assert api.post(url, vehicle()).status_code == 201
    # The test's own transaction puts a savepoint around the write; a server has none.
    statements = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert VERSIONS in statements[0] and "people_person" in statements[0]
    if connection.vendor == "postgresql":
        assert len(statements) == 1 and 'INSERT INTO "checkpoints_passage"' in statements[0]


@pytest.mark.parametrize("code", ["420102", "420100", "420000", "440402", ""])
def test_the_kept_risk_areas_match_as_the_people_register_does(db, code):
    listed = [
        ("420000", "湖北省", "medium", date(2020, 1, 1), None),
        ("420100", "武汉市", "high", date(2020, 1, 1), None),
        ("420102", "江岸区", "high", date(2020, 1, 1), None),
        ("420102", "江岸区（旧）", "high", date(2019, 1, 1), date(2019, 12, 31)),
        ("440402", "香洲区", "low", date(2020, 1, 1), None),
    ]
    for region_code, name, level, valid_from, valid_to in listed:
        RiskArea.objects.create(
            region_code=region_code,
            name=name,
            level=level,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    on = date(2020, 6, 1)
    assert reference.reference_data().risk_areas_matching([code], on) == risk_areas_matching(
        [code], on
    )


def test_whether_a_guarded_write_wrote_is_the_statements_answer(checkpoints, staff):
    """Another thread may reload the kept data between the evaluation and the write: the
    cache alone cannot tell whether the write went ahead."""
    reference._request_started(None)
    reference.reference_data()  # a request loads the data; the next one guards its write
    reference._request_finished(None)
    reference._request_started(None)
    try:
        _data, expected = reference.reference_for_write()
        assert expected is not None
        with pytest.raises(reference.ReferenceChanged):
            reference.confirm_version(expected, written=False)  # same version, nothing written
        reference.confirm_version((0,) * len(expected), written=True)  # another, but written
    finally:
        reference._request_finished(None)


def test_the_reference_tables_triggers_are_in_place_after_the_migrations(db):
    # A later migration that rebuilds one of these tables must create its triggers again.
    for model in reference.VERSIONED_MODELS:
        table = model._meta.db_table
        assert any(name.startswith("checkpoints_reference_") for name in trigger_names(table)), (
            table
        )

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shouwang.checkpoints import services
from shouwang.checkpoints.choices import FlagKind
from shouwang.checkpoints.models import HourlyCount, Occupant, Passage
from shouwang.checkpoints.services import passage_register, watched_vehicle_add
from shouwang.checkpoints.tests.conftest import occupant, vehicle
from shouwang.conftest import ID_A
from shouwang.core.choices import Role
from shouwang.core.models import Alert, AuditEvent
from shouwang.people.choices import Measure
from shouwang.people.models import RiskArea
from shouwang.people.services import measure_change


def register(checkpoint, by, **overrides):
    values = vehicle(**overrides)
    return passage_register(checkpoint=checkpoint, by=by, **values)


def flag_kinds(passage):
    return {flag["kind"] for flag in passage.flags}


def test_a_vehicle_with_two_occupants_is_stored_sealed(checkpoints, staff):
    passage, created = register(checkpoints.a, staff.a)
    assert created
    assert passage.area == checkpoints.a.area
    occupants = list(passage.occupants.order_by("seat"))
    assert [o.name for o in occupants] == ["张三", "李四"]
    assert occupants[0].document_masked == "440402********0014"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT document_number FROM {Occupant._meta.db_table}")
        stored = [row[0] for row in cursor.fetchall()]
    assert ID_A not in str(stored) and stored[0].startswith("v1.")
    assert not passage.flagged


def test_a_resend_is_answered_with_the_stored_passage(checkpoints, staff):
    key = str(uuid.uuid4())
    first, created = register(checkpoints.a, staff.a, client_uuid=key)
    again, created_again = register(checkpoints.a, staff.a, client_uuid=key, plate="粤C99999")
    assert created and not created_again
    assert again.pk == first.pk and again.plate == "粤C12345"
    assert Passage.objects.count() == 1
    assert HourlyCount.objects.get().persons == 2


def test_a_uuid_of_another_checkpoint_is_refused(checkpoints, users):
    key = str(uuid.uuid4())
    register(checkpoints.a, users.commander, client_uuid=key)
    with pytest.raises(ValidationError) as raised:
        register(checkpoints.c, users.commander, client_uuid=key)
    assert "client_uuid" in raised.value.message_dict


def test_a_passage_writes_one_audit_event(checkpoints, staff):
    passage, _ = register(checkpoints.a, staff.a)
    event = AuditEvent.objects.get(model="checkpoints.passage", object_id=str(passage.pk))
    assert event.user == staff.a


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"plate": "粤C1234"}, "plate"),
        ({"direction": "sideways"}, "direction"),
        ({"occupants": []}, "occupants"),
        ({"occupants": [occupant(temperature="33.9")]}, "occupants.0.temperature"),
        ({"occupants": [occupant(temperature="43.1")]}, "occupants.0.temperature"),
        ({"occupants": [occupant(temperature="hot")]}, "occupants.0.temperature"),
        (
            {"occupants": [occupant(), occupant(document_number="440402199001010015")]},
            "occupants.1.document_number",
        ),
        ({"occupants": [occupant(phone="12345")]}, "occupants.0.phone"),
        ({"occupants": [occupant(name=" ")]}, "occupants.0.name"),
        ({"mode": "foot", "plate": ""}, "occupants"),  # two people on foot
    ],
)
def test_bad_input_is_refused_naming_the_field(checkpoints, staff, overrides, field):
    with pytest.raises(ValidationError) as raised:
        register(checkpoints.a, staff.a, **overrides)
    assert field in raised.value.message_dict
    assert not Passage.objects.exists()
    assert not HourlyCount.objects.exists()


def test_temperature_bounds_are_inclusive(checkpoints, staff):
    for temperature in ("34.0", "43.0"):
        register(checkpoints.a, staff.a, occupants=[occupant(temperature=temperature)])
    assert Passage.objects.count() == 2


def test_a_person_on_foot_has_no_plate(checkpoints, staff):
    passage, _ = register(checkpoints.b, staff.b, mode="foot", occupants=[occupant()])
    assert passage.plate == "" and passage.vehicle_kind == ""
    assert HourlyCount.objects.get().vehicles == 0


def test_staff_cannot_register_at_another_checkpoint(checkpoints, staff):
    with pytest.raises(ValidationError):
        register(checkpoints.b, staff.a)
    with pytest.raises(ValidationError):
        register(checkpoints.a, staff.c)


def test_a_closed_checkpoint_takes_no_passages(checkpoints, staff):
    checkpoints.a.closes_on = timezone.localdate() - timedelta(days=1)
    checkpoints.a.save()
    with pytest.raises(ValidationError) as raised:
        register(checkpoints.a, staff.a)
    assert "checkpoint" in raised.value.message_dict


def test_a_resend_after_the_checkpoint_closed_gets_the_stored_passage(checkpoints, staff):
    key = str(uuid.uuid4())
    first, _ = register(checkpoints.a, staff.a, client_uuid=key)
    checkpoints.a.closes_on = timezone.localdate() - timedelta(days=1)
    checkpoints.a.save()
    again, created = register(checkpoints.a, staff.a, client_uuid=key)
    assert (again.pk, created) == (first.pk, False)


def test_an_offline_record_keeps_its_time_but_not_from_the_future(checkpoints, staff):
    earlier = timezone.now() - timedelta(hours=5)
    passage, _ = register(checkpoints.a, staff.a, passed_at=earlier)
    assert passage.passed_at == earlier
    with pytest.raises(ValidationError):
        register(checkpoints.a, staff.a, passed_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(ValidationError):
        register(checkpoints.a, staff.a, passed_at=timezone.now() - timedelta(days=8))


# --- flags -----------------------------------------------------------------------------


def test_fever_at_the_threshold_flags(checkpoints, staff):
    passage, _ = register(
        checkpoints.a,
        staff.a,
        occupants=[
            occupant(temperature="37.3"),
            occupant(name="李四", document_number="440402198505050023", temperature="37.2"),
        ],
    )
    assert passage.flagged
    assert passage.flags == [{"kind": FlagKind.FEVER, "seat": 0, "detail": "37.3"}]
    count = HourlyCount.objects.get()
    assert (count.vehicles, count.persons, count.fevers, count.flagged) == (1, 2, 1, 1)


def test_origin_or_travel_in_a_risk_area_flags(checkpoints, staff):
    RiskArea.objects.create(
        region_code="420100", name="武汉市", level="high", valid_from=date(2020, 1, 1)
    )
    by_origin, _ = register(checkpoints.a, staff.a, occupants=[occupant(origin="武汉")])
    assert flag_kinds(by_origin) == {FlagKind.RISK_AREA}
    assert by_origin.occupants.get().origin_code == "420100"
    by_travel, _ = register(
        checkpoints.a, staff.a, occupants=[occupant(origin="广州", travel="长沙、武汉")]
    )
    assert flag_kinds(by_travel) == {FlagKind.RISK_AREA}
    elsewhere, _ = register(checkpoints.a, staff.a, occupants=[occupant(origin="珠海")])
    assert not elsewhere.flagged


def test_a_low_risk_listing_does_not_flag(checkpoints, staff):
    RiskArea.objects.create(
        region_code="440100", name="广州市", level="low", valid_from=date(2020, 1, 1)
    )
    passage, _ = register(checkpoints.a, staff.a, occupants=[occupant(origin="广州")])
    assert not passage.flagged


@pytest.mark.parametrize(
    ("measure", "flagged"),
    [
        (Measure.HOME_ISOLATION, True),
        (Measure.CENTRALISED_QUARANTINE, True),
        (Measure.HOSPITAL, True),
        (Measure.HEALTH_MONITORING, False),
        (Measure.RELEASED, False),
    ],
)
def test_a_person_under_a_measure_forbidding_passage_is_flagged(
    checkpoints, staff, people, measure, flagged
):
    measure_change(
        person=people.a, measure=measure, start=timezone.localdate(), reason="密接", by=None
    )
    passage, _ = register(checkpoints.a, staff.a, occupants=[occupant()])
    assert passage.flagged is flagged
    occupant_row = passage.occupants.get()
    assert occupant_row.person == people.a


def test_a_watched_vehicle_flags(checkpoints, staff, tree):
    watched_vehicle_add(plate="粤c 12345", reason="涉疫车辆", area=tree.D, by=None)
    passage, _ = register(checkpoints.a, staff.a)
    assert passage.flags[0] == {
        "kind": FlagKind.WATCHED_VEHICLE,
        "seat": None,
        "detail": "涉疫车辆",
    }


# --- alerts ----------------------------------------------------------------------------


def test_a_flag_alerts_the_checkpoint_shift_and_the_persons_community(
    checkpoints, staff, people, users, django_capture_on_commit_callbacks
):
    measure_change(
        person=people.a,
        measure=Measure.HOME_ISOLATION,
        start=timezone.localdate(),
        reason="入境",
        by=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        register(checkpoints.c, staff.c, occupants=[occupant(temperature="38.0")])
    to_staff = Alert.objects.get(role=Role.CHECKPOINT_STAFF)
    assert to_staff.area == checkpoints.c.area
    assert to_staff.level == "urgent"
    assert "38.0" in to_staff.body
    to_community = Alert.objects.get(role=Role.COMMUNITY_OFFICER)
    assert to_community.area.code == "S1C1"  # 张三 lives in 昌盛社区, not at checkpoint C
    assert Alert.objects.for_inbox(staff.c).count() == 1
    assert Alert.objects.for_inbox(staff.a).count() == 0
    assert Alert.objects.for_inbox(users.community).count() == 1


def test_no_alert_without_a_flag(checkpoints, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(checkpoints.a, staff.a)
    assert not Alert.objects.exists()


def test_hourly_counts_add_up_per_hour(checkpoints, staff):
    now = timezone.now()
    register(checkpoints.a, staff.a, passed_at=now - timedelta(hours=1))
    register(checkpoints.a, staff.a, passed_at=now)
    register(checkpoints.a, staff.a, passed_at=now)
    counts = list(HourlyCount.objects.order_by("hour").values_list("vehicles", "persons"))
    assert sum(v for v, _ in counts) == 3
    assert sum(p for _, p in counts) == 6
    assert Decimal(counts[-1][1]) >= 2


# --- the write: all or nothing, one statement on PostgreSQL ----------------------------


def _written():
    return (
        Passage.objects.count(),
        Occupant.objects.count(),
        AuditEvent.objects.filter(model="checkpoints.passage").count(),
        HourlyCount.objects.count(),
    )


@pytest.mark.django_db(transaction=True)
def test_a_failed_write_leaves_nothing_behind(checkpoints, staff, monkeypatch):
    # Outside any transaction, as a device's request runs: on PostgreSQL the one statement
    # in autocommit, elsewhere the transaction of the service.
    def broken_row(passage, occupant, flags):
        row = row_of(passage, occupant, flags)
        row.seat = -1  # refused by the column's check constraint, after the passage row
        return row

    row_of = services._occupant_row
    monkeypatch.setattr(services, "_occupant_row", broken_row)
    with pytest.raises(IntegrityError):
        register(checkpoints.a, staff.a)
    assert _written() == (0, 0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_a_passage_outside_a_transaction_writes_all_its_rows(checkpoints, staff):
    passage, created = register(checkpoints.a, staff.a, occupants=[occupant(temperature="38")])
    assert created and _written() == (1, 1, 1, 1)
    event = AuditEvent.objects.get(model="checkpoints.passage")
    assert event.object_id == str(passage.pk) and event.area_path == checkpoints.a.area.path
    assert [o.pk for o in passage.occupant_rows] == list(
        passage.occupants.values_list("pk", flat=True)
    )
    count = HourlyCount.objects.get()
    assert (count.vehicles, count.persons, count.fevers, count.flagged) == (1, 1, 1, 1)
    again, created_again = register(checkpoints.a, staff.a, client_uuid=passage.client_uuid)
    assert not created_again and again.pk == passage.pk and _written() == (1, 1, 1, 1)


def test_on_postgresql_the_rows_go_in_one_statement(checkpoints, staff):
    with CaptureQueriesContext(connection) as captured:
        register(checkpoints.a, staff.a)
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().startswith(("INSERT", "WITH"))
    ]
    assert len(writes) == (1 if connection.vendor == "postgresql" else 4)


@pytest.mark.parametrize("in_request", [False, True], ids=["loading", "guarded"])
def test_on_postgresql_the_write_flags_as_the_python_rule_does(
    checkpoints, staff, people, tree, in_request
):
    """The register's part of the flags is SQL on PostgreSQL (flags.seat_flags_sql), Python
    elsewhere (FlagEvaluator): both give the same flags, in the same order, for the same
    people, whether the write reads the version itself (in a request, data loaded) or not."""
    from shouwang.checkpoints import reference
    from shouwang.checkpoints.flags import FlagEvaluator
    from shouwang.conftest import ID_B

    if connection.vendor != "postgresql":
        pytest.skip("the SQL rule is PostgreSQL's")
    for person in (people.a, people.b):
        measure_change(
            person=person,
            measure=Measure.HOME_ISOLATION,
            start=timezone.localdate(),
            reason="密接",
            by=None,
        )
    RiskArea.objects.create(
        region_code="420100", name="武汉市", level="high", valid_from=date(2020, 1, 1)
    )
    watched_vehicle_add(plate="粤C12345", reason="涉疫车辆", area=tree.D, by=None)
    riders = [
        occupant(),  # 张三, at home isolation
        occupant(name="李四", document_number=ID_B, temperature="38.2", origin="武汉"),
        occupant(name="王五", document_number="11010519491231002X"),  # not registered
        occupant(name="张三同证", temperature="37.5"),  # 张三's document a second time
        *[occupant(name=f"乘客{n}", document_number=ID_B) for n in range(56)],
    ]
    if in_request:
        # A request loads the data; the next one evaluates with it and guards its write.
        reference._request_started(None)
        register(checkpoints.a, staff.a)
        reference._request_finished(None)
        reference._request_started(None)
    try:
        with CaptureQueriesContext(connection) as captured:
            passage, created = register(checkpoints.a, staff.a, occupants=riders)
    finally:
        reference._request_finished(None)
    assert created
    writes = [q["sql"] for q in captured.captured_queries if "INSERT" in q["sql"]]
    assert len(writes) == 1 and ("guard AS (SELECT 1 FROM version" in writes[0]) is in_request
    cleaned = services.clean_passage(
        direction="in", mode="vehicle", plate="粤C12345", vehicle_kind="car", occupants=riders
    )["occupants"]
    vehicle_flags, per_seat = FlagEvaluator(timezone.localdate()).evaluate(
        plate="粤C12345", occupants=cleaned
    )
    expected = vehicle_flags + [flag for seat in sorted(per_seat) for flag in per_seat[seat]]
    assert passage.flags == expected and Passage.objects.get(pk=passage.pk).flags == expected
    stored = list(passage.occupants.order_by("seat"))
    assert [o.flags for o in stored] == [per_seat[seat] for seat in range(len(riders))]
    assert [o.person_id for o in stored] == [o["person_id"] for o in cleaned]
    assert {FlagKind.MEASURE, FlagKind.FEVER, FlagKind.RISK_AREA} <= flag_kinds(passage)
    assert HourlyCount.objects.get().flagged == (2 if in_request else 1)

"""The contract other modules code against: measures, health states, risk areas, regions."""

import importlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from shouwang.core.models import Alert, AuditEvent
from shouwang.people.choices import HealthSource, HealthState, HistoryKind, Measure, RiskLevel
from shouwang.people.models import HistoryEntry, MeasureRecord, Person, RiskArea
from shouwang.people.regions import resolve_region
from shouwang.people.selectors import active_measure, active_measures, risk_area_matching
from shouwang.people.services import (
    episode_record,
    health_state_record,
    history_entry_record,
    history_place_correct,
    measure_change,
)

TODAY = date(2020, 2, 1)
RELEASING_MIGRATION = importlib.import_module(
    "shouwang.people.migrations.0003_measures_back_at_none_released"
)


def test_measure_change_keeps_one_active_and_every_change(people, users):
    first = measure_change(
        person=people.a,
        measure=Measure.HOME_ISOLATION,
        start=TODAY,
        reason="武汉返回",
        by=users.grid_a,
    )
    second = measure_change(
        person=people.a,
        measure=Measure.CENTRALISED_QUARANTINE,
        start=TODAY + timedelta(days=3),
        reason="发热",
        by=users.grid_a,
    )
    first.refresh_from_db()
    assert not first.is_active and first.end == TODAY + timedelta(days=3)
    assert second.is_active and second.recorded_by == users.grid_a
    assert MeasureRecord.objects.filter(person=people.a).count() == 2
    assert active_measure(people.a) == Measure.CENTRALISED_QUARANTINE
    assert Person.objects.get(pk=people.a.pk).measure == Measure.CENTRALISED_QUARANTINE
    assert AuditEvent.objects.filter(model="people.measurerecord").count() == 3


def test_active_measure_is_none_without_a_record(people, django_assert_num_queries):
    assert active_measure(people.a) == Measure.NONE
    measure_change(
        person=people.b, measure=Measure.HEALTH_MONITORING, start=TODAY, reason="x", by=None
    )
    with django_assert_num_queries(1):
        found = active_measures([people.a.pk, people.b.pk, people.c.pk])
    assert found == {
        people.a.pk: Measure.NONE,
        people.b.pk: Measure.HEALTH_MONITORING,
        people.c.pk: Measure.NONE,
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"measure": "curfew"}, "measure"),
        ({"measure": Measure.NONE}, "measure"),
        ({"reason": " "}, "reason"),
        ({"end": TODAY - timedelta(days=1)}, "end"),
    ],
)
def test_measure_change_refuses_bad_input(people, kwargs, field):
    arguments = {
        "person": people.a,
        "measure": Measure.HOME_ISOLATION,
        "start": TODAY,
        "reason": "返回",
        "by": None,
        **kwargs,
    }
    with pytest.raises(ValidationError) as raised:
        measure_change(**arguments)
    assert field in raised.value.message_dict
    assert not MeasureRecord.objects.exists()


def test_a_measure_ends_as_released_never_back_at_none(people):
    measure_change(
        person=people.a, measure=Measure.HOME_ISOLATION, start=TODAY, reason="x", by=None
    )
    with pytest.raises(ValidationError) as raised:
        measure_change(person=people.a, measure=Measure.NONE, start=TODAY, reason="x", by=None)
    assert "已解除" in raised.value.message_dict["measure"][0]
    people.a.refresh_from_db()
    assert people.a.measure == Measure.HOME_ISOLATION
    assert MeasureRecord.objects.get(person=people.a).is_active


def test_a_person_set_back_to_none_before_is_released_by_the_migration(people):
    measure_change(
        person=people.a, measure=Measure.HOME_ISOLATION, start=TODAY, reason="x", by=None
    )
    # What measure_change wrote for 无 before it refused it.
    MeasureRecord.objects.filter(person=people.a).update(is_active=False, end=TODAY)
    MeasureRecord.objects.create(person=people.a, measure=Measure.NONE, start=TODAY, reason="y")
    Person.objects.filter(pk=people.a.pk).update(measure=Measure.NONE)
    # And one set back to 无, then measured again: his 无 is over.
    MeasureRecord.objects.create(
        person=people.c, measure=Measure.NONE, start=TODAY, end=TODAY, reason="z", is_active=False
    )
    RELEASING_MIGRATION.released_instead_of_none(django_apps, None)
    people.a.refresh_from_db()
    assert people.a.measure == Measure.RELEASED
    assert list(
        MeasureRecord.objects.filter(person=people.a).values_list("measure", "is_active", "reason")
    ) == [(Measure.RELEASED, True, "y"), (Measure.HOME_ISOLATION, False, "x")]
    assert MeasureRecord.objects.get(person=people.c).measure == Measure.RELEASED
    assert Person.objects.get(pk=people.b.pk).measure == Measure.NONE  # never measured


def test_a_place_written_in_bulk_remembers_what_it_was_when_corrected(people):
    # As a manifest writes its history: no history row of its own.
    (entry,) = HistoryEntry.objects.bulk_create(
        [HistoryEntry(person=people.a, kind="travel", place="五汉", from_date=TODAY)]
    )
    assert not entry.history.exists()
    history_place_correct(entry=entry, place="湖北省武汉市", by=None)
    assert [h.place for h in entry.history.order_by("history_id")] == ["五汉", "湖北省武汉市"]


def test_a_measure_cannot_start_before_the_active_one(people):
    measure_change(
        person=people.a, measure=Measure.HOME_ISOLATION, start=TODAY, reason="x", by=None
    )
    with pytest.raises(ValidationError) as raised:
        measure_change(
            person=people.a,
            measure=Measure.RELEASED,
            start=TODAY - timedelta(days=1),
            reason="x",
            by=None,
        )
    assert "start" in raised.value.message_dict


def test_grid_worker_cannot_change_the_measure_of_another_grid(people, users):
    with pytest.raises(Http404):
        measure_change(
            person=people.b,
            measure=Measure.HOME_ISOLATION,
            start=TODAY,
            reason="x",
            by=users.grid_a,
        )
    assert not MeasureRecord.objects.exists()


def test_health_state_keeps_the_newest_on_the_person(people, users):
    health_state_record(
        person=people.a,
        state=HealthState.CONFIRMED,
        on=TODAY,
        source=HealthSource.HOSPITAL,
        by=users.grid_a,
    )
    health_state_record(
        person=people.a,
        state=HealthState.SUSPECTED,
        on=TODAY - timedelta(days=2),
        source=HealthSource.STAFF,
        by=users.grid_a,
    )
    assert Person.objects.get(pk=people.a.pk).health_state == HealthState.CONFIRMED


def test_a_fever_is_recorded_as_fever_and_alerts_the_community(
    people, users, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = health_state_record(
            person=people.a,
            state=HealthState.NORMAL,
            on=TODAY,
            source=HealthSource.CHECKPOINT,
            by=None,
            temperature="38.1",
        )
    assert record.state == HealthState.FEVER and record.temperature == Decimal("38.1")
    alert = Alert.objects.get()
    assert alert.area == tree.S1C1 and alert.role == "community_officer"
    assert "38.1" in alert.title


@pytest.mark.parametrize("temperature", ["33.9", "43.1", "abc"])
def test_temperatures_outside_the_thermometer_range_are_refused(people, temperature):
    with pytest.raises(ValidationError) as raised:
        health_state_record(
            person=people.a,
            state=HealthState.NORMAL,
            on=TODAY,
            source=HealthSource.STAFF,
            by=None,
            temperature=temperature,
        )
    assert "temperature" in raised.value.message_dict


def test_health_state_in_the_future_is_refused(people):
    with pytest.raises(ValidationError) as raised:
        health_state_record(
            person=people.a,
            state=HealthState.NORMAL,
            on=timezone.localdate() + timedelta(days=1),
            source=HealthSource.STAFF,
            by=None,
        )
    assert "on" in raised.value.message_dict


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("湖北省武汉市江汉区", ("420103", "江汉区")),
        ("武汉", ("420100", "武汉市")),
        ("不知道哪里", None),
        ("", None),
    ],
)
def test_free_text_places_resolve_to_region_codes(text, expected):
    assert resolve_region(text) == expected


@pytest.fixture
def wuhan(db):
    return RiskArea.objects.create(
        region_code="420100",
        name="武汉市",
        level=RiskLevel.HIGH,
        valid_from=date(2020, 1, 1),
        valid_to=date(2020, 4, 8),
    )


def test_a_city_risk_area_covers_its_counties(wuhan):
    assert risk_area_matching("420103", date(2020, 1, 20)) == wuhan
    assert risk_area_matching("420100", date(2020, 1, 20)) == wuhan
    assert risk_area_matching("420103", date(2020, 5, 1)) is None
    assert risk_area_matching("421000", date(2020, 1, 20)) is None
    assert risk_area_matching("", date(2020, 1, 20)) is None


def test_a_province_risk_area_covers_every_city_and_the_gravest_wins(wuhan):
    hubei = RiskArea.objects.create(
        region_code="420000",
        name="湖北省",
        level=RiskLevel.MEDIUM,
        valid_from=date(2020, 1, 1),
    )
    assert risk_area_matching("421000", date(2020, 6, 1)) == hubei
    assert risk_area_matching("420103", date(2020, 1, 20)) == wuhan


def test_an_arrival_sets_the_last_arrival_date(people):
    episode_record(person=people.a, kind="arrival", started_on=TODAY, origin="武汉", by=None)
    person = Person.objects.get(pk=people.a.pk)
    assert person.last_arrival_on == TODAY


def test_history_resolves_the_place(people):
    entry = history_entry_record(
        person=people.a,
        kind=HistoryKind.RESIDENCE,
        place="湖北省武汉市江汉区",
        from_date=date(2020, 1, 10),
        to_date=date(2020, 1, 21),
        by=None,
    )
    assert entry.region_code == "420103"


def test_history_ending_before_it_starts_is_refused(people):
    with pytest.raises(ValidationError) as raised:
        history_entry_record(
            person=people.a,
            kind=HistoryKind.TRAVEL,
            place="武汉",
            from_date=date(2020, 1, 10),
            to_date=date(2020, 1, 9),
            by=None,
        )
    assert "to_date" in raised.value.message_dict

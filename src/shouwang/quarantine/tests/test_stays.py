from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shouwang.core.models import Alert
from shouwang.people.choices import HealthState, Measure
from shouwang.people.models import MeasureRecord
from shouwang.quarantine.choices import RoomState, SampleResult, StayOutcome, StayStatus
from shouwang.quarantine.models import Stay
from shouwang.quarantine.services import (
    health_log_record,
    room_set_state,
    site_close,
    stay_check_in,
    stay_check_out,
    stay_set_attention,
)
from shouwang.quarantine.tests.conftest import room


def test_check_in_puts_the_person_under_centralised_quarantine(sites, people, staff):
    stay = stay_check_in(room=room(sites.a, "201"), persons=[people.a], days=14, by=staff.site_a)[0]
    today = timezone.localdate()
    assert stay.planned_end == today + timedelta(days=13)
    people.a.refresh_from_db()
    assert people.a.measure == Measure.CENTRALISED_QUARANTINE
    record = MeasureRecord.objects.get(person=people.a, is_active=True)
    assert (record.start, record.end) == (today, stay.planned_end)
    assert room(sites.a, "201").state == RoomState.OCCUPIED


def test_check_in_to_an_occupied_room_is_refused(sites, people, staff):
    stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)
    with pytest.raises(ValidationError, match="已有人入住"):
        stay_check_in(room=room(sites.a, "201"), persons=[people.b], by=staff.site_a)
    assert Stay.objects.filter(person=people.b).count() == 0


def test_family_shares_the_family_room_but_not_beyond_its_beds(sites, people, staff):
    family = room(sites.a, "301")
    with pytest.raises(ValidationError, match="201 只有 1 张床位"):
        stay_check_in(room=room(sites.a, "201"), persons=[people.a, people.b], by=staff.site_a)
    stays = stay_check_in(room=family, persons=[people.a, people.b, people.c], by=staff.site_a)
    assert [s.room_id for s in stays] == [family.pk] * 3


def test_check_in_never_exceeds_the_site_capacity(sites, people, staff):
    sites.a.capacity = 1
    sites.a.save()
    stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)
    with pytest.raises(ValidationError, match="已满"):
        stay_check_in(room=room(sites.a, "202"), persons=[people.b], by=staff.site_a)


def test_check_in_to_a_closed_site_is_refused(sites, people, staff):
    site_close(site=sites.a, closes_on=timezone.localdate() - timedelta(days=1), by=None)
    with pytest.raises(ValidationError, match="已撤点"):
        stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)


def test_check_in_to_a_room_being_cleaned_is_refused(sites, people, staff):
    room_set_state(room=room(sites.a, "202"), state=RoomState.CLEANING, by=staff.site_a)
    with pytest.raises(ValidationError, match="待消杀"):
        stay_check_in(room=room(sites.a, "202"), persons=[people.a], by=staff.site_a)


def test_a_person_stays_at_one_site_at_a_time(sites, people, staff, users):
    stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)
    with pytest.raises(ValidationError, match="正在 银华酒店 隔离"):
        stay_check_in(room=room(sites.b, "201"), persons=[people.a], by=users.street_1)


def test_site_staff_cannot_check_in_at_another_site(sites, people, staff):
    with pytest.raises(ValidationError, match="不在该点位值守"):
        stay_check_in(room=room(sites.b, "201"), persons=[people.a], by=staff.site_a)
    assert not Stay.objects.exists()


def test_check_out_releases_and_sends_the_room_to_cleaning(sites, people, staff):
    stay = stay_check_in(room=room(sites.a, "201"), persons=[people.a], days=1, by=staff.site_a)[0]
    stay_check_out(stay=stay, outcome=StayOutcome.RELEASED, by=staff.site_a)
    stay.refresh_from_db()
    assert stay.status == StayStatus.ENDED and stay.checked_out_at is not None
    assert room(sites.a, "201").state == RoomState.CLEANING
    people.a.refresh_from_db()
    assert people.a.measure == Measure.RELEASED
    measures = list(
        MeasureRecord.objects.filter(person=people.a)
        .order_by("id")
        .values_list("measure", flat=True)
    )
    assert measures == [Measure.CENTRALISED_QUARANTINE, Measure.RELEASED]
    room_set_state(room=room(sites.a, "201"), state=RoomState.VACANT, by=staff.site_a)
    assert room(sites.a, "201").state == RoomState.VACANT


def test_early_release_needs_a_reason(sites, people, staff):
    stay = stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)[0]
    with pytest.raises(ValidationError) as error:
        stay_check_out(stay=stay, outcome=StayOutcome.RELEASED, by=staff.site_a)
    assert "note" in error.value.message_dict


def test_check_out_to_hospital_and_to_home_isolation_follow_the_measure(sites, people, staff):
    first = stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)[0]
    stay_check_out(stay=first, outcome=StayOutcome.HOSPITAL, note="发热送医", by=staff.site_a)
    people.a.refresh_from_db()
    assert people.a.measure == Measure.HOSPITAL
    second = stay_check_in(room=room(sites.a, "202"), persons=[people.b], by=staff.site_a)[0]
    stay_check_out(stay=second, outcome=StayOutcome.HOME_ISOLATION, note="转居家", by=staff.site_a)
    people.b.refresh_from_db()
    assert people.b.measure == Measure.HOME_ISOLATION


def test_transfer_to_another_site_keeps_the_planned_end(sites, people, users):
    first = stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=users.street_1)[0]
    stay_check_out(
        stay=first, outcome=StayOutcome.TRANSFER, to_room=room(sites.b, "202"), by=users.street_1
    )
    first.refresh_from_db()
    assert first.next_stay.site == sites.b
    assert first.next_stay.planned_end == first.planned_end
    assert MeasureRecord.objects.filter(person=people.a).count() == 1


def test_fever_in_a_health_log_marks_attention_and_alerts(
    sites, people, staff, django_capture_on_commit_callbacks
):
    stay = stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)[0]
    with django_capture_on_commit_callbacks(execute=True):
        health_log_record(
            stay=stay,
            day=timezone.localdate(),
            morning_temperature="36.6",
            evening_temperature="38.2",
            by=staff.site_a,
        )
    stay.refresh_from_db()
    assert stay.attention and "38.2" in stay.attention_reason
    people.a.refresh_from_db()
    assert people.a.health_state == HealthState.FEVER
    assert Alert.objects.for_inbox(staff.site_a).filter(kind="quarantine_site").count() == 1


def test_second_log_of_the_day_completes_the_first(sites, people, staff):
    stay = stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)[0]
    today = timezone.localdate()
    health_log_record(stay=stay, day=today, morning_temperature="36.5", by=staff.site_a)
    log = health_log_record(
        stay=stay,
        day=today,
        evening_temperature="36.7",
        sample_kind="nucleic_acid",
        sample_result=SampleResult.NEGATIVE,
        by=staff.site_a,
    )
    assert (str(log.morning_temperature), str(log.evening_temperature)) == ("36.5", "36.7")
    assert stay.logs.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"morning_temperature": "33.2"}, "morning_temperature"),
        ({"evening_temperature": "43.5"}, "evening_temperature"),
        ({"morning_temperature": "abc"}, "morning_temperature"),
        ({"symptoms": ["hiccups"]}, "symptoms"),
        ({"sample_result": "negative"}, "sample_kind"),
    ],
)
def test_bad_health_log_names_the_field_and_writes_nothing(sites, people, staff, fields, field):
    stay = stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)[0]
    with pytest.raises(ValidationError) as error:
        health_log_record(stay=stay, day=timezone.localdate(), by=staff.site_a, **fields)
    assert field in error.value.message_dict
    assert stay.logs.count() == 0


def test_positive_result_counts_as_an_infection_on_the_board(sites, people, staff):
    from shouwang.quarantine.selectors.sites import site_board

    stay = stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)[0]
    health_log_record(
        stay=stay,
        day=timezone.localdate(),
        sample_kind="nucleic_acid",
        sample_result=SampleResult.POSITIVE,
        by=staff.site_a,
    )
    board = site_board(site=sites.a, day=timezone.localdate(), user=staff.site_a)
    assert board.infections == 1 and [s.pk for s in board.attention] == [stay.pk]
    people.a.refresh_from_db()
    assert people.a.health_state == HealthState.POSITIVE


def test_attention_needs_a_reason(sites, people, staff):
    stay = stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)[0]
    with pytest.raises(ValidationError):
        stay_set_attention(stay=stay, attention=True, reason=" ", by=staff.site_a)
    stay_set_attention(stay=stay, attention=True, reason="心理疏导", by=staff.site_a)
    assert Stay.objects.get(pk=stay.pk).attention_reason == "心理疏导"


def test_a_site_with_people_cannot_close(sites, people, staff):
    stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=staff.site_a)
    with pytest.raises(ValidationError, match="仍有 1 人在住"):
        site_close(site=sites.a, closes_on=timezone.localdate(), by=None)

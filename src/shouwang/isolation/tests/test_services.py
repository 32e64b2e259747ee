from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from shouwang.core.models import Alert
from shouwang.core.services.signatures import text_sha256
from shouwang.core.tests.test_signatures_and_qr import drawn_png
from shouwang.isolation.choices import OrderOutcome, OrderStatus
from shouwang.isolation.models import FollowUp
from shouwang.isolation.services import (
    commitment_sign,
    follow_up_record,
    isolation_end,
    isolation_extend,
    isolation_order_create,
    missed_follow_ups_alert,
)
from shouwang.people.choices import HealthState, Measure
from shouwang.people.models import MeasureRecord, Person
from shouwang.people.selectors import active_measure


def test_an_order_puts_the_person_under_home_isolation_for_14_days(order, people, today):
    assert order.days == 14 and order.area == people.a.area
    assert order.planned_end == order.start + timedelta(days=13)
    assert active_measure(people.a) == Measure.HOME_ISOLATION


def test_a_second_active_order_is_refused(order, people, users, today):
    with pytest.raises(ValidationError) as raised:
        isolation_order_create(
            person=people.a, start=today, reason="x", grid_worker=users.grid_a, doctor="x", by=None
        )
    assert "person" in raised.value.message_dict


def _dated(kwargs: dict, today) -> dict:
    """Days given as offsets from the test's today: a date worked out when the tests were
    collected was already today once a run went past midnight (it did, at 00:04 in
    Asia/Shanghai, and "tomorrow" was accepted)."""
    return {k: today + v if isinstance(v, timedelta) else v for k, v in kwargs.items()}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"days": 0}, "days"),
        ({"start": timedelta(days=1)}, "start"),
        ({"reason": ""}, "reason"),
        ({"doctor": " "}, "doctor"),
    ],
)
def test_bad_orders_are_refused(people, users, today, kwargs, field):
    arguments = {
        "person": people.a,
        "start": today,
        "reason": "返回",
        "grid_worker": users.grid_a,
        "doctor": "陈医生",
        "by": users.grid_a,
        **_dated(kwargs, today),
    }
    with pytest.raises(ValidationError) as raised:
        isolation_order_create(**arguments)
    assert field in raised.value.message_dict


def test_the_grid_worker_must_cover_the_persons_grid(people, users, today):
    with pytest.raises(ValidationError) as raised:
        isolation_order_create(
            person=people.a,
            start=today,
            reason="x",
            grid_worker=users.grid_b,
            doctor="x",
            by=users.community,
        )
    assert "grid_worker" in raised.value.message_dict


def test_grid_b_cannot_isolate_a_person_of_grid_a(people, users, today):
    with pytest.raises(Http404):
        isolation_order_create(
            person=people.a,
            start=today,
            reason="x",
            grid_worker=users.grid_a,
            doctor="x",
            by=users.grid_b,
        )
    assert not MeasureRecord.objects.exists()


def test_the_commitment_keeps_text_version_hash_and_device(order):
    request = RequestFactory().post("/", HTTP_USER_AGENT="Mozilla/5.0 (iPhone)")
    signature = commitment_sign(order=order, signer_name="张三", image=drawn_png(), request=request)
    assert signature.document == "home_isolation_commitment"
    assert signature.text_version == "default"
    assert "张三" in signature.text and str(order.planned_end) in signature.text
    assert signature.text_sha256 == text_sha256(signature.text)
    assert signature.device == "Mozilla/5.0 (iPhone)"
    with pytest.raises(ValidationError):
        commitment_sign(order=order, signer_name="张三", image=drawn_png())


def test_the_commitment_uses_the_districts_template(order, tree):
    from shouwang.isolation.models import CommitmentTemplate

    CommitmentTemplate.objects.create(
        district=tree.D, version="2020-02", text="我{name}承诺隔离{days}天"
    )
    signature = commitment_sign(order=order, signer_name="张三", image=drawn_png())
    assert signature.text_version == "2020-02" and "我张三承诺隔离14天" in signature.text


def test_only_the_isolated_person_signs(order):
    with pytest.raises(ValidationError) as raised:
        commitment_sign(order=order, signer_name="李四", image=drawn_png())
    assert "signer_name" in raised.value.message_dict


def test_a_follow_up_with_fever_records_it_and_alerts_the_community(
    order, users, tree, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        follow_up_record(
            order=order,
            day=today,
            slot="morning",
            temperature="38.2",
            symptoms="咳嗽",
            needs_medicine=True,
            by=users.grid_a,
        )
    assert Person.objects.get(pk=order.person_id).health_state == HealthState.FEVER
    alert = Alert.objects.get(kind="fever")
    assert alert.area == tree.S1C1 and alert.role == "community_officer"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"temperature": "33"}, "temperature"),
        ({"temperature": "44"}, "temperature"),
        ({"temperature": ""}, "temperature"),
        ({"slot": "night"}, "slot"),
        ({"day": timedelta(days=1)}, "day"),
        ({"day": timedelta(days=-30)}, "day"),
    ],
)
def test_bad_follow_ups_are_refused(order, users, today, kwargs, field):
    arguments = {
        "order": order,
        "day": today,
        "slot": "morning",
        "temperature": "36.5",
        "by": users.grid_a,
        **_dated(kwargs, today),
    }
    with pytest.raises(ValidationError) as raised:
        follow_up_record(**arguments)
    assert field in raised.value.message_dict
    assert not FollowUp.objects.exists()


def test_one_follow_up_per_slot(order, users, today):
    follow_up_record(order=order, day=today, slot="morning", temperature="36.5", by=users.grid_a)
    with pytest.raises(ValidationError):
        follow_up_record(
            order=order, day=today, slot="morning", temperature="36.6", by=users.grid_a
        )


def test_grid_b_cannot_follow_up_grid_a(order, users, today):
    with pytest.raises(Http404):
        follow_up_record(
            order=order, day=today, slot="morning", temperature="36.5", by=users.grid_b
        )


def test_a_missed_follow_up_alerts_the_community_once(order, users, tree, today):
    evening = timezone.make_aware(
        datetime.combine(today, datetime.min.time()) + timedelta(hours=21)
    )
    assert missed_follow_ups_alert(now=evening) == 1
    missed_follow_ups_alert(now=evening)
    alert = Alert.objects.get(kind="missed_follow_up")
    assert alert.area == tree.S1C1


def test_extend_then_release_early_with_a_note(order, users, today):
    isolation_extend(order=order, days=7, reason="同住人发热", by=users.grid_a)
    assert order.days == 21
    record = MeasureRecord.objects.get(person=order.person, is_active=True)
    assert record.end == order.planned_end  # the timeline shows the new end
    with pytest.raises(ValidationError) as raised:
        isolation_end(
            order=order, outcome=OrderOutcome.RELEASED, on=today, note="", by=users.grid_a
        )
    assert "outcome" in raised.value.message_dict
    isolation_end(
        order=order, outcome=OrderOutcome.EARLY_END, on=today, note="核酸阴性", by=users.grid_a
    )
    assert order.status == OrderStatus.ENDED
    assert active_measure(order.person) == Measure.RELEASED


def test_transfer_to_hospital_changes_the_measure(order, users, today):
    isolation_end(
        order=order, outcome=OrderOutcome.HOSPITAL, on=today, note="发热送医", by=users.grid_a
    )
    assert active_measure(order.person) == Measure.HOSPITAL
    assert MeasureRecord.objects.filter(person=order.person).count() == 2
    with pytest.raises(ValidationError):
        follow_up_record(order=order, day=today, slot="morning", temperature="36.5", by=None)


def test_an_end_before_the_start_is_refused(order, users):
    with pytest.raises(ValidationError) as raised:
        isolation_end(
            order=order,
            outcome=OrderOutcome.HOSPITAL,
            on=order.start - timedelta(days=1),
            note="x",
            by=users.grid_a,
        )
    assert "on" in raised.value.message_dict


def test_the_check_command_alerts_missed_follow_ups(order, tree, monkeypatch):
    from django.core.management import call_command

    evening = timezone.make_aware(
        datetime.combine(timezone.localdate(), datetime.min.time()) + timedelta(hours=21)
    )
    monkeypatch.setattr(timezone, "now", lambda: evening)
    call_command("isolation_check", verbosity=0)
    assert Alert.objects.filter(kind="missed_follow_up", area=tree.S1C1).exists()

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from shouwang.checkpoints.tests.conftest import Checkpoints
from shouwang.conftest import make_user
from shouwang.core.choices import Role
from shouwang.workforce.models import Shift
from shouwang.workforce.selectors import roster_week
from shouwang.workforce.services import (
    builtin_template,
    roster_plan,
    shift_handover,
    shift_staff,
    shift_template_create,
    staff_member_create,
    validate_slots,
)

MONDAY = date(2020, 2, 3)


@pytest.fixture
def checkpoints(tree):
    return Checkpoints(tree)


def test_builtin_templates_cover_the_day(db):
    assert [len(builtin_template(k).slots) for k in ("3x8", "6x4", "2x12")] == [3, 6, 2]


@pytest.mark.parametrize(
    "slots", [[], [[0, 8], [4, 8]], [[25, 1]], [[0, 0]], [["a", 1]], [[0, 12], [12, 13]]]
)
def test_bad_custom_slots_are_refused(slots):
    with pytest.raises(ValidationError):
        validate_slots(slots)


def test_a_custom_template_for_a_day_only_enclosure(tree, users):
    template = shift_template_create(
        name="白班", slots=[["7", "5"], ["12", "10"]], area=tree.S1C1, by=users.community
    )
    assert template.slots == [[7, 5], [12, 10]]
    with pytest.raises(Http404):
        shift_template_create(name="x", slots=[[0, 8]], area=tree.S2, by=users.community)


def test_staff_phones_are_sealed(tree, users):
    member = staff_member_create(
        name="陈警官", department="police", area=tree.S1, phone="13812345678", by=users.street_1
    )
    assert member.phone_masked == "138****5678"
    with pytest.raises(ValidationError):
        staff_member_create(name="x", department="police", area=tree.S1, phone="1", by=None)


@pytest.mark.parametrize(
    ("language", "shown"), [("zh-hans", "陈警官（公安）"), ("en", "陈警官 (Police)")]
)
def test_a_staff_member_is_named_with_the_readers_brackets(tree, language, shown):
    member = staff_member_create(name="陈警官", department="police", area=tree.S1, by=None)
    with translation.override(language):
        assert str(member) == shown


def _next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def test_a_week_is_planned_from_the_template_and_shows_gaps(checkpoints, tree, users):
    post, monday = checkpoints.a.post, _next_monday()
    created = roster_plan(post=post, first_day=monday, by=users.street_1)
    assert len(created) == 7 * 3
    assert roster_plan(post=post, first_day=monday, by=users.street_1) == []
    members = [
        staff_member_create(name=f"志愿者{i}", department="volunteers", area=tree.S1, by=None)
        for i in range(3)
    ]
    first = Shift.objects.get(post=post, day=monday, slot=0)
    shift_staff(shift=first, leader=members[0], staff=members[1:], by=users.street_1)
    week = roster_week(post=post, first_day=monday)
    assert week[0].slots[0].shift.staffed == 3 and not week[0].slots[0].gap
    assert week[0].gaps == 2 and week[1].gaps == 3
    assert (week[0].staffed, week[0].needed) == (3, 9)


def test_slots_already_over_are_no_gaps_to_fill(checkpoints):
    """Yesterday's slots are over (a 3 x 8 h day ends at midnight), tomorrow's all to
    come, planned or not."""
    post = checkpoints.a.post
    yesterday = timezone.localdate() - timedelta(days=1)
    roster_plan(post=post, first_day=yesterday, days=1, by=None)
    Shift.objects.filter(post=post, day=yesterday, slot=0).delete()
    past, _, tomorrow = roster_week(post=post, first_day=yesterday, days=3)
    assert all(slot.ended for slot in past.slots) and past.gaps == 0
    assert [slot.shift is None for slot in past.slots] == [True, False, False]
    assert (past.staffed, past.needed) == (0, 9)
    assert not any(slot.ended for slot in tomorrow.slots) and tomorrow.gaps == 3


def test_a_night_slot_running_past_midnight_is_still_to_fill(checkpoints, monkeypatch):
    """2 x 12 h at 07:00: yesterday's day slot is over, its night slot (20:00 to 08:00)
    still runs, today's day slot is to come."""
    post = checkpoints.a.post
    post.template = builtin_template("2x12")
    post.save()
    today = date(2026, 3, 10)
    at_seven = timezone.make_aware(datetime.combine(today, time(7)))
    monkeypatch.setattr(timezone, "now", lambda: at_seven)
    yesterday, this_day = roster_week(post=post, first_day=today - timedelta(days=1), days=2)
    assert [slot.ended for slot in yesterday.slots] == [True, False]
    assert [slot.ended for slot in this_day.slots] == [False, False]
    assert (yesterday.gaps, this_day.gaps) == (1, 2)


def test_a_street_cannot_staff_another_streets_post(checkpoints, tree, users):
    roster_plan(post=checkpoints.c.post, first_day=MONDAY, by=users.street_2)
    with pytest.raises(Http404):
        roster_plan(post=checkpoints.c.post, first_day=MONDAY, by=users.street_1)
    outsider = staff_member_create(name="外街道", department="health", area=tree.S2, by=None)
    shift = Shift.objects.filter(post=checkpoints.c.post).first()
    with pytest.raises(ValidationError):
        shift_staff(shift=shift, leader=outsider, staff=[], by=users.street_1)


def test_handover_only_by_those_who_work_the_post(checkpoints, tree, users):
    roster_plan(post=checkpoints.a.post, first_day=MONDAY, days=1, by=None)
    shift = Shift.objects.filter(post=checkpoints.a.post).first()
    staff_a = make_user("staff_a", tree.S1C1GA, Role.CHECKPOINT_STAFF)
    staff_b = make_user("staff_b", tree.S1C1GB, Role.CHECKPOINT_STAFF)
    shift_handover(shift=shift, note="2号车道测温枪电量低", by=staff_a)
    assert shift.handover_by == staff_a
    with pytest.raises(ValidationError):
        shift_handover(shift=shift, note="越权", by=staff_b)


def test_week_page_is_scoped_and_counts_queries(
    checkpoints, users, client_for, django_assert_max_num_queries
):
    roster_plan(post=checkpoints.a.post, first_day=MONDAY, by=None)
    path = reverse("workforce:post_week", args=[checkpoints.a.post_id]) + "?week=2020-02-03"
    client = client_for(users.street_1)
    client.get(path)
    with django_assert_max_num_queries(12):
        response = client.get(path)
    assert response.status_code == 200
    # A week long past: its 21 slots are shown as over, none a gap.
    assert response.content.decode().count('data-testid="slot-ended"') == 21
    assert "0 个缺口" in response.content.decode()
    assert client_for(users.street_2).get(path).status_code == 404
    assert client_for(users.grid_a).get(reverse("workforce:staff_list")).status_code == 404
    assert client_for(users.street_1).get(reverse("workforce:staff_list")).status_code == 200

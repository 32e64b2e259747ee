from datetime import date

import pytest
from django.utils import timezone

from shouwang.core.choices import Role
from shouwang.people.choices import HealthSource, HealthState, HistoryKind, Measure, RiskLevel
from shouwang.people.models import Person, RiskRule
from shouwang.people.services import (
    episode_record,
    health_state_record,
    history_entry_record,
    risk_area_save,
    risk_rule_save,
)


@pytest.fixture
def rules(db):
    return {
        "wuhan": RiskRule.objects.create(
            name="重点地区旅居史",
            condition="risk_area_history",
            min_level=RiskLevel.MEDIUM,
            within_days=14,
            proposed_measure=Measure.HOME_ISOLATION,
        ),
        "fever": RiskRule.objects.create(
            name="发热",
            condition="fever",
            within_days=14,
            proposed_measure=Measure.HOSPITAL,
        ),
    }


def _wuhan_residence(person):
    episode_record(person=person, kind="arrival", started_on=date(2020, 1, 22), by=None)
    history_entry_record(
        person=person,
        kind=HistoryKind.RESIDENCE,
        place="湖北省武汉市江汉区",
        from_date=date(2020, 1, 10),
        to_date=date(2020, 1, 21),
        by=None,
    )


def _wuhan_high_risk(users, on_commit) -> None:
    """Wuhan listed as high risk, with the re-check it sets off run at once."""
    with on_commit(execute=True):
        risk_area_save(
            by=users.commander,
            region_code="420100",
            name="武汉市",
            level=RiskLevel.HIGH,
            valid_from=date(2020, 1, 1),
        )


def test_a_risk_area_history_marks_a_key_person_with_the_reason_in_words(
    people, users, rules, django_capture_on_commit_callbacks
):
    _wuhan_high_risk(users, django_capture_on_commit_callbacks)
    _wuhan_residence(people.a)
    person = Person.objects.get(pk=people.a.pk)
    assert person.is_key_person
    assert person.key_reason == "江汉区居住史 2020-01-10 至 2020-01-21（高风险）"
    assert person.proposed_measure == Measure.HOME_ISOLATION


def test_a_fever_adds_its_reason_and_the_strictest_measure_wins(people, users, rules):
    risk_area_save(
        by=None, region_code="420100", name="武汉市", level="high", valid_from=date(2020, 1, 1)
    )
    _wuhan_residence(people.a)
    health_state_record(
        person=people.a,
        state=HealthState.NORMAL,
        on=date(2020, 1, 23),
        source=HealthSource.STAFF,
        by=None,
        temperature="38.1",
    )
    person = Person.objects.get(pk=people.a.pk)
    assert "发热 38.1（2020-01-23）" in person.key_reason.split("；")
    assert person.proposed_measure == Measure.HOSPITAL


def test_listing_a_risk_area_later_reevaluates_everyone_concerned(
    people, users, rules, django_capture_on_commit_callbacks
):
    _wuhan_residence(people.a)
    assert not Person.objects.get(pk=people.a.pk).is_key_person
    with django_capture_on_commit_callbacks(execute=True):
        area = risk_area_save(
            by=users.commander,
            region_code="420000",
            name="湖北省",
            level=RiskLevel.HIGH,
            valid_from=date(2020, 1, 1),
        )
    assert Person.objects.get(pk=people.a.pk).is_key_person
    with django_capture_on_commit_callbacks(execute=True):
        risk_area_save(
            by=users.commander,
            risk_area=area,
            region_code="420000",
            name="湖北省",
            level=RiskLevel.LOW,
            valid_from=date(2020, 1, 1),
        )
    assert not Person.objects.get(pk=people.a.pk).is_key_person


def test_a_rule_edited_to_a_lower_threshold_is_applied(
    people, rules, django_capture_on_commit_callbacks
):
    health_state_record(
        person=people.a,
        state=HealthState.NORMAL,
        on=timezone.localdate(),
        source=HealthSource.STAFF,
        by=None,
        temperature="37.0",
    )
    assert not Person.objects.get(pk=people.a.pk).is_key_person
    with django_capture_on_commit_callbacks(execute=True):
        risk_rule_save(by=None, rule=rules["fever"], temperature_threshold="36.9")
    assert Person.objects.get(pk=people.a.pk).is_key_person


def test_only_district_staff_manage_the_risk_list(users):
    for user in (users.street_1, users.grid_a):
        with pytest.raises(PermissionError):
            risk_area_save(
                by=user,
                region_code="420100",
                name="武汉",
                level="high",
                valid_from=date(2020, 1, 1),
            )
    assert Role.DISTRICT_COMMANDER  # the commander's case is covered above


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"region_code": "4201"}, "region_code"),
        ({"valid_to": date(2019, 12, 31)}, "valid_to"),
        ({"level": "extreme"}, "level"),
    ],
)
def test_bad_risk_areas_are_refused(db, kwargs, field):
    from django.core.exceptions import ValidationError

    arguments = {
        "by": None,
        "region_code": "420100",
        "name": "武汉",
        "level": "high",
        "valid_from": date(2020, 1, 1),
        **kwargs,
    }
    with pytest.raises(ValidationError) as raised:
        risk_area_save(**arguments)
    assert field in raised.value.message_dict


def test_the_reason_is_stored_in_the_districts_language_whoever_set_off_the_check(
    people, users, rules, django_capture_on_commit_callbacks
):
    from django.utils import translation

    _wuhan_high_risk(users, django_capture_on_commit_callbacks)
    with translation.override("en"):  # an officer working in English records the history
        _wuhan_residence(people.a)
    person = Person.objects.get(pk=people.a.pk)
    assert person.key_reason == "江汉区居住史 2020-01-10 至 2020-01-21（高风险）"

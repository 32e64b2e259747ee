import pytest
from django.utils import timezone

from shouwang.people.choices import HealthSource, HealthState
from shouwang.people.services import health_state_record
from shouwang.quarantine.choices import StayOutcome
from shouwang.quarantine.services import batch_create, loop_register, stay_check_in, stay_check_out
from shouwang.quarantine.tests.conftest import PASSPORT_1, PASSPORT_2, room
from shouwang.reports.models import DailySnapshot
from shouwang.reports.numbers import area_numbers
from shouwang.reports.selectors import zero_line
from shouwang.reports.services import snapshots_compute


def numbers(area, day) -> dict:
    return {key: value for key, value in area_numbers(area, day).items() if value}


def test_a_day_before_any_case_shows_the_zero_line(tree, fortnight):
    figures = numbers(tree.D, fortnight.day(1))
    assert not any(key.startswith(("confirmed", "positive", "suspected")) for key in figures)
    assert zero_line(figures) == "零确诊、零阳性、零疑似"
    assert figures["enterprises_resumed"] == 1 and figures["enterprises_resumed_new"] == 1


def test_the_district_on_day_six_matches_the_hand_count(tree, fortnight):
    figures = numbers(tree.D, fortnight.day(6))
    assert figures == {
        "confirmed_total": 2,
        "positive_total": 1,
        "confirmed_imported": 1,
        "confirmed_local": 1,
        "measure_hospital": 2,
        "measure_home_isolation": 1,
        "isolation_ending": 1,
        "follow_ups_overdue": 2,
        "checkpoints_open": 3,
        "enterprises_total": 3,
        "enterprises_resumed": 2,
        "enterprises_resumed_new": 1,
        "above_scale_total": 2,  # enterprise C, software with 30 m yuan, is above scale too
        "above_scale_resumed": 2,
        "above_scale_industrial_total": 1,
        "above_scale_industrial_resumed": 1,
    }
    assert zero_line(figures) == "当日无新增确诊、阳性、疑似病例"


def test_each_street_counts_only_its_own(tree, fortnight):
    day = fortnight.day(5)
    first, second = numbers(tree.S1, day), numbers(tree.S2, day)
    assert first["confirmed_total"] == 1 and first["confirmed_imported"] == 1
    assert first["suspected_current"] == 1 and "confirmed_new" not in first
    assert first["measure_home_isolation"] == 1 and first["follow_ups_overdue"] == 1
    assert second["confirmed_new"] == 1 and second["confirmed_local"] == 1
    assert second["positive_total"] == 1 and second["measure_hospital"] == 1
    assert "measure_centralised_quarantine" not in second  # changed to hospital that day


def test_grids_and_communities_add_up(tree, fortnight):
    day = fortnight.day(4)
    grid_a, grid_b = numbers(tree.S1C1GA, day), numbers(tree.S1C1GB, day)
    assert grid_a == {
        "confirmed_total": 1,
        "confirmed_imported": 1,
        "measure_hospital": 1,
        "checkpoints_open": 1,
    }
    assert grid_b == {
        "suspected_new": 1,
        "suspected_current": 1,
        "measure_home_isolation": 1,
        "follow_ups_overdue": 2,
        "checkpoints_open": 1,
    }
    community = numbers(tree.S1C1, day)
    for key in (
        "confirmed_total",
        "suspected_current",
        "measure_home_isolation",
        "checkpoints_open",
    ):
        assert community[key] == grid_a.get(key, 0) + grid_b.get(key, 0)
    assert community["enterprises_total"] == 2  # enterprises hang on the community


def test_checkpoint_day_counts_vehicles_persons_and_fevers(tree, fortnight):
    figures = numbers(tree.S1C1GA, fortnight.day(8))
    assert (figures["vehicles_checked"], figures["persons_checked"]) == (1, 3)
    assert figures["checkpoint_fevers"] == 1 and figures["passages_flagged"] == 2


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5, 6, 8])
def test_the_snapshot_equals_a_fresh_count(tree, fortnight, n):
    day = fortnight.day(n)
    snapshots_compute(day=day)
    stored = dict(DailySnapshot.objects.filter(day=day).values_list("area__code", "figures"))
    assert set(stored) == {"D", "S1", "S1C1", "S1C1GA", "S1C1GB", "S2", "S2C1", "S2C1GA"}
    for code, figures in stored.items():
        assert figures == area_numbers(getattr(tree, code), day), code


def test_a_past_day_is_recomputed_in_place(tree, people, fortnight):
    day = fortnight.day(6)
    snapshots_compute(day=day)
    # A confirmation entered late, dated back to day 6.
    health_state_record(
        person=people.b, state=HealthState.CONFIRMED, on=day, source=HealthSource.HOSPITAL, by=None
    )
    snapshots_compute(day=day)
    assert DailySnapshot.objects.filter(day=day).count() == 8
    assert DailySnapshot.objects.get(area=tree.D, day=day).figures["confirmed_total"] == 3


def test_sites_and_the_port_loop_today(tree, people, sites, ports):

    stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=None)
    (stay_c,) = stay_check_in(room=room(sites.c, "301"), persons=[people.c], by=None)
    stay_check_out(stay=stay_c, outcome=StayOutcome.HOSPITAL, by=None)
    listed = [{"name": "SMITH JOHN", "document_number": p} for p in (PASSPORT_1, PASSPORT_2)]
    batch = batch_create(
        port=ports.gongbei, reference="GB-1", expected_count=3, persons=listed, by=None
    )
    loop_register(batch=batch, document_number=PASSPORT_1, by=None)
    today = timezone.localdate()
    district = numbers(tree.D, today)
    assert (district["sites_open"], district["site_beds"]) == (3, 30)
    assert district["site_persons_current"] == 1 and district["site_checked_in_new"] == 2
    assert district["site_persons_served"] == 2
    assert district["loop_received"] == 1 and district["loop_discrepancies_open"] == 1
    jida = numbers(tree.S2, today)
    assert "site_persons_current" not in jida and jida["site_persons_served"] == 1
    assert "loop_received" not in jida


def test_an_enterprise_stopped_again_counts_as_resumed_only_until_then(
    tree, fortnight, enterprises
):
    from shouwang.enterprises.models import Enterprise

    # Enterprise A resumed on day 1; stopped again on day 4, resumed again on day 8.
    Enterprise.objects.filter(pk=enterprises.a.pk).update(suspended_on=fortnight.day(4))
    assert numbers(tree.D, fortnight.day(3))["enterprises_resumed"] == 1
    assert "enterprises_resumed" not in numbers(tree.D, fortnight.day(4))
    assert numbers(tree.D, fortnight.day(6))["enterprises_resumed"] == 1  # C, from day 6
    Enterprise.objects.filter(pk=enterprises.a.pk).update(resumed_on=fortnight.day(8))
    assert numbers(tree.D, fortnight.day(8))["enterprises_resumed"] == 2

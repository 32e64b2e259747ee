"""A small district with a hand-counted fortnight (day 0 is ten days ago, when the
emergency was declared):

    day 0   person A (第一网格, 拱北) arrives from Wuhan
    day 1   enterprise A (昌盛社区, above-scale industrial) resumes     -> no case anywhere
    day 2   person A confirmed (imported), to hospital
    day 3   person C (景山, 吉大) positive, to centralised quarantine
    day 4   person B (第二网格) suspected; home isolation for 3 days (ends day 6)
    day 5   person C confirmed (local), to hospital; B followed up once (morning)
    day 6   person B back to normal; enterprise C (景山社区) resumes
    day 8   checkpoint A (第一网格): a car with A and a feverish passenger, one walker
"""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from shouwang.checkpoints.services import passage_register
from shouwang.checkpoints.tests.conftest import checkpoints, occupant, vehicle  # noqa: F401
from shouwang.enterprises.choices import ResumptionState
from shouwang.enterprises.models import Enterprise
from shouwang.enterprises.tests.conftest import enterprises  # noqa: F401
from shouwang.isolation.services import follow_up_record, isolation_order_create
from shouwang.people.choices import EpisodeKind, HealthSource, HealthState, Measure
from shouwang.people.services import episode_record, health_state_record, measure_change
from shouwang.quarantine.tests.conftest import ports, sites  # noqa: F401
from shouwang.reports.services import emergency_declare


@pytest.fixture
def day0():
    return timezone.localdate() - timedelta(days=10)


@pytest.fixture
def emergency(tree, day0):
    return emergency_declare(area=tree.D, name="新冠肺炎疫情防控", declared_on=day0, by=None)


def _resume(enterprise, on):
    Enterprise.objects.filter(pk=enterprise.pk).update(
        resumption_state=ResumptionState.RESUMED, resumed_on=on
    )


@pytest.fixture
def fortnight(emergency, people, users, enterprises, checkpoints, day0):  # noqa: F811
    def day(n):
        return day0 + timedelta(days=n)

    def state(person, value, n):
        health_state_record(
            person=person, state=value, on=day(n), source=HealthSource.HOSPITAL, by=None
        )

    episode_record(
        person=people.a, kind=EpisodeKind.ARRIVAL, started_on=day(0), origin="武汉", by=None
    )
    _resume(enterprises.a, day(1))
    state(people.a, HealthState.CONFIRMED, 2)
    measure_change(person=people.a, measure=Measure.HOSPITAL, start=day(2), reason="确诊", by=None)
    state(people.c, HealthState.POSITIVE, 3)
    measure_change(
        person=people.c,
        measure=Measure.CENTRALISED_QUARANTINE,
        start=day(3),
        reason="阳性",
        by=None,
    )
    state(people.b, HealthState.SUSPECTED, 4)
    order = isolation_order_create(
        person=people.b,
        start=day(4),
        days=3,
        reason="疑似",
        grid_worker=users.grid_b,
        doctor="陈医生",
        by=None,
    )
    state(people.c, HealthState.CONFIRMED, 5)
    measure_change(person=people.c, measure=Measure.HOSPITAL, start=day(5), reason="确诊", by=None)
    follow_up_record(order=order, day=day(5), slot="morning", temperature="36.6", by=None)
    state(people.b, HealthState.NORMAL, 6)
    _resume(enterprises.c, day(6))
    noon = timezone.make_aware(datetime.combine(day(8), time(12)))
    passage_register(
        checkpoint=checkpoints.a,
        by=None,
        passed_at=noon,
        **vehicle(
            occupants=[
                occupant(),
                occupant(name="李四", document_number="440402198505050023", temperature="38.0"),
            ]
        ),
    )
    passage_register(
        checkpoint=checkpoints.a,
        by=None,
        passed_at=noon + timedelta(minutes=5),
        **vehicle(
            mode="foot",
            plate="",
            occupants=[occupant(name="赵六", document_number="11010519491231002X")],
        ),
    )
    return SimpleNamespace(day=day, order=order)

"""Quarantine fixtures on the shared tree.

    site A  银华酒店   in 昌盛社区第一网格 [S1C1GA]   site_a (site staff)
    site B  卓汇驿站   in 昌盛社区第二网格 [S1C1GB]   site_b (site staff)
    site C  景山酒店   in 景山社区 [S2C1]            site_c (site staff)
    port    拱北口岸分流点 in 拱北街道 [S1]           port_1 (port staff); port_2 in 吉大街道
Each site has two floors of rooms: 201-203 (single), 301 (family, 3 beds).
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from shouwang.conftest import make_user
from shouwang.core.choices import Role
from shouwang.people.choices import Measure, RiskLevel, RuleCondition
from shouwang.people.services import risk_area_save, risk_rule_save
from shouwang.quarantine.choices import RoomType, SiteKind
from shouwang.quarantine.services import port_create, room_create, rooms_generate, site_create
from shouwang.workforce.services import builtin_template

# Valid passports and IDs for travellers.
PASSPORT_1, PASSPORT_2, PASSPORT_3 = "E12345678", "E23456789", "K98765432"
ID_D = "440402199203030036"


def make_site(name, area, *, capacity=10, kind=SiteKind.HOTEL, opened=None):
    site = site_create(
        name=name,
        kind=kind,
        area=area,
        capacity=capacity,
        opens_on=opened or timezone.localdate() - timedelta(days=10),
        template=builtin_template("3x8"),
        by=None,
    )
    rooms_generate(site=site, first_floor=2, last_floor=2, per_floor=3, by=None)
    room_create(site=site, number="301", floor=3, beds=3, room_type=RoomType.FAMILY, by=None)
    return site


@pytest.fixture
def sites(tree):
    return SimpleNamespace(
        a=make_site("银华酒店", tree.S1C1GA),
        b=make_site("卓汇健康驿站", tree.S1C1GB, kind=SiteKind.HEALTH_STATION),
        c=make_site("景山酒店", tree.S2C1),
    )


@pytest.fixture
def staff(tree):
    return SimpleNamespace(
        site_a=make_user("site_a", tree.S1C1GA, Role.SITE_STAFF),
        site_b=make_user("site_b", tree.S1C1GB, Role.SITE_STAFF),
        site_c=make_user("site_c", tree.S2C1, Role.SITE_STAFF),
        port_1=make_user("port_1", tree.S1, Role.PORT_STAFF),
        port_2=make_user("port_2", tree.S2, Role.PORT_STAFF),
    )


@pytest.fixture
def ports(tree):
    template = builtin_template("2x12")
    opened = date(2020, 3, 1)
    return SimpleNamespace(
        gongbei=port_create(
            name="拱北口岸分流点", area=tree.S1, opens_on=opened, template=template, by=None
        ),
        jida=port_create(
            name="九洲港分流点", area=tree.S2, opens_on=opened, template=template, by=None
        ),
    )


def room(site, number):
    return site.rooms.get(number=number)


@pytest.fixture
def wuhan_rules(db):
    risk_area_save(
        by=None,
        region_code="420100",
        name="武汉市",
        level=RiskLevel.HIGH,
        valid_from=timezone.localdate().replace(day=1),
    )
    risk_rule_save(
        by=None,
        name="武汉旅居史",
        condition=RuleCondition.RISK_AREA_HISTORY,
        min_level=RiskLevel.HIGH,
        history_kinds="travel,residence,contact",
        proposed_measure=Measure.CENTRALISED_QUARANTINE,
    )
    risk_rule_save(
        by=None,
        name="发热",
        condition=RuleCondition.FEVER,
        proposed_measure=Measure.CENTRALISED_QUARANTINE,
    )

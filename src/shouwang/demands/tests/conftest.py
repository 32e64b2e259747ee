"""Demands on the shared fixture tree (enterprises a and b in 昌盛社区 of 拱北街道 [S1], c in
景山社区 of 吉大街道 [S2]) with a clock the tests move by hand."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from shouwang.demands.choices import DemandSource
from shouwang.demands.services import demand_submit
from shouwang.enterprises.tests.conftest import enterprise_users, enterprises  # noqa: F401

START = datetime(2020, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Zhuhai


class Clock:
    def __init__(self, monkeypatch):
        self.now = START
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def move(self, **delta) -> datetime:
        self.now = START + timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def submit(enterprise=None, **values):
    defaults = {
        "source": DemandSource.ACCOUNT if enterprise else DemandSource.QR,
        "category": "supplies",
        "description": "口罩和消毒液储备不足三天用量",
        "contact_name": "王经理",
        "contact_phone": "13912345678",
        "enterprise": enterprise,
    }
    return demand_submit(**{**defaults, **values})

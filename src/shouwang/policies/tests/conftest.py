"""The demo catalogue (policies/data/catalogue.yaml) on the shared fixture tree, with the
clock on 1 April 2020, when every item of it was open for application."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from shouwang.policies.catalogue import DEMO_CATALOGUE
from shouwang.policies.profile import Profile
from shouwang.policies.services import catalogue_import

POLICY_DAY = date(2020, 4, 1)


@pytest.fixture
def policy_day(monkeypatch):
    """Freeze the clock at 10:00 on 1 April 2020 (Beijing time)."""
    moment = datetime(2020, 4, 1, 2, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return POLICY_DAY


@pytest.fixture
def catalogue(tree):
    return catalogue_import(text=DEMO_CATALOGUE.read_text(), fmt="yaml", area=tree.D, by=None)


def profile(**values) -> Profile:
    """A checked profile with the defaults of a small shop, overridden by ``values``."""
    defaults = {
        "industry_division": "52",
        "employees": 12,
        "revenue_last_year": Decimal("2000000"),
    }
    return Profile.checked(**{**defaults, **values})


# The enterprises of the shared fixture tree and their users (enterprises/tests/conftest.py).
from shouwang.enterprises.tests.conftest import enterprise_users, enterprises  # noqa: E402, F401

SHOP_POST = {
    "industry_division": "52",
    "employees": "12",
    "revenue_last_year": "2000000",
    "revenue_drop_percent": "35",
    "landlord_kind": "state_owned",
    "monthly_rent": "30000",
    "social_insurance_base": "4376",
    "insured_headcount": "10",
}

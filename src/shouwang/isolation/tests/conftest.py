from datetime import timedelta

import pytest
from django.utils import timezone

from shouwang.isolation.services import isolation_order_create


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def order(people, users, today):
    """Person A (grid A) under home isolation since three days ago."""
    return isolation_order_create(
        person=people.a,
        start=today - timedelta(days=3),
        reason="武汉返回",
        grid_worker=users.grid_a,
        doctor="陈医生",
        by=users.grid_a,
    )


@pytest.fixture
def order_b(people, users, today):
    """Person B (grid B) under home isolation since today."""
    return isolation_order_create(
        person=people.b,
        start=today,
        reason="密切接触者",
        grid_worker=users.grid_b,
        doctor="林医生",
        by=users.grid_b,
    )

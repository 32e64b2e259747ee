"""Checkpoints for the fixture tree, and staff on duty at each.

    A (city boundary) in 昌盛社区第一网格 [S1C1GA]   staff_a
    B (community enclosure) in 昌盛社区第二网格 [S1C1GB]   staff_b
    C (highway exit) in 景山社区 [S2C1]   staff_c
The shared ``users.checkpoint`` holds checkpoint duty over the whole of 拱北街道 (A and B).
"""

import uuid
from datetime import date

import pytest

from shouwang.checkpoints.choices import CheckpointKind
from shouwang.checkpoints.services import checkpoint_create, device_create
from shouwang.conftest import ID_A, make_user
from shouwang.core.choices import Role
from shouwang.workforce.services import builtin_template


class Checkpoints:
    def __init__(self, tree):
        template = builtin_template("3x8")

        def create(name, kind, area):
            return checkpoint_create(
                name=name,
                kind=kind,
                area=area,
                opens_on=date(2020, 1, 1),
                template=template,
                by=None,
            )

        self.a = create("南头检查站", CheckpointKind.CITY_BOUNDARY, tree.S1C1GA)
        self.b = create("昌盛社区2号卡口", CheckpointKind.COMMUNITY_ENCLOSURE, tree.S1C1GB)
        self.c = create("观澜高速出口", CheckpointKind.HIGHWAY_EXIT, tree.S2C1)


@pytest.fixture
def checkpoints(tree):
    return Checkpoints(tree)


@pytest.fixture
def staff(tree):
    class Staff:
        a = make_user("staff_a", tree.S1C1GA, Role.CHECKPOINT_STAFF)
        b = make_user("staff_b", tree.S1C1GB, Role.CHECKPOINT_STAFF)
        c = make_user("staff_c", tree.S2C1, Role.CHECKPOINT_STAFF)

    return Staff


@pytest.fixture
def device_a(checkpoints):
    device, token = device_create(checkpoint=checkpoints.a, name="平板1", by=None)
    return device, token


def occupant(**overrides):
    values = {
        "name": "张三",
        "document_type": "resident_id",
        "document_number": ID_A,
        "temperature": "36.5",
        "origin": "广州",
        "destination": "拱北",
        "reason": "返家",
    }
    values.update(overrides)
    return values


def vehicle(**overrides):
    values = {
        "client_uuid": str(uuid.uuid4()),
        "direction": "in",
        "mode": "vehicle",
        "plate": "粤C12345",
        "vehicle_kind": "car",
        "occupants": [occupant(), occupant(name="李四", document_number="440402198505050023")],
    }
    values.update(overrides)
    return values

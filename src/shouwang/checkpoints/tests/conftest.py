"""Checkpoints for the fixture tree, and staff on duty at each.

    A (city boundary) in 昌盛社区第一网格 [S1C1GA]   staff_a
    B (community enclosure) in 昌盛社区第二网格 [S1C1GB]   staff_b
    C (highway exit) in 景山社区 [S2C1]   staff_c
The shared ``users.checkpoint`` holds checkpoint duty over the whole of 拱北街道 (A and B).
"""

import json
import uuid
from datetime import date

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils.datastructures import CaseInsensitiveMapping
from rest_framework.test import APIClient

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


class RoutedAnswer:
    """What ``shouwang.wsgi.application`` answered, read as the test client's answer."""

    def __init__(self, status: str, headers: list, content: bytes):
        self.status_code = int(status.split()[0])
        self.headers = CaseInsensitiveMapping(dict(headers))
        self.content = content

    def __getitem__(self, name: str) -> str:
        return self.headers[name]

    def json(self):
        return json.loads(self.content)


class RoutedClient:
    """Requests through ``shouwang.wsgi.application``, the router production serves: a
    device's passage goes past the pages' middleware to device_api, the rest to Django's
    own handler. As Django's test client does, the request cycle leaves the test's
    database connection (and its transaction) open."""

    def __init__(self, authorization: str):
        self.authorization = authorization

    def post(self, path: str, data, format: str = "json") -> RoutedAnswer:
        assert format == "json"
        return self.generic("POST", path, json.dumps(data).encode(), "application/json")

    def get(self, path: str) -> RoutedAnswer:
        return self.generic("GET", path)

    def generic(self, method, path, data=b"", content_type="") -> RoutedAnswer:
        """As the test client's ``generic``: a body as it is."""
        from shouwang.wsgi import application

        environ = (
            RequestFactory()
            .generic(
                method, path, data, content_type=content_type, HTTP_AUTHORIZATION=self.authorization
            )
            .environ
        )
        started = []
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            chunks = application(
                environ, lambda status, headers, *_: started.append((status, headers))
            )
            content = b"".join(chunks)
            chunks.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return RoutedAnswer(*started[0], content)


@pytest.fixture(params=["drf", "routed"])
def device_client(request):
    """A device's client: DRF's test client to the API view, or requests through the
    WSGI router as production serves them (passages then reach device_api)."""

    def client(token: str):
        authorization = f"Device {token}"
        if request.param == "routed":
            return RoutedClient(authorization)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=authorization)
        return api

    return client

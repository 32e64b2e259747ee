"""The demands API: an enterprise raises its own with a client UUID, handlers move them."""

import uuid

from shouwang.demands.models import Demand
from shouwang.demands.tests.conftest import submit

BODY = {
    "category": "workers",
    "description": "一线员工缺口 30 人",
    "contact_name": "王经理",
    "contact_phone": "13912345678",
}


def test_an_enterprise_raises_a_demand_and_a_retry_is_the_same(
    api_for, tree, clock, enterprises, enterprise_users
):
    api = api_for(enterprise_users.a)
    key = str(uuid.uuid4())
    first = api.post(
        "/api/v1/demands/",
        {**BODY, "enterprise": enterprises.a.pk},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    again = api.post(
        "/api/v1/demands/",
        {**BODY, "enterprise": enterprises.a.pk},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert first.status_code == 201 and again.status_code == 201
    assert again["Idempotent-Replay"] == "true"
    assert Demand.objects.count() == 1
    assert first.json()["contact_phone"] == "139****5678"
    assert (
        api.post(
            "/api/v1/demands/", {**BODY, "enterprise": enterprises.b.pk}, format="json"
        ).status_code
        == 404
    )
    bad = api.post(
        "/api/v1/demands/",
        {**BODY, "enterprise": enterprises.a.pk, "contact_phone": "1"},
        format="json",
    )
    assert list(bad.json()) == ["contact_phone"]


def test_handlers_read_their_queue_and_move_demands(api_for, users, tree, clock, enterprises):
    demand = submit(enterprises.a)
    submit(enterprises.c)
    assert api_for(users.street_1).get("/api/v1/demands/").json()["count"] == 1
    assert api_for(users.street_1).get("/api/v1/demands/", {"street": "S2"}).json()["count"] == 0
    assert api_for(users.street_2).post(f"/api/v1/demands/{demand.pk}/accept/").status_code == 404
    api = api_for(users.street_1)
    assert api.post(f"/api/v1/demands/{demand.pk}/accept/").json()["status"] == "accepted"
    assert (
        api.post(f"/api/v1/demands/{demand.pk}/plan/", {"text": "对接招工"}, format="json").json()[
            "status"
        ]
        == "in_progress"
    )
    assert (
        api.post(
            f"/api/v1/demands/{demand.pk}/resolve/", {"text": "已招 30 人"}, format="json"
        ).json()["status"]
        == "resolved"
    )
    response = api.post(
        f"/api/v1/demands/{demand.pk}/return-visit/",
        {"satisfied": False, "rating": 2},
        format="json",
    )
    assert response.json() == {"comment": ["不满意时请说明原因"]}
    response = api.post(
        f"/api/v1/demands/{demand.pk}/return-visit/",
        {"satisfied": True, "rating": 5},
        format="json",
    )
    assert response.json()["status"] == "confirmed"
    assert (
        api_for(users.commander).get("/api/v1/demands/", {"overdue": "true"}).json()["count"] == 0
    )
    clock.move(hours=2)
    assert (
        api_for(users.commander).get("/api/v1/demands/", {"overdue": "true"}).json()["count"] == 1
    )

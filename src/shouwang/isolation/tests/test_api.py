import uuid

from shouwang.isolation.models import FollowUp, IsolationOrder


def test_an_order_by_api(api_for, users, people, today):
    response = api_for(users.grid_a).post(
        "/api/v1/isolation-orders/",
        {
            "person": people.a.pk,
            "start": today.isoformat(),
            "reason": "返回",
            "grid_worker": "grid_a",
            "doctor": "陈医生",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["days"] == 14
    assert IsolationOrder.objects.get().person == people.a


def test_a_follow_up_retried_from_the_phone_is_recorded_once(api_for, users, order, today):
    api = api_for(users.grid_a)
    key = str(uuid.uuid4())
    payload = {"day": today.isoformat(), "slot": "morning", "temperature": "36.5"}
    url = f"/api/v1/isolation-orders/{order.pk}/follow-ups/"
    first = api.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replay"] == "true"
    assert FollowUp.objects.count() == 1


def test_grid_b_cannot_read_or_follow_up_grid_a(api_for, users, order, today):
    api = api_for(users.grid_b)
    assert api.get("/api/v1/isolation-orders/").json()["count"] == 0
    url = f"/api/v1/isolation-orders/{order.pk}/follow-ups/"
    payload = {"day": today.isoformat(), "slot": "morning", "temperature": "36.5"}
    assert api.post(url, payload, format="json").status_code == 404


def test_a_building_head_reads_but_the_supervisor_cannot_write(api_for, users, order, today):
    assert api_for(users.building_a).get("/api/v1/isolation-orders/").json()["count"] == 1
    url = f"/api/v1/isolation-orders/{order.pk}/follow-ups/"
    payload = {"day": today.isoformat(), "slot": "morning", "temperature": "36.5"}
    assert api_for(users.supervisor).post(url, payload, format="json").status_code == 404


def test_a_bad_temperature_names_the_field(api_for, users, order, today):
    response = api_for(users.grid_a).post(
        f"/api/v1/isolation-orders/{order.pk}/follow-ups/",
        {"day": today.isoformat(), "slot": "morning", "temperature": "33.0"},
        format="json",
    )
    assert response.status_code == 400 and "temperature" in response.json()

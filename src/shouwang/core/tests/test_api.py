import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def test_areas_are_paginated_with_count_and_results(api_for, users, tree):
    body = api_for(users.commander).get("/api/v1/areas/", {"page_size": 2}).json()
    assert body["count"] == 11
    assert len(body["results"]) == 2
    assert set(body["results"][0]) >= {"id", "code", "name", "level", "parent"}


def test_page_size_is_capped_at_a_thousand(api_for, users, tree):
    body = api_for(users.commander).get("/api/v1/areas/", {"page_size": 5000}).json()
    assert len(body["results"]) == 11  # all of them, and the cap did not error


def test_areas_filter_by_level_and_parent_code(api_for, users, tree):
    api = api_for(users.commander)
    streets = api.get("/api/v1/areas/", {"level": "street"}).json()
    assert [a["code"] for a in streets["results"]] == ["S1", "S2"]
    children = api.get("/api/v1/areas/", {"parent": "S1C1"}).json()
    assert [a["code"] for a in children["results"]] == ["S1C1GA", "S1C1GB"]


def test_area_detail(api_for, users, tree):
    body = api_for(users.commander).get(f"/api/v1/areas/{tree.S1.pk}/").json()
    assert body["code"] == "S1" and body["parent"] == "D" and body["level"] == "street"


def test_anonymous_callers_are_refused(db):
    assert APIClient().get("/api/v1/areas/").status_code in {401, 403}


def test_token_authentication(users, tree):
    token = Token.objects.create(user=users.grid_a)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/areas/").json()["count"] == 2


def test_register_through_the_api_and_again_updates(api_for, users, tree):
    api = api_for(users.grid_a)
    payload = {
        "name": "赵六",
        "document_number": "440402199001010014",
        "phone": "13812345678",
        "area": tree.S1C1GAB1.code,
    }
    first = api.post("/api/v1/people/", payload, format="json")
    again = api.post("/api/v1/people/", {**payload, "name": "赵六六"}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again.json()["name"] == "赵六六" and again.json()["phone"] == "138****5678"


def test_bad_input_names_the_field(api_for, users, tree):
    response = api_for(users.grid_a).post(
        "/api/v1/people/",
        {
            "name": "赵六",
            "document_number": "440402199001010015",
            "area": tree.S1C1GA.code,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "校验位" in response.json()["document_number"][0]


def test_schema_and_docs_are_served(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/areas/" in schema.content
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_a_retried_device_write_is_answered_once(api_for, users, tree):
    from shouwang.core.models import AuditEvent

    api = api_for(users.grid_a)
    payload = {"name": "赵六", "document_number": "440402199001010014", "area": tree.S1C1GAB1.code}
    key = "5f0c6f0e-8a47-4c1e-9d7e-1f2a3b4c5d6e"
    first = api.post("/api/v1/people/", payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    retry = api.post(
        "/api/v1/people/", {**payload, "name": "改了"}, format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json() and retry["Idempotent-Replay"] == "true"
    assert AuditEvent.objects.filter(model="people.person").count() == 1


def test_a_client_uuid_field_works_like_the_header(api_for, users, tree):
    api = api_for(users.grid_a)
    payload = {
        "name": "赵六",
        "document_number": "440402199001010014",
        "area": tree.S1C1GAB1.code,
        "client_uuid": "0b7f3c2e-1111-4c1e-9d7e-1f2a3b4c5d6e",
    }
    assert api.post("/api/v1/people/", payload, format="json").status_code == 201
    assert api.post("/api/v1/people/", payload, format="json")["Idempotent-Replay"] == "true"


def test_a_malformed_client_uuid_is_refused(api_for, users, tree):
    response = api_for(users.grid_a).post(
        "/api/v1/people/", {"name": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="not-a-uuid"
    )
    assert response.status_code == 400 and "client_uuid" in response.json()


def test_a_refused_write_is_replayed_as_refused(api_for, users, tree):
    api = api_for(users.grid_a)
    key = "9a9a9a9a-8a47-4c1e-9d7e-1f2a3b4c5d6e"
    bad = {"name": "赵六", "document_number": "440402199001010015", "area": tree.S1C1GA.code}
    assert (
        api.post("/api/v1/people/", bad, format="json", HTTP_IDEMPOTENCY_KEY=key).status_code == 400
    )
    assert (
        api.post("/api/v1/people/", bad, format="json", HTTP_IDEMPOTENCY_KEY=key).status_code == 400
    )

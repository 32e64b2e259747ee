import uuid

from shouwang.people.models import MeasureRecord


def test_a_measure_by_api_is_idempotent_by_the_client_uuid(api_for, users, people):
    api = api_for(users.grid_a)
    payload = {
        "person": people.a.pk,
        "measure": "health_monitoring",
        "start": "2020-02-01",
        "reason": "返回",
    }
    key = str(uuid.uuid4())
    first = api.post("/api/v1/measures/", payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api.post("/api/v1/measures/", payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 201
    assert MeasureRecord.objects.count() == 1


def test_a_measure_by_api_is_never_set_back_to_none(api_for, users, people):
    payload = {"person": people.a.pk, "measure": "none", "start": "2020-02-01", "reason": "x"}
    response = api_for(users.grid_a).post("/api/v1/measures/", payload, format="json")
    assert response.status_code == 400 and "measure" in response.json()
    assert not MeasureRecord.objects.exists()


def test_grid_b_cannot_write_or_read_grid_a_timelines(api_for, users, people):
    api = api_for(users.grid_b)
    payload = {
        "person": people.a.pk,
        "measure": "health_monitoring",
        "start": "2020-02-01",
        "reason": "x",
    }
    assert api.post("/api/v1/measures/", payload, format="json").status_code == 404
    api_for(users.grid_a).post("/api/v1/measures/", payload, format="json")
    assert api.get("/api/v1/measures/").json()["count"] == 0
    assert api_for(users.community).get("/api/v1/measures/").json()["count"] == 1


def test_bad_history_names_the_field(api_for, users, people):
    response = api_for(users.grid_a).post(
        "/api/v1/history-entries/",
        {
            "person": people.a.pk,
            "kind": "travel",
            "place": "武汉",
            "from_date": "2020-01-10",
            "to_date": "2020-01-01",
        },
        format="json",
    )
    assert response.status_code == 400 and "to_date" in response.json()


def test_people_are_filtered_by_measure(api_for, users, people):
    api_for(users.grid_a).post(
        "/api/v1/measures/",
        {"person": people.a.pk, "measure": "home_isolation", "start": "2020-02-01", "reason": "x"},
        format="json",
    )
    found = api_for(users.commander).get("/api/v1/people/", {"measure": "home_isolation"}).json()
    assert [row["id"] for row in found["results"]] == [people.a.pk]


def test_building_head_sees_only_his_building(api_for, users, people):
    found = api_for(users.building_a).get("/api/v1/people/").json()
    assert [row["id"] for row in found["results"]] == [people.a.pk]

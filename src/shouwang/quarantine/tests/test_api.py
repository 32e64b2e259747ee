import uuid

from django.utils import timezone

from shouwang.conftest import ID_A
from shouwang.quarantine.choices import Destination, DiscrepancyKind, LoopPlace
from shouwang.quarantine.models import Discrepancy, HealthLog, LoopPerson, Stay
from shouwang.quarantine.services import batch_create, loop_confirm, stay_check_in
from shouwang.quarantine.tests.conftest import PASSPORT_1, PASSPORT_3, room


def check_in_body(**overrides):
    body = {"room": "201", "name": "张三", "document_type": "resident_id", "document_number": ID_A}
    body.update(overrides)
    return body


def test_check_in_from_a_device_is_idempotent(api_for, sites, staff):
    api = api_for(staff.site_a)
    key = str(uuid.uuid4())
    url = f"/api/v1/quarantine/sites/{sites.a.pk}/check-ins/"
    first = api.post(url, check_in_body(), format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api.post(url, check_in_body(), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replay"] == "true"
    assert first.data["document_number"] == "440402********0014"
    assert Stay.objects.count() == 1


def test_check_in_to_another_site_is_404_and_writes_nothing(api_for, sites, staff):
    response = api_for(staff.site_a).post(
        f"/api/v1/quarantine/sites/{sites.b.pk}/check-ins/", check_in_body(), format="json"
    )
    assert response.status_code == 404
    assert not Stay.objects.exists()


def test_bad_check_in_names_the_field(api_for, sites, staff):
    api = api_for(staff.site_a)
    url = f"/api/v1/quarantine/sites/{sites.a.pk}/check-ins/"
    bad_id = api.post(url, check_in_body(document_number="440402199001010015"), format="json")
    assert bad_id.status_code == 400 and "document_number" in bad_id.data
    assert api.post(url, check_in_body(room="999"), format="json").data == {
        "room": ["该隔离点没有这个房间"]
    }


def test_sites_listed_are_the_callers(api_for, sites, staff, users):
    names = [
        s["name"] for s in api_for(staff.site_a).get("/api/v1/quarantine/sites/").data["results"]
    ]
    assert names == ["银华酒店"]
    assert api_for(users.charlie).get("/api/v1/quarantine/sites/").data["count"] == 0
    assert api_for(staff.site_a).get(f"/api/v1/quarantine/sites/{sites.c.pk}/").status_code == 404


def test_health_log_from_a_device_once(api_for, sites, staff, people):
    stay = stay_check_in(room=room(sites.a, "201"), persons=[people.a], by=None)[0]
    api = api_for(staff.site_a)
    body = {
        "client_uuid": str(uuid.uuid4()),
        "day": timezone.localdate().isoformat(),
        "morning_temperature": "36.5",
        "symptoms": ["cough"],
    }
    url = f"/api/v1/quarantine/stays/{stay.pk}/health-logs/"
    assert api.post(url, body, format="json").status_code == 201
    assert api.post(url, body, format="json")["Idempotent-Replay"] == "true"
    assert HealthLog.objects.get().symptoms == ["cough"]
    assert (
        api_for(staff.site_b)
        .post(url, {**body, "client_uuid": str(uuid.uuid4())}, format="json")
        .status_code
        == 404
    )
    bad = api.post(
        url, {**body, "client_uuid": str(uuid.uuid4()), "morning_temperature": "50"}, format="json"
    )
    assert bad.status_code == 400 and "morning_temperature" in bad.data


def test_loop_events_through_the_api(api_for, ports, sites, staff):
    batch = batch_create(
        port=ports.gongbei,
        reference="GB-9",
        expected_count=1,
        persons=[{"name": "陈一", "document_number": PASSPORT_1}],
        by=None,
    )
    api = api_for(staff.port_1)
    key = str(uuid.uuid4())
    url = f"/api/v1/quarantine/batches/{batch.pk}/register/"
    registered = api.post(
        url, {"document_number": PASSPORT_1}, format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert registered.status_code == 201 and registered.data["place"] == LoopPlace.AT_PORT
    assert (
        api.post(url, {"document_number": PASSPORT_1}, format="json", HTTP_IDEMPOTENCY_KEY=key)[
            "Idempotent-Replay"
        ]
        == "true"
    )
    assert (
        api_for(staff.port_2).post(url, {"document_number": PASSPORT_1}, format="json").status_code
        == 404
    )
    entry = LoopPerson.objects.get()
    loop_confirm(entries=[entry], destination=Destination.SITE, site=sites.a, by=None)
    from shouwang.quarantine.services import transfer_create

    transfer = transfer_create(
        port=ports.gongbei, plate="粤C12345", escort="刘", entries=[entry], by=None
    )
    assert api.post(f"/api/v1/quarantine/transfers/{transfer.pk}/depart/").status_code == 200
    recount = f"/api/v1/quarantine/transfers/{transfer.pk}/recount/"
    stranger = api_for(staff.site_a).post(
        recount, {"document_number": PASSPORT_3, "client_uuid": str(uuid.uuid4())}, format="json"
    )
    assert stranger.status_code == 400 and "document_number" in stranger.data
    # The refusal's discrepancy was kept, with its open alert.
    assert Discrepancy.objects.filter(kind=DiscrepancyKind.NOT_ON_VEHICLE).count() == 1
    counted = api_for(staff.site_a).post(recount, {"document_number": PASSPORT_1}, format="json")
    assert counted.status_code == 200 and counted.data["place"] == LoopPlace.CHECKED_IN
    assert (
        api_for(staff.site_b)
        .post(recount, {"document_number": PASSPORT_1}, format="json")
        .status_code
        == 404
    )


def test_schema_has_the_device_endpoints(api_for, users):
    schema = api_for(users.commander).get("/api/schema/").content.decode()
    for path in ("check-ins", "health-logs", "/register/", "/depart/", "/recount/"):
        assert path in schema

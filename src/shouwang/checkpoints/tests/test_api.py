import pytest

from shouwang.checkpoints.api import FlagSerializer, OccupantSerializer, PassageSerializer
from shouwang.checkpoints.models import Passage
from shouwang.checkpoints.services import device_create, device_revoke
from shouwang.checkpoints.tests.conftest import occupant, vehicle


def url(checkpoint):
    return f"/api/v1/checkpoints/{checkpoint.pk}/passages/"


def test_a_device_registers_and_gets_the_flags(checkpoints, device_a, device_client):
    device, token = device_a
    answer = device_client(token).post(
        url(checkpoints.a), vehicle(occupants=[occupant(temperature="38.2")]), format="json"
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["flagged"] is True
    assert body["flags"][0]["kind"] == "fever"
    assert "38.2" in body["flags"][0]["message"]
    assert body["occupants"][0]["document_number"] == "440402********0014"
    assert Passage.objects.get().device == device


def test_a_resend_answers_with_the_stored_record(checkpoints, device_a, device_client):
    _, token = device_a
    payload = vehicle()
    first = device_client(token).post(url(checkpoints.a), payload, format="json")
    again = device_client(token).post(url(checkpoints.a), payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replay"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Passage.objects.count() == 1


def test_a_device_reaches_only_its_checkpoint(checkpoints, device_a, device_client):
    _, token = device_a
    api = device_client(token)
    assert api.post(url(checkpoints.b), vehicle(), format="json").status_code == 404
    assert api.get(url(checkpoints.b)).status_code == 404
    assert [c["id"] for c in api.get("/api/v1/checkpoints/").json()["results"]] == [
        checkpoints.a.pk
    ]
    assert api.get("/api/v1/people/").status_code in (401, 403)


def test_a_bad_or_revoked_token_is_refused(checkpoints, device_a, device_client):
    device, token = device_a
    assert (
        device_client("swd_wrong").post(url(checkpoints.a), vehicle(), format="json").status_code
        == 401
    )
    device_revoke(device=device, by=None)
    assert (
        device_client(token).post(url(checkpoints.a), vehicle(), format="json").status_code == 401
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"plate": "粤C1234"}, "plate"),
        ({"occupants": [occupant(temperature="45")]}, "occupants.0.temperature"),
        (
            {"occupants": [occupant(document_number="440402199001010015")]},
            "occupants.0.document_number",
        ),
        ({"client_uuid": "not-a-uuid"}, "client_uuid"),
    ],
)
def test_bad_input_names_the_field(checkpoints, device_a, overrides, field, device_client):
    _, token = device_a
    answer = device_client(token).post(url(checkpoints.a), vehicle(**overrides), format="json")
    assert answer.status_code == 400
    assert field in answer.json()
    assert not Passage.objects.exists()


def test_staff_reach_their_checkpoint_only(checkpoints, staff, api_for):
    api = api_for(staff.a)
    assert api.post(url(checkpoints.a), vehicle(), format="json").status_code == 201
    assert api.post(url(checkpoints.b), vehicle(), format="json").status_code == 404
    assert api.post(url(checkpoints.c), vehicle(), format="json").status_code == 404
    listed = api.get("/api/v1/checkpoints/").json()["results"]
    assert [c["id"] for c in listed] == [checkpoints.a.pk]


def test_street_sees_its_checkpoints_not_the_other_street(checkpoints, users, api_for):
    api = api_for(users.street_1)
    ids = {c["id"] for c in api.get("/api/v1/checkpoints/").json()["results"]}
    assert ids == {checkpoints.a.pk, checkpoints.b.pk}
    assert api.get(url(checkpoints.c)).status_code == 404
    assert api_for(users.street_2).get(url(checkpoints.a)).status_code == 404


def test_roles_without_checkpoint_duty_see_none(checkpoints, users, api_for):
    for user in (users.grid_a, users.building_a, users.auditor, users.nobody):
        assert api_for(user).get(url(checkpoints.a)).status_code == 404


def test_the_list_shows_masked_documents(checkpoints, staff, api_for):
    api = api_for(staff.a)
    api.post(url(checkpoints.a), vehicle(), format="json")
    listed = api.get(url(checkpoints.a)).json()["results"]
    assert listed[0]["occupants"][0]["document_number"].count("*") == 8


def test_device_token_is_stored_hashed(checkpoints):
    device, token = device_create(checkpoint=checkpoints.a, name="摄像头", by=None)
    assert token not in device.token_hash and token.startswith(device.token_prefix)


def test_the_answer_has_the_fields_the_schema_names(checkpoints, device_a, device_client):
    _, token = device_a
    body = (
        device_client(token)
        .post(url(checkpoints.a), vehicle(occupants=[occupant(temperature="38.2")]), format="json")
        .json()
    )
    assert set(body) == set(PassageSerializer().fields)
    assert set(body["occupants"][0]) == set(OccupantSerializer().fields)
    assert set(body["flags"][0]) == set(FlagSerializer().fields)
    assert body["occupants"][0]["temperature"] == "38.2"
    assert body["occupants"][0]["registered"] is False
    assert body["passed_at"].endswith("+08:00")

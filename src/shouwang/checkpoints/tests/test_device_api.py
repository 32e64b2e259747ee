"""A device's passage through the WSGI router (shouwang.wsgi): what the short road past the
pages' middleware keeps. test_api.py runs the device's requests both ways; these are the
router's own promises."""

from unittest import mock

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from shouwang.checkpoints import device_api
from shouwang.checkpoints.device_api import is_device_passage
from shouwang.checkpoints.models import Passage
from shouwang.checkpoints.tests.conftest import RoutedClient, occupant, vehicle
from shouwang.core.models import Alert, AuditEvent


def url(checkpoint):
    return f"/api/v1/checkpoints/{checkpoint.pk}/passages/"


def environ(**overrides):
    values = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/v1/checkpoints/12/passages/",
        "HTTP_AUTHORIZATION": "Device swd_abc",
        "CONTENT_TYPE": "application/json; charset=utf-8",
    }
    return values | overrides


@pytest.mark.parametrize(
    "overrides",
    [
        {"REQUEST_METHOD": "GET"},
        {"HTTP_AUTHORIZATION": "Token abc"},
        {"HTTP_AUTHORIZATION": ""},
        {"CONTENT_TYPE": "multipart/form-data; boundary=x"},
        {"PATH_INFO": "/api/v1/checkpoints/12/passages/extra/"},
        {"PATH_INFO": "/api/v1/checkpoints/"},
        {"PATH_INFO": "/checkpoints/12/passages/"},
    ],
)
def test_only_a_devices_json_passage_takes_the_short_road(overrides):
    assert is_device_passage(environ())
    assert is_device_passage(environ(HTTP_AUTHORIZATION="device swd_abc"))
    assert not is_device_passage(environ(**overrides))


def test_the_short_road_skips_the_pages_middleware_and_the_rest_does_not(checkpoints, device_a):
    _, token = device_a
    client = RoutedClient(f"Device {token}")
    posted = client.post(url(checkpoints.a), vehicle())
    listed = client.get(url(checkpoints.a))
    assert (posted.status_code, listed.status_code) == (201, 200)
    # Set by the pages' clickjacking middleware, which a device's passage never meets;
    # both get the security middleware's headers.
    assert "x-frame-options" not in posted.headers and "x-frame-options" in listed.headers
    assert posted["X-Content-Type-Options"] == listed["X-Content-Type-Options"] == "nosniff"
    assert listed.json()["results"][0]["id"] == posted.json()["id"]


def test_the_audit_row_keeps_the_devices_address(checkpoints, device_a):
    _, token = device_a
    answer = RoutedClient(f"Device {token}").post(url(checkpoints.a), vehicle())
    event = AuditEvent.objects.get(model="checkpoints.passage", object_id=str(answer.json()["id"]))
    assert event.ip_address == "127.0.0.1"
    assert event.user is None


def test_a_device_is_answered_in_the_districts_language_whatever_came_before(checkpoints, device_a):
    _, token = device_a
    translation.activate("en")  # what a page in English leaves behind in this thread
    try:
        answer = RoutedClient(f"Device {token}").post(url(checkpoints.a), vehicle(plate="粤C1"))
    finally:
        translation.deactivate()
    assert answer.status_code == 400
    assert answer["Content-Language"] == "zh-hans"
    assert "车牌" in answer.json()["plate"][0]


@pytest.mark.parametrize("body", [b"{not json", b'{"client_uuid": NaN}'])
def test_a_body_that_is_not_json_is_refused_as_drf_refuses_it(
    checkpoints, device_a, device_client, body
):
    _, token = device_a
    answer = device_client(token).generic(
        "POST", url(checkpoints.a), body, content_type="application/json"
    )
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("JSON parse error")
    assert "WWW-Authenticate" not in answer.headers
    assert not Passage.objects.exists()


def test_a_refused_token_is_told_how_to_authenticate(checkpoints, device_client):
    answer = device_client("swd_wrong").post(url(checkpoints.a), vehicle(), format="json")
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"] == "Device"
    assert answer.json()["detail"]


def test_only_a_401_names_the_scheme(checkpoints, device_a, device_client):
    _, token = device_a
    api = device_client(token)
    for checkpoint, payload, status in (
        (checkpoints.a, vehicle(plate="粤C1"), 400),
        (checkpoints.b, vehicle(), 404),
    ):
        answer = api.post(url(checkpoint), payload, format="json")
        assert answer.status_code == status
        assert "WWW-Authenticate" not in answer.headers


def test_an_alert_raised_by_a_device_links_to_the_passage(
    checkpoints, device_a, django_capture_on_commit_callbacks
):
    _, token = device_a
    with django_capture_on_commit_callbacks(execute=True):
        answer = RoutedClient(f"Device {token}").post(
            url(checkpoints.a), vehicle(occupants=[occupant(temperature="38.5")])
        )
    passage_id = answer.json()["id"]
    alert = Alert.objects.get(subject=f"checkpoints.passage:{passage_id}")
    assert alert.link == reverse("checkpoints:passage_detail", args=[passage_id])


def kept_connection():
    """The test's connection as a request finds one kept from an earlier request: Django's
    close_old_connections (which the test clients leave out) marks it for a check."""
    database = connections[DEFAULT_DB_ALIAS]
    database.ensure_connection()
    database.health_check_enabled, database.health_check_done = True, False
    return database


def test_only_the_ordinary_road_checks_a_kept_connection_first(checkpoints, device_a):
    _, token = device_a
    drf = APIClient()
    drf.credentials(HTTP_AUTHORIZATION=f"Device {token}")
    checks = []
    for client in (drf, RoutedClient(f"Device {token}")):
        database = kept_connection()
        with mock.patch.object(database, "is_usable", return_value=True) as is_usable:
            answer = client.post(url(checkpoints.a), vehicle(), format="json")
        assert answer.status_code == 201
        checks.append(is_usable.call_count)
    assert checks == [1, 0]


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced_and_the_passage_stored_once(
    checkpoints, device_a
):
    database = kept_connection()
    if database.vendor != "postgresql":
        pytest.skip("a server to drop the connection: PostgreSQL")
    other = database.get_new_connection(database.get_connection_params())
    try:
        # It returns once the server process of the test's connection has gone.
        other.execute(
            "SELECT pg_terminate_backend(%s, 10000)", [database.connection.info.backend_pid]
        )
    finally:
        other.close()
    body = vehicle()
    answer = RoutedClient(f"Device {device_a[1]}").post(url(checkpoints.a), body)
    assert answer.status_code == 201
    assert Passage.objects.filter(client_uuid=body["client_uuid"]).count() == 1


@pytest.mark.parametrize(
    ("usable", "in_transaction", "runs"), [(True, False, 1), (False, False, 2), (False, True, 1)]
)
def test_a_database_error_is_run_again_only_for_a_dropped_connection_outside_a_transaction(
    checkpoints, device_a, usable, in_transaction, runs
):
    database = kept_connection()
    failing = mock.Mock(side_effect=OperationalError("could not receive data from server"))
    with (
        mock.patch.object(device_api, "register_from_body", failing),
        mock.patch.object(database, "is_usable", return_value=usable),
        mock.patch.object(database, "close"),
        # The test itself runs in a transaction: as a request outside one, unless asked.
        mock.patch.object(database, "in_atomic_block", in_transaction),
    ):
        answer = RoutedClient(f"Device {device_a[1]}").post(url(checkpoints.a), vehicle())
    assert answer.status_code == 500
    assert failing.call_count == runs


@pytest.mark.django_db(transaction=True)
def test_a_passage_written_before_the_connection_dropped_is_answered_as_a_resend(
    checkpoints, device_a
):
    database = kept_connection()
    answer_of = device_api.passage_response
    failures = iter([OperationalError("server closed the connection unexpectedly")])

    def drops_once(*args):
        # After the write, before the answer: as a connection lost at that moment.
        error = next(failures, None)
        if error is not None:
            raise error
        return answer_of(*args)

    body = vehicle()
    with (
        mock.patch.object(device_api, "passage_response", drops_once),
        mock.patch.object(database, "is_usable", return_value=False),
        mock.patch.object(database, "close"),
    ):
        answer = RoutedClient(f"Device {device_a[1]}").post(url(checkpoints.a), body)
    assert answer.status_code == 200
    assert answer["Idempotent-Replay"] == "true"
    assert Passage.objects.filter(client_uuid=body["client_uuid"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_error_on_a_connection_opened_for_the_request_is_not_run_again(checkpoints, device_a):
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database keeps its connection open")
    connections[DEFAULT_DB_ALIAS].close()  # as after CONN_MAX_AGE: the request opens one
    failing = mock.Mock(side_effect=OperationalError("could not receive data from server"))
    with (
        mock.patch.object(device_api, "register_from_body", failing),
        mock.patch.object(connections[DEFAULT_DB_ALIAS], "is_usable", return_value=False),
    ):
        answer = RoutedClient(f"Device {device_a[1]}").post(url(checkpoints.a), vehicle())
    assert answer.status_code == 500
    assert failing.call_count == 1

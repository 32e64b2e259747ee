from django.test import RequestFactory
from django.urls import reverse

from shouwang.core.network import client_ip


def request(remote="10.0.0.5", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_socket_address_counts(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request(forwarded="1.2.3.4")) == "10.0.0.5"


def test_behind_one_proxy_the_address_it_appended_counts(settings):
    settings.TRUSTED_PROXIES = 1
    # The client forged the first entry; the proxy appended the real one.
    assert client_ip(request(forwarded="6.6.6.6, 203.0.113.9")) == "203.0.113.9"


def test_a_missing_header_falls_back_to_the_socket(settings):
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request(forwarded="203.0.113.9")) == "10.0.0.5"


def test_lockout_follows_the_forwarded_address(client, users, settings):
    settings.TRUSTED_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("core:login"),
            {"username": "grid_a", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    locked = client.post(
        reverse("core:login"),
        {"username": "grid_a", "password": "x"},
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert locked.status_code == 429
    from shouwang.conftest import PASSWORD

    elsewhere = client.post(
        reverse("core:login"),
        {"username": "grid_a", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert elsewhere.status_code == 302  # the same user at another shift's tablet

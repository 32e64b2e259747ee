import pytest
from django.core.exceptions import ImproperlyConfigured

from shouwang.core.handlers import MachineHandler


def test_a_middleware_whose_hooks_would_be_skipped_is_refused(settings):
    settings.MACHINE_MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",  # process_view
    ]
    with pytest.raises(ImproperlyConfigured, match="CsrfViewMiddleware has process_view"):
        MachineHandler("shouwang.urls")


def test_the_configured_middleware_load():
    assert MachineHandler("shouwang.checkpoints.device_urls")._middleware_chain is not None

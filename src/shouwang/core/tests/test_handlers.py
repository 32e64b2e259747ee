import subprocess
import sys

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


def test_the_served_application_is_loaded_and_frozen_when_imported():
    # What gunicorn --preload imports in its master: every app and the region table,
    # then frozen out of the collector (in a process of its own: a freeze is for good).
    probe = (
        "import gc, sys; import shouwang.wsgi; "
        "print(gc.get_freeze_count() > 0, 'shouwang.people.api' in sys.modules)"
    )
    answer = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert answer.stdout.split() == ["True", "True"]

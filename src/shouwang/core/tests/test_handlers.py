import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from gunicorn.app.base import Application

from shouwang import gunicorn_config
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


def _in_a_process_of_its_own(probe: str) -> list[str]:
    answer = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return answer.stdout.split()


def test_the_served_application_loads_every_app_when_imported():
    # What gunicorn's master imports before it forks: the workers start loaded.
    probe = "import sys; import shouwang.wsgi; print('shouwang.people.api' in sys.modules)"
    assert _in_a_process_of_its_own(probe) == ["True"]


class _SettingsOnly(Application):
    """gunicorn reading the settings file as ``-c python:shouwang.gunicorn_config`` does."""

    def load_config(self):
        self.load_config_from_module_name_or_filename("python:shouwang.gunicorn_config")

    def load(self):
        raise AssertionError("only the settings are read")


def test_gunicorn_takes_the_settings_preload_and_a_freeze_in_each_worker():
    settings = _SettingsOnly().cfg
    assert settings.preload_app is True
    assert settings.post_worker_init is gunicorn_config.post_worker_init
    probe = (
        "import gc; from shouwang import gunicorn_config as c; c.post_worker_init(None); "
        "print(gc.get_freeze_count() > 0)"
    )
    assert _in_a_process_of_its_own(probe) == ["True"]

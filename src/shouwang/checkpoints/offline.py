"""The files the registration page needs without network, which its service worker keeps.

The worker keeps them under a cache named after their contents: a release that changes one
changes the worker's text, so phones install the new worker and fetch the files afresh
(their URLs stay the same from one release to the next).
"""

import hashlib
import os
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.core import checks

OFFLINE_STATIC_FILES = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "core/shouwang.css",
    "checkpoints/register.css",
    "checkpoints/register.js",
)


def offline_files_missing(**kwargs) -> list:
    """A system check: without one of these files the service worker cannot be served, and
    phones would keep the release before, with no sign of it."""
    return [
        checks.Error(
            f"{name} is not among the static files",
            hint="`make static` copies the front-end packages into var/vendor.",
            id="checkpoints.E001",
        )
        for name in OFFLINE_STATIC_FILES
        if finders.find(name) is None
    ]


def offline_files_version() -> str:
    """A digest of the offline files' contents, read again only when one of them changes
    (the browser asks for the worker on every visit)."""
    paths = [finders.find(name) for name in OFFLINE_STATIC_FILES]
    return _digest(
        tuple((path, os.stat(path).st_mtime_ns, os.stat(path).st_size) for path in paths)
    )


@lru_cache(maxsize=4)
def _digest(files: tuple) -> str:
    digest = hashlib.sha256()
    for path, _mtime, _size in files:
        with open(path, "rb") as file:
            digest.update(hashlib.sha256(file.read()).digest())
    return digest.hexdigest()[:16]

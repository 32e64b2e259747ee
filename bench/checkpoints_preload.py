"""The product's WSGI application for bench/checkpoints.py, served with gunicorn
``--preload``: the URLs, the API and the region table (cpca, pandas) load once in the
master and are shared by every forked worker, instead of each worker paying seconds of
imports on its first request (which a short measurement would otherwise count)."""

from django.urls import get_resolver

from shouwang.people.regions import resolve_region
from shouwang.wsgi import application

get_resolver().url_patterns  # noqa: B018 - imports every app's views and API now
resolve_region("广州")

__all__ = ["application"]

"""The product's WSGI application for bench/checkpoints.py, served with gunicorn
``--preload``: the URLs, the API and the region table (cpca, pandas) load once in the
master and are shared by every forked worker, instead of each worker paying seconds of
imports on its first request (which a short measurement would otherwise count).

What is loaded then is frozen out of the garbage collector (``gc.freeze``), as a production
pre-forking server should: a full collection walks every object of the heap, the region
table included, and stopped a worker for over 100 ms, the p99 of a run at 80 % of peak.
The bare view's application freezes its own the same way."""

import gc

from django.urls import get_resolver

from shouwang.people.regions import resolve_region
from shouwang.wsgi import application

get_resolver().url_patterns  # noqa: B018 - imports every app's views and API now
resolve_region("广州")
gc.freeze()

__all__ = ["application"]

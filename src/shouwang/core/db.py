"""Statements PostgreSQL plans once per connection, for the few run on every request.

Django binds parameters on the client (the values are written into the SQL text), so
PostgreSQL parses and plans every statement afresh. For a small statement that is most of
its cost: the checkpoints' version query spent 0.6 ms planning and 0.1 ms running, on every
request of every device. :func:`prepared_cursor` gives a Django cursor (the same
transactions, error wrapping, query logging and execute wrappers) whose statements are
bound on the server and prepared on first use, once per connection.

Only for statements of a fixed text (parameters as ``%s``, a percent sign then as ``%%``)
run on every request: the connection keeps one prepared statement per text, and this
process one translation of each text to PostgreSQL's numbered placeholders. Other
databases get Django's cursor.
"""

import re
from contextlib import contextmanager
from functools import lru_cache

from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from psycopg.raw_cursor import RawCursorMixin

PSYCOPG_PREPARE_THRESHOLD = 5  # psycopg's own default
_PLACEHOLDER = re.compile(r"%[s%]")


@lru_cache(maxsize=256)
def numbered_placeholders(sql: str) -> str:
    """``%s`` as ``$1``, ``$2``...; ``%%`` as ``%``. psycopg does this itself on every
    execute of a statement over 50 parameters (its cache stops there), which cost a
    passage's write half a millisecond."""
    count = 0

    def number(match: re.Match) -> str:
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)


class PreparingCursor(RawCursorMixin, ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        # Without parameters the text goes as it is, as psycopg sends it then.
        if params is not None:
            query = numbered_placeholders(query)
        return super().execute(query, params, prepare=True, binary=binary)

    def _convert_query(self, query, vars=None):
        # psycopg keeps the statement (``_query``, which Django logs) only when it sends
        # it unprepared: keep it for prepared runs too, so the query log names them.
        self._query = super()._convert_query(query, vars)
        return self._query


@contextmanager
def prepared_cursor():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            driver = connection.connection
            if driver.prepare_threshold is None:
                # Django turns preparing off (for connection poolers). Only server-bound
                # cursors ever prepare, and this module's are the only ones: on again.
                driver.prepare_threshold = PSYCOPG_PREPARE_THRESHOLD
            # Connected, health-checked and wrapped by Django: only the driver's cursor
            # under the wrapper changes.
            cursor.cursor.close()
            cursor.cursor = PreparingCursor(driver)
        yield cursor

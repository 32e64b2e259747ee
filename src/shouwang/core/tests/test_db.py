import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shouwang.core.db import numbered_placeholders, prepared_cursor


def test_placeholders_are_numbered_and_a_percent_sign_kept():
    assert numbered_placeholders("SELECT %s, %s WHERE a LIKE '5%%'") == (
        "SELECT $1, $2 WHERE a LIKE '5%'"
    )


def test_a_statement_runs_as_with_djangos_cursor_and_is_logged(db):
    with CaptureQueriesContext(connection) as captured, prepared_cursor() as cursor:
        cursor.execute("SELECT %s || %s", ["守", "望"])
        assert cursor.fetchone() == ("守望",)
    assert "||" in captured.captured_queries[0]["sql"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares")
def test_postgresql_prepares_the_statement_once(db):
    text = "SELECT count(*) FROM core_area WHERE code = %s"
    for code in ("440402", "440403", "440404"):
        with prepared_cursor() as cursor:
            cursor.execute(text, [code])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement = %s",
            [numbered_placeholders(text)],
        )
        assert cursor.fetchone() == (1,)
    # Django's own cursors still bind on the client and prepare nothing.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_area WHERE name = %s", ["香洲区"])
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%name =%"]
        )
        assert cursor.fetchone() == (0,)

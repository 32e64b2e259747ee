"""The kept person counts (PersonCount): merging PostgreSQL's rows of changes, and counting
the register afresh after a load that went around the triggers."""

from django.db import connection, transaction

from shouwang.people.models import Person, PersonCount

_COUNTS = PersonCount._meta.db_table
_PERSONS = Person._meta.db_table

# Rows written by committed statements before this one started are merged; a change
# committed meanwhile is not seen, so not deleted: it stays for the next merge. Two merges
# at once do not count a row twice: the second skips the rows the first deleted.
_MERGE_SQL = f"""
WITH several AS (
    SELECT area_id, measure FROM {_COUNTS} GROUP BY 1, 2 HAVING count(*) > 1 OR sum(n) = 0
), merged AS (
    DELETE FROM {_COUNTS} AS c USING several AS s
    WHERE c.area_id = s.area_id AND c.measure = s.measure
    RETURNING c.area_id, c.measure, c.n
)
INSERT INTO {_COUNTS} (area_id, measure, n)
SELECT area_id, measure, sum(n) FROM merged GROUP BY 1, 2 HAVING sum(n) <> 0
"""


def person_counts_compact() -> int:
    """One row per area and measure again, where PostgreSQL's writes added more (SQLite
    keeps one each: its empty rows go). The rows merged or dropped."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_MERGE_SQL)
        else:
            cursor.execute(f"DELETE FROM {_COUNTS} WHERE n = 0")
        return cursor.rowcount


def person_counts_recount() -> int:
    """The counts from the register itself, for a load that went around the triggers
    (loaddata of a dump that held the counts, a data-only restore). Writers to the register
    wait for it; readers do not. The rows written."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {_PERSONS} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {_COUNTS}")
        cursor.execute(
            f"INSERT INTO {_COUNTS} (area_id, measure, n)"
            f" SELECT area_id, measure, count(*) FROM {_PERSONS} GROUP BY area_id, measure"
        )
        return cursor.rowcount

"""The scratch databases a benchmark loads into, one class per backend.

Each is created empty before a run and dropped after it. The parent reaches them through the
raw driver only (psycopg, sqlite3), which is also what the raw-write baseline measures.
"""

import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

RAW_TABLE = "bench_raw"
PROGRESS_EVERY = 10_000  # rows between progress updates: rare enough to cost nothing

Progress = Callable[[int], None]


class PostgresDatabase:
    backend = "postgresql"

    def __init__(self, url: str):
        self.url = url
        self.name = urlsplit(url).path.lstrip("/")
        # The database is dropped and re-created on every run: refuse a URL that could point
        # at someone's working database instead of a scratch one.
        if "bench" not in self.name:
            raise ValueError(f"refusing to drop database {self.name!r}: its name lacks 'bench'")

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(self.url, dbname="postgres", autocommit=True)

    def create(self) -> None:
        self.drop()
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        with self._admin() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name))
            )

    def version(self) -> str:
        with self._admin() as conn:
            return conn.execute("SHOW server_version").fetchone()[0]

    def count_rows(self, table: str) -> int:
        with psycopg.connect(self.url) as conn:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            return conn.execute(query).fetchone()[0]

    def ids_where(self, table: str, column: str, value: str) -> list[int]:
        with psycopg.connect(self.url) as conn:
            query = sql.SQL("SELECT id FROM {} WHERE {} = %s ORDER BY id").format(
                sql.Identifier(table), sql.Identifier(column)
            )
            return [row[0] for row in conn.execute(query, (value,))]

    def write_raw(
        self, like_table: str, columns: Sequence[str], rows, progress: Progress, indexes: bool
    ) -> float:
        """Seconds to COPY ``rows`` into a copy of ``like_table``, commit included."""
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(RAW_TABLE), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with psycopg.connect(self.url) as conn:
            self._create_raw_table(conn, like_table, indexes)
            # Start from clean buffers: the demo's (or the previous write's) dirty pages are
            # not this write's cost.
            conn.execute("CHECKPOINT")
            started = time.perf_counter()
            with conn.cursor() as cursor, cursor.copy(statement) as copy:
                for written, row in enumerate(rows, 1):
                    copy.write_row(row)
                    if written % PROGRESS_EVERY == 0:
                        progress(PROGRESS_EVERY)
            conn.commit()
            seconds = time.perf_counter() - started
            conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(RAW_TABLE)))
        return seconds

    @staticmethod
    def _create_raw_table(conn: psycopg.Connection, like_table: str, indexes: bool) -> None:
        # INCLUDING ALL brings the indexes (the unique document_hash among them), defaults and
        # identity; never the foreign keys, so no baseline pays for their checks.
        including = "ALL" if indexes else "DEFAULTS INCLUDING IDENTITY"
        conn.execute(
            sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING " + including + ")").format(
                sql.Identifier(RAW_TABLE), sql.Identifier(like_table)
            )
        )
        conn.commit()


class SqliteDatabase:
    backend = "sqlite"

    def __init__(self):
        self.directory: Path | None = None

    @property
    def path(self) -> Path:
        if self.directory is None:
            raise RuntimeError("create() the database first")
        return self.directory / "bench.sqlite3"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def create(self) -> None:
        self.drop()
        self.directory = Path(tempfile.mkdtemp(prefix="shouwang-bench-"))

    def drop(self) -> None:
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None)
        # As the application's connection does (settings: init_command); WAL is already set,
        # being a property of the file.
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def count_rows(self, table: str) -> int:
        with closing(self._connect()) as conn:
            return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]

    def ids_where(self, table: str, column: str, value: str) -> list[int]:
        with closing(self._connect()) as conn:
            query = f'SELECT id FROM "{table}" WHERE "{column}" = ? ORDER BY id'
            return [row[0] for row in conn.execute(query, (value,))]

    def write_raw(
        self, like_table: str, columns: Sequence[str], rows, progress: Progress, indexes: bool
    ) -> float:
        """Seconds to executemany ``rows`` into a copy of ``like_table`` in one transaction."""
        placeholders = ", ".join("?" * len(columns))
        statement = f'INSERT INTO "{RAW_TABLE}" ({", ".join(columns)}) VALUES ({placeholders})'
        with closing(self._connect()) as conn:
            for definition in self._copied_schema(conn, like_table, indexes):
                conn.execute(definition)
            # Start from a folded-back WAL: the demo's (or the previous write's) pages are not
            # this write's cost.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            for start in range(0, len(rows), PROGRESS_EVERY):
                batch = rows[start : start + PROGRESS_EVERY]
                conn.executemany(statement, batch)
                progress(len(batch))
            conn.execute("COMMIT")
            seconds = time.perf_counter() - started
            conn.execute(f'DROP TABLE "{RAW_TABLE}"')
        return seconds

    @staticmethod
    def _copied_schema(conn: sqlite3.Connection, table: str, indexes: bool) -> list[str]:
        """CREATE TABLE (and CREATE INDEX) statements of ``table``, renamed to the raw table.

        Foreign keys stay declared but unchecked (this connection leaves foreign_keys off),
        as on PostgreSQL where LIKE does not copy them. Without ``indexes``, the UNIQUE
        constraints go too, since SQLite backs each with an index.
        """
        rows = conn.execute(
            # Not its triggers, as LIKE copies none on PostgreSQL: the product's write pays
            # for them, the raw one does not.
            "SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
            "AND type IN ('table', 'index') ORDER BY type = 'index'",
            (table,),
        ).fetchall()
        renamed = []
        for kind, definition in rows:
            definition = definition.replace(f'"{table}"', f'"{RAW_TABLE}"')
            if kind == "index":
                if not indexes:
                    continue
                definition = re.sub(
                    r'^(CREATE (?:UNIQUE )?INDEX )"', rf'\1"{RAW_TABLE}_', definition
                )
            elif not indexes:
                # Table constraints first (UniqueConstraint), then column-level UNIQUE.
                definition = re.sub(r',\s*CONSTRAINT "[^"]+" UNIQUE \([^)]*\)', "", definition)
                definition = definition.replace(" UNIQUE", "")
            renamed.append(definition)
        return renamed


def database_at(url: str) -> "PostgresDatabase | SqliteDatabase":
    """The benchmark database the parent created at ``url``, as a worker reaches it."""
    if url.startswith("sqlite:///"):
        database = SqliteDatabase()
        database.directory = Path(url.removeprefix("sqlite:///")).parent
        return database
    return PostgresDatabase(url)

"""Demo-load benchmark: `shouwang demo` against a raw write of the same rows.

For each backend: a fresh empty database, `shouwang migrate`, then `shouwang demo --scale S`
in a child process whose wall time and peak memory are measured from outside. Then, in the
same database, the same number of person rows, generated beforehand, are written with the
bare driver into a copy of the person table: the floor that the loader's validating,
sealing and hashing stream is compared with. The copy has the person table's indexes (its
unique document hash among them), as the demo's table has; a second write into a copy without
any index shows what the driver moves when nothing but the heap is written.
"""

import hashlib
import os
import random
import re
from dataclasses import dataclass

from tqdm import tqdm

from bench.common import ChildFailed, run_child, shouwang_command, tqdm_progress

SAMPLE_ROWS = 10_000  # distinct generated residents; the baseline cycles through them
SAMPLE_SEED = 7  # not the demo's seed, so the sample is not the demo's first residents
REPORTED = re.compile(r"(\d+) residents in ([\d.]+) s")


@dataclass(frozen=True)
class DemoLoadResult:
    backend: str
    scale: float
    residents: int
    seconds: float  # wall time of `shouwang demo`, start to exit, Python start-up included
    loader_seconds: float  # what the command itself reports (load_demo's own clock)
    peak_rss_bytes: int
    raw_rows: int
    raw_seconds: float  # into a copy of the person table, indexes included
    bare_seconds: float  # the same rows into a copy without indexes or unique constraints

    @property
    def rows_per_second(self) -> float:
        return self.residents / self.seconds

    @property
    def raw_rows_per_second(self) -> float:
        return self.raw_rows / self.raw_seconds

    @property
    def bare_rows_per_second(self) -> float:
        return self.raw_rows / self.bare_seconds

    @property
    def ratio(self) -> float:
        return self.rows_per_second / self.raw_rows_per_second

    @property
    def peak_mib(self) -> float:
        return self.peak_rss_bytes / 2**20


def run(database, scale: float, raw_limit: int | None) -> DemoLoadResult:
    """One measured demo load and its raw baseline, in a database dropped afterwards."""
    from shouwang.demo.loader import FULL_RESIDENTS

    expected = round(FULL_RESIDENTS * scale)
    database.create()
    try:
        env = {**os.environ, "DATABASE_URL": database.url}
        tqdm.write(f"{database.backend}: migrating a fresh database")
        run_child(shouwang_command("migrate", "--verbosity", "0"), env).check()
        demo = _run_demo(database.backend, scale, expected, env)
        reported_residents, loader_seconds = _reported(demo.stdout)
        residents = _counted_residents(database, reported_residents)
        raw_count = min(residents, raw_limit) if raw_limit else residents
        raw_seconds, bare_seconds = _raw_writes(database, raw_count)
    finally:
        database.drop()
    return DemoLoadResult(
        backend=database.backend,
        scale=scale,
        residents=residents,
        seconds=demo.seconds,
        loader_seconds=loader_seconds,
        peak_rss_bytes=demo.peak_rss_bytes,
        raw_rows=raw_count,
        raw_seconds=raw_seconds,
        bare_seconds=bare_seconds,
    )


def _run_demo(backend: str, scale: float, expected: int, env: dict[str, str]):
    """`shouwang demo` in a child, its own tqdm bar relayed to ours line by line."""
    with tqdm(total=expected, desc=f"{backend} demo", unit=" residents", leave=False) as bar:

        def relay(line: str) -> None:
            if progress := tqdm_progress(line):
                bar.update(progress[0] - bar.n)

        argv = shouwang_command("demo", "--scale", str(scale))
        demo = run_child(argv, env, on_stderr_line=relay).check()
    tqdm.write(f"{backend}: demo loaded in {demo.seconds:.1f} s ({demo.stdout.strip()})")
    return demo


def _reported(stdout: str) -> tuple[int, float]:
    """Residents and seconds from the command's last line: "... N residents in X s"."""
    reported = REPORTED.search(stdout)
    if not reported:
        raise ChildFailed(f"`shouwang demo` did not report its residents:\n{stdout}")
    return int(reported[1]), float(reported[2])


def _counted_residents(database, reported: int) -> int:
    """The residents actually in the table, checked against what the command reported."""
    from shouwang.people.models import Person

    counted = database.count_rows(Person._meta.db_table)
    if counted != reported:
        raise ChildFailed(f"`shouwang demo` reported {reported} residents; table has {counted}")
    return counted


def _raw_writes(database, count: int) -> tuple[float, float]:
    """Seconds for the raw write of ``count`` person rows, with and without indexes."""
    from shouwang.core.choices import AreaLevel
    from shouwang.core.models import Area
    from shouwang.demo.loader import PERSON_COLUMNS
    from shouwang.people.models import Person

    building_ids = database.ids_where(Area._meta.db_table, "level", AreaLevel.BUILDING)
    rows = raw_rows(building_ids, count)
    seconds = []
    for indexes, label in ((True, "raw"), (False, "bare")):
        desc = f"{database.backend} {label}"
        with tqdm(total=count, desc=desc, unit=" rows", leave=False) as bar:
            seconds.append(
                database.write_raw(Person._meta.db_table, PERSON_COLUMNS, rows, bar.update, indexes)
            )
        tqdm.write(f"{database.backend}: {label} write of {count} rows in {seconds[-1]:.1f} s")
    return seconds[0], seconds[1]


def raw_rows(building_ids: list[int], count: int) -> list[tuple]:
    """``count`` rows of PERSON_COLUMNS as plain tuples, ready before any clock starts.

    Real residents from the loader's own generator (same types, same value sizes), cycled;
    only the keyed hashes are made fresh for each row.
    """
    from shouwang.demo.loader import PERSON_COLUMNS, resident_rows

    sample = list(resident_rows(building_ids, min(count, SAMPLE_ROWS), random.Random(SAMPLE_SEED)))
    document_hash = PERSON_COLUMNS.index("document_hash")
    phone_hash = PERSON_COLUMNS.index("phone_hash")
    rows = []
    for n in tqdm(range(count), desc="raw rows (untimed)", unit=" rows", leave=False):
        row = list(sample[n % len(sample)])
        # Fresh keys in random order, as real keyed hashes are: the unique document_hash
        # index must reject nothing, and sequential keys would make index inserts cheap
        # appends at the right edge of the B-tree that the real load never gets.
        row[document_hash] = _random_looking_hash(n, b"document")
        if row[phone_hash]:
            row[phone_hash] = _random_looking_hash(n, b"phone")
        rows.append(tuple(row))
    return rows


def _random_looking_hash(n: int, kind: bytes) -> str:
    """40 hex digits, as pii.lookup_hash stores, unique per (n, kind)."""
    return hashlib.blake2b(n.to_bytes(8, "little"), digest_size=20, person=kind).hexdigest()

"""People benchmarks: importing 100,000 persons from xlsx and CSV on PostgreSQL and SQLite
against the raw write of the same rows in the same run, and the person list and the
isolation board at full demo scale (937,800 residents) on PostgreSQL.

    .venv/bin/python -m bench.people [--rows 100000] [--scale 1] [--skip-pages]

Each measurement runs in a worker process (one Django database per process): the parent
creates the scratch databases (names containing "bench_people"), starts the workers, and
writes bench/RESULTS-people.md.
"""

import argparse
import csv
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

from bench.common import PROJECT_ROOT, load_average, machine_facts
from bench.databases import PostgresDatabase, SqliteDatabase

POSTGRES_URL = os.environ.get(
    "BENCH_PEOPLE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/shouwang_bench_people"
)
RESULTS = PROJECT_ROOT / "bench" / "RESULTS-people.md"
IMPORT_GOAL = 0.25
P95_GOAL_MS = 300
HEADER = ["姓名", "证件号码", "联系电话", "楼栋编码", "房号"]


# --- workers (run with DATABASE_URL set) -------------------------------------------------


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouwang.settings")
    import django

    django.setup()


def _tree_only():
    """Migrate and write the demo tree and accounts, no residents nor app demo data."""
    from django.core.management import call_command

    from shouwang.demo import loader

    call_command("migrate", verbosity=0)
    rng = random.Random(2020)
    specs = loader.district_tree(rng)
    ids = loader._write_tree(specs, rng, None)
    return [s.code for s in specs if s.level == "building"], ids


def _person_file(directory: Path, kind: str, rows: int, buildings: list[str]) -> Path:
    from shouwang.demo import loader, names

    rng = random.Random(7)
    allocator = loader.ResidentIdAllocator(names.LOCAL_REGIONS + names.OTHER_REGIONS)

    def lines():
        for n in range(rows):
            number, _birth = allocator.allocate(
                rng.randrange(8), rng.randrange(365 * 85), rng.random() < 0.5
            )
            yield [
                loader.random_name(rng),
                number,
                loader.random_mobile(rng),
                buildings[n % len(buildings)],
                f"{rng.randint(1, 32)}0{rng.randint(1, 4)}",
            ]

    path = directory / f"people.{kind}"
    if kind == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(lines())
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(HEADER)
        for line in lines():
            sheet.append(line)
        workbook.save(path)
    return path


def worker_import(backend: str, url: str, rows: int) -> dict:
    """Import the xlsx and CSV files (each into an empty person table), then the raw write
    of the same sealed rows into a copy of the table with its indexes."""
    _django()
    from django.db import connection
    from django.utils import timezone

    from shouwang.core.imports import read_table
    from shouwang.people.importers import IMPORT_COLUMNS, PersonImporter, sealed_row
    from shouwang.people.models import Person

    buildings, _ids = _tree_only()
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for kind in ("xlsx", "csv"):
            path = _person_file(Path(scratch), kind, rows, buildings)
            Person.objects.all().delete()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("CHECKPOINT")
            started = time.perf_counter()
            written, _result = PersonImporter().import_file(path)
            seconds = time.perf_counter() - started
            results[kind] = {"rows": written, "seconds": seconds}
            if kind == "csv":
                importer = PersonImporter()
                header, lines = read_table(path)
                parsed = importer.parse_rows(header, lines)
                now = timezone.now()
                sealed = [sealed_row(row.values, now) for row in parsed.good_rows]
        Person.objects.all().delete()
    connection.close()
    database = PostgresDatabase(url) if backend == "postgresql" else _sqlite_at(url)
    raw = database.write_raw(
        Person._meta.db_table, IMPORT_COLUMNS, sealed, lambda n: None, indexes=True
    )
    results["raw"] = {"rows": len(sealed), "seconds": raw}
    return results


def _sqlite_at(url: str) -> SqliteDatabase:
    database = SqliteDatabase()
    database.directory = Path(url.removeprefix("sqlite:///")).parent
    return database


def _timed(client, path: str, data: dict, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, data)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        queries = len(captured)
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[max(0, round(0.95 * len(times)) - 1)],
        "queries": queries,
        "runs": runs,
    }


def worker_pages(scale: float, runs: int) -> dict:
    """Load the demo (tree, residents, people and isolation data) and time the pages with
    Django's test Client in this process: server time, without the network."""
    _django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from shouwang.core.models import Area, User
    from shouwang.demo import loader
    from shouwang.isolation import demo as isolation_demo
    from shouwang.people import demo as people_demo

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    # The other apps' demo data do not touch the person and isolation tables the pages read.
    def people_and_isolation(context):
        people_demo.load_demo_data(context)
        isolation_demo.load_demo_data(context)

    loader._load_app_demos = people_and_isolation
    started = time.perf_counter()
    summary = loader.load_demo(scale=scale)
    load_seconds = time.perf_counter() - started
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    commander = User.objects.get(username="demo-commander")
    community_user = User.objects.get(username="demo-community")
    community = community_user.area
    busiest = Area.objects.filter(level="community").order_by("code").first()
    pages = {}
    client = Client()
    client.force_login(commander)
    pages["person list, district (commander)"] = _timed(client, "/people/", {}, runs)
    pages["person list, home isolation"] = _timed(
        client, "/people/", {"measure": "home_isolation"}, runs
    )
    pages["person list, key persons, page 50"] = _timed(
        client, "/people/", {"is_key_person": "true", "page": 5}, runs
    )
    pages["isolation board, district"] = _timed(client, "/isolation/", {}, runs)
    pages["isolation board, one community"] = _timed(
        client, "/isolation/", {"area": busiest.pk}, runs
    )
    client.force_login(community_user)
    pages["isolation board, community officer"] = _timed(
        client, "/isolation/", {"area": community.pk}, runs
    )
    worker = User.objects.filter(username__startswith="gw").order_by("username").first()
    client.force_login(worker)
    pages["today list, grid worker"] = _timed(client, "/isolation/today/", {}, runs)
    return {"residents": summary.residents, "load_seconds": load_seconds, "pages": pages}


# --- parent ------------------------------------------------------------------------------


def _worker(args: list[str], url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "SHOUWANG_ENV": "development"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.people", *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="persons per import file")
    parser.add_argument("--scale", type=float, default=1.0, help="demo scale for the pages")
    parser.add_argument("--runs", type=int, default=30, help="requests per page")
    parser.add_argument("--skip-pages", action="store_true", help="only the imports")
    parser.add_argument("--worker", choices=["import", "pages"], help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "import":
        print(json.dumps(worker_import(args.backend, os.environ["DATABASE_URL"], args.rows)))
        return
    if args.worker == "pages":
        print(json.dumps(worker_pages(args.scale, args.runs)))
        return

    facts = machine_facts()
    started_at = datetime.datetime.now(datetime.UTC)
    steps = ["import postgresql", "import sqlite"] + ([] if args.skip_pages else ["pages"])
    results = {}
    with tqdm(total=len(steps), unit=" step") as bar:
        for step in steps:
            bar.set_description(step)
            if step.startswith("import"):
                backend = step.split()[1]
                database = (
                    PostgresDatabase(POSTGRES_URL) if backend == "postgresql" else SqliteDatabase()
                )
                database.create()
                try:
                    results[step] = _worker(
                        ["--worker", "import", "--backend", backend, "--rows", str(args.rows)],
                        database.url,
                    )
                finally:
                    database.drop()
            else:
                database = PostgresDatabase(POSTGRES_URL)
                database.create()
                try:
                    results[step] = _worker(
                        ["--worker", "pages", "--scale", str(args.scale), "--runs", str(args.runs)],
                        database.url,
                    )
                finally:
                    database.drop()
            bar.update(1)
    facts["Load average at end (1/5/15 min)"] = load_average()
    RESULTS.write_text(_report(results, facts, started_at, args))
    print(RESULTS.read_text())


def _report(results, facts, started_at, args) -> str:
    lines = [
        "# People benchmarks",
        "",
        "Written by `python -m bench.people`; every run overwrites this file.",
        "",
        f"- Date (UTC): {started_at:%Y-%m-%d %H:%M:%S}",
        f"- Command: `.venv/bin/python -m bench.people {' '.join(sys.argv[1:])}`".rstrip(),
        "",
        "## Machine",
        "",
        "| fact | value |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in facts.items()],
        "",
        f"## Import of {args.rows:,} persons",
        "",
        "| backend | file | rows | s | rows/s | raw rows/s | ratio | goal ≥ 25 % |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for step, figures in results.items():
        if not step.startswith("import"):
            continue
        raw_rate = figures["raw"]["rows"] / figures["raw"]["seconds"]
        for kind in ("xlsx", "csv"):
            rate = figures[kind]["rows"] / figures[kind]["seconds"]
            ratio = rate / raw_rate
            lines.append(
                f"| {step.split()[1]} | {kind} | {figures[kind]['rows']:,} | "
                f"{figures[kind]['seconds']:.1f} | {rate:,.0f} | {raw_rate:,.0f} | "
                f"{ratio:.1%} | {'pass' if ratio >= IMPORT_GOAL else 'FAIL'} |"
            )
    lines += [
        "",
        "- *s*: `PersonImporter().import_file` from opening the file to commit: reading,",
        "  parsing, checksum validation, keyed hashes, AES-GCM sealing, the de-duplication",
        "  lookup and the write (COPY on PostgreSQL, executemany on SQLite).",
        "- *raw rows/s*: the same rows, already sealed (untimed), written with the bare driver",
        "  into a copy of the person table with its indexes (COPY / executemany).",
    ]
    if "pages" in results:
        pages = results["pages"]
        lines += [
            "",
            f"## Pages at {pages['residents']:,} residents (PostgreSQL)",
            "",
            f"Demo loaded in {pages['load_seconds']:.0f} s. Server time measured with Django's "
            f"test Client in the benchmark process, {args.runs} requests per page.",
            "",
            "| page | median ms | p95 ms | queries | goal p95 < 300 ms |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, figures in pages["pages"].items():
            verdict = "pass" if figures["p95_ms"] < P95_GOAL_MS else "FAIL"
            lines.append(
                f"| {name} | {figures['median_ms']:.0f} | {figures['p95_ms']:.0f} | "
                f"{figures['queries']} | {verdict} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

"""People benchmarks: importing 100,000 persons from xlsx and CSV on PostgreSQL and SQLite
against the raw write of the same rows in the same run, and the person list and the
isolation board at full demo scale (937,800 residents) on PostgreSQL, and the district's
masked export at that scale against the bare driver writing the same columns to xlsx.

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
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

from bench.common import (
    PROJECT_ROOT,
    demo_tree,
    load_average,
    machine_facts,
    setup_django,
    timed_get,
    worker_answer,
)
from bench.databases import PostgresDatabase, SqliteDatabase, database_at

POSTGRES_URL = os.environ.get(
    "BENCH_PEOPLE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/shouwang_bench_people"
)
RESULTS = PROJECT_ROOT / "bench" / "RESULTS-people.md"
IMPORT_GOAL = 0.25
P95_GOAL_MS = 300
HEADER = ["姓名", "证件号码", "联系电话", "楼栋编码", "房号"]


# --- workers (run with DATABASE_URL set) -------------------------------------------------


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


def _empty_register() -> None:
    """An empty person table (and its history) for the next import: TRUNCATE, since a
    queryset delete would first write a deletion record for each of 100,000 persons."""
    from django.db import connection

    from shouwang.people.models import Person

    tables = [Person._meta.db_table, Person.history.model._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            cursor.execute("CHECKPOINT")
        else:
            for table in tables:
                cursor.execute(f'DELETE FROM "{table}"')


def worker_import(url: str, rows: int) -> dict:
    """Import the xlsx and CSV files (each into an empty person table), then the raw write
    of the same sealed rows into a copy of the table with its indexes."""
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from shouwang.core.imports import read_table
    from shouwang.people.importers import IMPORT_COLUMNS, PersonImporter, sealed_row
    from shouwang.people.models import Person

    specs, _ids, _rng = demo_tree()
    buildings = [s.code for s in specs if s.level == "building"]
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        for kind in ("xlsx", "csv"):
            path = _person_file(Path(scratch), kind, rows, buildings)
            _empty_register()
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
        _empty_register()
    connection.close()
    database = database_at(url)
    raw = database.write_raw(
        Person._meta.db_table, IMPORT_COLUMNS, sealed, lambda n: None, indexes=True
    )
    results["raw"] = {"rows": len(sealed), "seconds": raw}
    return results


def worker_pages(scale: float, runs: int) -> dict:
    """Load the demo (tree, residents, people and isolation data) and time the pages with
    Django's test Client in this process: server time, without the network."""
    setup_django()
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
    pages["person list, district (commander)"] = timed_get(client, "/people/", {}, runs=runs)
    pages["person list, home isolation"] = timed_get(
        client, "/people/", {"measure": "home_isolation"}, runs=runs
    )
    pages["person list, key persons, page 50"] = timed_get(
        client, "/people/", {"is_key_person": "true", "page": 5}, runs=runs
    )
    pages["isolation board, district"] = timed_get(client, "/isolation/", {}, runs=runs)
    pages["isolation board, one community"] = timed_get(
        client, "/isolation/", {"area": busiest.pk}, runs=runs
    )
    client.force_login(community_user)
    pages["isolation board, community officer"] = timed_get(
        client, "/isolation/", {"area": community.pk}, runs=runs
    )
    worker = User.objects.filter(username__startswith="gw").order_by("username").first()
    client.force_login(worker)
    pages["today list, grid worker"] = timed_get(client, "/isolation/today/", {}, runs=runs)
    return {
        "residents": summary.residents,
        "load_seconds": load_seconds,
        "pages": pages,
        "export": _district_export(commander),
    }


#: The person export's columns as the raw baseline reads them, in the export's order (the
#: register's, newest first): the stored codes of the two choice fields instead of their
#: labels, the masks, the area's name and code.
RAW_EXPORT_SQL = """
SELECT p.name, p.document_type, p.document_masked, p.phone_masked, p.sex, p.birth_date,
       a.name, a.code
FROM people_person p JOIN core_area a ON a.id = p.area_id
ORDER BY p.created_at DESC, p.id DESC
"""


def _district_export(commander) -> dict:
    """The commander's masked xlsx of the whole register through the product's export (the
    background job: scoping, labels, progress, the sealed file), against the bare driver
    reading the same columns and openpyxl writing them to the same kind of file."""
    import io

    from django.db import connection
    from openpyxl import Workbook

    from shouwang.core.models import ExportJob
    from shouwang.core.models.exports import ExportStatus
    from shouwang.core.services.exports import export_run
    from shouwang.people.exports import PERSON_COLUMNS, PERSON_EXPORT

    job = ExportJob.objects.create(
        kind=PERSON_EXPORT,
        title="人员名单",
        query="",
        reason="bench",
        created_by=commander,
    )
    started = time.perf_counter()
    export_run(job=job)
    assert job.status == ExportStatus.READY, job.message
    export_seconds = time.perf_counter() - started
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("people")
    sheet.append([str(column.label) for column in PERSON_COLUMNS])
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute(RAW_EXPORT_SQL)
        while chunk := cursor.fetchmany(2000):
            for row in chunk:
                sheet.append(row)
            rows += len(chunk)
    buffer = io.BytesIO()
    workbook.save(buffer)
    raw_seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "seconds": export_seconds,
        "raw_seconds": raw_seconds,
        "mib": len(job.content) / 2**20,
    }


# --- parent ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="persons per import file")
    parser.add_argument("--scale", type=float, default=1.0, help="demo scale for the pages")
    parser.add_argument("--runs", type=int, default=30, help="requests per page")
    parser.add_argument("--skip-pages", action="store_true", help="only the imports")
    parser.add_argument("--worker", choices=["import", "pages"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "import":
        print(json.dumps(worker_import(os.environ["DATABASE_URL"], args.rows)))
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
                    results[step] = worker_answer(
                        "bench.people",
                        ["--worker", "import", "--rows", str(args.rows)],
                        database.url,
                    )
                finally:
                    database.drop()
            else:
                database = PostgresDatabase(POSTGRES_URL)
                database.create()
                try:
                    results[step] = worker_answer(
                        "bench.people",
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
        export = pages["export"]
        lines += [
            "",
            f"## Export of the district's register ({export['rows']:,} persons, PostgreSQL)",
            "",
            "| measure | s | rows/s |",
            "| --- | --- | --- |",
            f"| the commander's masked xlsx ({export['mib']:.0f} MiB), `export_run` | "
            f"{export['seconds']:.1f} | {export['rows'] / export['seconds']:,.0f} |",
            f"| raw: the same columns by the bare driver into openpyxl | "
            f"{export['raw_seconds']:.1f} | {export['rows'] / export['raw_seconds']:,.0f} |",
            "",
            f"The export runs at {export['raw_seconds'] / export['seconds']:.0%} of the raw rate.",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

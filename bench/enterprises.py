"""Enterprise benchmarks: importing the district's 48,000 enterprises from CSV against a
raw write of the same rows in the same run, and the resumption dashboard at full scale
(48,000 enterprises with their filings) on PostgreSQL, and SQLite for comparison.

    .venv/bin/python -m bench.enterprises [--rows 48000] [--runs 30] [--backends postgresql sqlite]

Each measurement runs in a worker process (one Django database per process): the parent
creates the scratch databases (names containing "bench_enterprises"), starts the workers,
and writes bench/RESULTS-enterprises.md.
"""

import argparse
import csv
import datetime
import json
import os
import random
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
    "BENCH_ENTERPRISES_POSTGRES_URL",
    "postgres://postgres@127.0.0.1:5432/shouwang_bench_enterprises",
)
RESULTS = PROJECT_ROOT / "bench" / "RESULTS-enterprises.md"
P95_GOAL_MS = 300
HEADER = [
    "企业名称",
    "统一社会信用代码",
    "所属区域编码",
    "行业大类",
    "从业人数",
    "上年营业收入（万元）",
    "联系电话",
    "所在园区",
    "业主类型",
]


# --- workers (run with DATABASE_URL set) -------------------------------------------------


def _enterprise_file(directory: Path, rows: int, communities: list[str]) -> Path:
    from shouwang.demo import loader
    from shouwang.enterprises.demo import credit_code

    rng = random.Random(7)
    path = directory / "enterprises.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(rows):
            writer.writerow(
                [
                    f"珠海测试{n}有限公司",
                    credit_code(n + 1),
                    communities[n % len(communities)],
                    rng.choice(["39", "52", "62", "72", "51", "65"]),
                    rng.randint(1, 800),
                    rng.randint(5, 30000),
                    loader.random_mobile(rng) if rng.random() < 0.6 else "",
                    rng.choice(["南屏科技工业园", ""]),
                    rng.choice(["私人业主", "国企物业", ""]),
                ]
            )
    return path


def worker_import(url: str, rows: int) -> dict:
    setup_django()
    from django.db import connection

    from shouwang.enterprises.importers import EnterpriseImporter
    from shouwang.enterprises.models import Enterprise

    specs, _ids, _rng = demo_tree()
    communities = [s.code for s in specs if s.level == "community"]
    with tempfile.TemporaryDirectory() as directory:
        path = _enterprise_file(Path(directory), rows, communities)
        started = time.perf_counter()
        written, _result = EnterpriseImporter().import_file(path)
        seconds = time.perf_counter() - started
    table = Enterprise._meta.db_table
    columns = [f.column for f in Enterprise._meta.concrete_fields if f.column != "id"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")
        stored = [tuple(row) for row in cursor.fetchall()]
    connection.close()
    database = database_at(url)
    raw_seconds = database.write_raw(table, columns, stored, lambda n: None, indexes=True)
    return {"rows": written, "seconds": seconds, "raw_seconds": raw_seconds}


def worker_dashboard(runs: int) -> dict:
    setup_django()
    from django.db import connection
    from django.test import Client

    from shouwang.core.models import Area, User
    from shouwang.demo.loader import DemoContext
    from shouwang.enterprises import demo
    from shouwang.enterprises.models import Enterprise, ResumptionFiling

    specs, ids, rng = demo_tree(with_users=True)
    started = time.perf_counter()
    demo.load_demo_data(DemoContext(specs=specs, area_ids=ids, scale=1.0, rng=rng, progress=None))
    load_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    pages = {}
    client.force_login(User.objects.get(username="demo-commander"))
    pages["dashboard, district (commander)"] = timed_get(
        client, "/enterprises/dashboard/", {}, runs=runs, warmup=3
    )
    street = Area.objects.get(name="拱北街道")
    pages["dashboard, one street (drill-down)"] = timed_get(
        client, "/enterprises/dashboard/", {"area": street.pk}, runs=runs, warmup=3
    )
    pages["enterprise list, district"] = timed_get(client, "/enterprises/", {}, runs=runs, warmup=3)
    client.force_login(User.objects.get(username="demo-street"))
    pages["dashboard, street officer"] = timed_get(
        client, "/enterprises/dashboard/", {}, runs=runs, warmup=3
    )
    return {
        "enterprises": Enterprise.objects.count(),
        "filings": ResumptionFiling.objects.count(),
        "load_seconds": load_seconds,
        "pages": pages,
    }


# --- parent ------------------------------------------------------------------------------


def _database(backend: str):
    return PostgresDatabase(POSTGRES_URL) if backend == "postgresql" else SqliteDatabase()


def _report(results: dict, facts: dict, started_at, args) -> str:
    lines = [
        "# Enterprise benchmarks",
        "",
        f"- Date: {started_at:%Y-%m-%d %H:%M} UTC",
        f"- Command: `.venv/bin/python -m bench.enterprises --rows {args.rows} --runs "
        f"{args.runs} --backends {' '.join(args.backends)}`",
        *[f"- {key}: {value}" for key, value in facts.items()],
        "",
        "## Import of the enterprise register (CSV)",
        "",
        "The importer parses and validates every cell (credit code checksum, industry, area in",
        "scope, phone), derives size and scale, seals phones, and bulk-inserts in one",
        "transaction. The raw baseline writes the very rows it stored, with the bare driver",
        "(COPY on PostgreSQL, executemany on SQLite), into a copy of the table with its indexes.",
        "",
        "| backend | rows | seconds | rows/s | raw rows/s | ratio |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for backend in args.backends:
        result = results.get(f"import {backend}")
        if result:
            rate = result["rows"] / result["seconds"]
            raw = result["rows"] / result["raw_seconds"]
            lines.append(
                f"| {backend} | {result['rows']:,} | {result['seconds']:.1f} | {rate:,.0f} "
                f"| {raw:,.0f} | {rate / raw:.1%} |"
            )
    lines += ["", "## Resumption dashboard at full scale", ""]
    for backend in args.backends:
        result = results.get(f"dashboard {backend}")
        if not result:
            continue
        lines += [
            f"### {backend}: {result['enterprises']:,} enterprises, {result['filings']:,} "
            f"filings (demo data loaded in {result['load_seconds']:.0f} s)",
            "",
            f"| page | median ms | p95 ms | queries | goal p95 < {P95_GOAL_MS} ms |",
            "|---|---:|---:|---:|---|",
        ]
        for name, page in result["pages"].items():
            verdict = "pass" if page["p95_ms"] < P95_GOAL_MS else "FAIL"
            lines.append(
                f"| {name} | {page['median_ms']:.0f} | {page['p95_ms']:.0f} | "
                f"{page['queries']} | {verdict} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=48_000, help="enterprises in the CSV")
    parser.add_argument("--runs", type=int, default=30, help="requests per page")
    parser.add_argument(
        "--backends", nargs="+", default=["postgresql", "sqlite"], choices=["postgresql", "sqlite"]
    )
    parser.add_argument("--worker", choices=["import", "dashboard"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "import":
        print(json.dumps(worker_import(os.environ["DATABASE_URL"], args.rows)))
        return
    if args.worker == "dashboard":
        print(json.dumps(worker_dashboard(args.runs)))
        return

    facts = machine_facts()
    started_at = datetime.datetime.now(datetime.UTC)
    steps = [f"{kind} {backend}" for backend in args.backends for kind in ("import", "dashboard")]
    results = {}
    with tqdm(total=len(steps), unit=" step") as bar:
        for step in steps:
            bar.set_description(step)
            kind, backend = step.split()
            database = _database(backend)
            database.create()
            try:
                worker_args = ["--worker", kind, "--rows", str(args.rows)]
                results[step] = worker_answer(
                    "bench.enterprises", [*worker_args, "--runs", str(args.runs)], database.url
                )
            finally:
                database.drop()
            bar.update(1)
    facts["Load average at end (1/5/15 min)"] = load_average()
    RESULTS.write_text(_report(results, facts, started_at, args))
    print(RESULTS.read_text())


if __name__ == "__main__":
    main()

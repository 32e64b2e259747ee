"""Daily-numbers benchmarks at full demo scale with a month of activity, on PostgreSQL:
computing a day's snapshot of every area, and the command dashboard of the district and
of every street.

    .venv/bin/python -m bench.reports [--scale 1] [--runs 30]

A worker process loads the demo (937,800 residents at scale 1, every app's demo data),
adds a month of checkpoint traffic (hourly counts for the 30 days before the demo's own
passages), declares the emergency a month ago, and then measures, against baselines of
the same run:

- each day's ``snapshots_compute`` for the month, against the very SQL statements it ran,
  replayed through the bare driver (the database's share of the work);
- the dashboard through Django's test Client (server time, no network) for the district
  and each street, against the bare driver reading the same snapshot rows.

Writes bench/RESULTS-reports.md.
"""

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import sys
import time

from bench.common import (
    PROJECT_ROOT,
    load_average,
    machine_facts,
    setup_django,
    summary,
    timed_get,
    worker_answer,
)
from bench.databases import PostgresDatabase

POSTGRES_URL = os.environ.get(
    "BENCH_REPORTS_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/shouwang_bench_reports"
)
RESULTS = PROJECT_ROOT / "bench" / "RESULTS-reports.md"
SNAPSHOT_GOAL_S = 60
DASHBOARD_P95_GOAL_MS = 200
MONTH = 30


# --- the worker (DATABASE_URL set) -------------------------------------------------------


def _month_of_checkpoint_traffic(first_day: datetime.date, days: int) -> int:
    """Hourly counts of every checkpoint for ``days`` days from ``first_day``, at the
    seeds' rates (Nantou: thousands of vehicles a day), written with COPY."""
    from django.utils import timezone

    from shouwang.checkpoints.models import Checkpoint, HourlyCount
    from shouwang.demo.loader import write_rows

    rng = random.Random(2020)
    checkpoints = list(Checkpoint.objects.values_list("pk", flat=True))

    def rows():
        for offset in range(days):
            day = first_day + datetime.timedelta(days=offset)
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
            for pk in checkpoints:
                for hour in range(24):
                    vehicles = rng.randint(5, 120)
                    persons = vehicles + rng.randint(0, vehicles)
                    yield (
                        pk,
                        start + datetime.timedelta(hours=hour),
                        vehicles,
                        persons,
                        rng.randint(0, 1),
                        rng.randint(0, 2),
                    )

    HourlyCount.objects.filter(
        hour__lt=timezone.make_aware(
            datetime.datetime.combine(first_day + datetime.timedelta(days=days), datetime.time.min)
        )
    ).delete()
    return write_rows(
        HourlyCount._meta.db_table,
        ("checkpoint_id", "hour", "vehicles", "persons", "fevers", "flagged"),
        rows(),
    )


def _raw_snapshot_read(area_id: int, first: datetime.date, last: datetime.date, runs: int):
    """The least a dashboard must read: the area's snapshots of the span and its
    children's of the day, by the bare driver."""
    from django.db import connection

    raw = connection.connection  # psycopg's own connection, under Django's
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with raw.cursor() as cursor:
            cursor.execute(
                "SELECT day, figures FROM reports_dailysnapshot WHERE area_id = %s "
                "AND day BETWEEN %s AND %s",
                [area_id, first, last],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT s.area_id, s.figures FROM reports_dailysnapshot s "
                "JOIN core_area a ON a.id = s.area_id WHERE a.parent_id = %s AND s.day = %s",
                [area_id, last],
            )
            cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return summary(times)


def worker(scale: float, runs: int) -> dict:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from shouwang.core.models import Area, User
    from shouwang.demo import loader
    from shouwang.reports.models import DailySnapshot
    from shouwang.reports.services import emergency_declare, snapshots_compute

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    app_demos = loader._load_app_demos

    def every_app_but_the_reports(context):
        # The benchmark computes the month's snapshots itself, one day at a time.
        from shouwang.reports import demo as reports_demo

        original, reports_demo.load_demo_data = reports_demo.load_demo_data, lambda c: None
        try:
            app_demos(context)
        finally:
            reports_demo.load_demo_data = original

    loader._load_app_demos = every_app_but_the_reports
    started = time.perf_counter()
    summary = loader.load_demo(scale=scale)
    load_seconds = time.perf_counter() - started
    today = timezone.localdate()
    first = today - datetime.timedelta(days=MONTH)
    traffic_rows = _month_of_checkpoint_traffic(first, MONTH - 2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    district = Area.objects.get(level="district")
    emergency_declare(area=district, name="新冠肺炎疫情防控", declared_on=first, by=None)

    days = [first + datetime.timedelta(days=n) for n in range(MONTH + 1)]
    seconds = []
    for day in days:
        started = time.perf_counter()
        areas = snapshots_compute(day=day)
        seconds.append(time.perf_counter() - started)
    # The same work again with its SQL captured, then that SQL replayed by the bare driver.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        snapshots_compute(day=today)
        today_seconds = time.perf_counter() - started
    statements = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    raw = connection.connection
    started = time.perf_counter()
    with raw.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
    raw_seconds = time.perf_counter() - started

    client = Client()
    commander = User.objects.get(username="demo-commander")
    client.force_login(commander)
    pages = {
        "district, 30 days": timed_get(client, "/reports/", {"span": "30"}, runs=runs),
        "district, since the start": timed_get(client, "/reports/", {"span": "all"}, runs=runs),
        "district, large screen": timed_get(client, "/reports/screen/", {}, runs=runs),
    }
    streets = list(Area.objects.filter(level="street").order_by("code"))
    street_pages = [
        timed_get(client, "/reports/", {"area": street.pk, "span": "30"}, runs=runs)
        for street in streets
    ]
    worst = max(street_pages, key=lambda page: page["p95_ms"])
    pages[f"each of the {len(streets)} streets, 30 days (the slowest)"] = worst
    officer = User.objects.get(username="demo-street")
    client.force_login(officer)
    pages["street officer, his street"] = timed_get(client, "/reports/", {}, runs=runs)
    raw_read = _raw_snapshot_read(district.pk, today - datetime.timedelta(days=29), today, runs)
    return {
        "residents": summary.residents,
        "load_seconds": load_seconds,
        "traffic_rows": traffic_rows,
        "areas": areas,
        "snapshots": DailySnapshot.objects.count(),
        "day_seconds": seconds,
        "today_seconds": today_seconds,
        "statements": len(statements),
        "raw_seconds": raw_seconds,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pages": pages,
        "raw_read": raw_read,
    }


# --- the parent --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="demo scale")
    parser.add_argument("--runs", type=int, default=30, help="requests per page")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.scale, args.runs)))
        return
    facts = machine_facts()
    started_at = datetime.datetime.now(datetime.UTC)
    database = PostgresDatabase(POSTGRES_URL)
    facts["PostgreSQL"] = database.version()
    database.create()
    print(f"loading the demo at scale {args.scale} and measuring...", file=sys.stderr)
    try:
        results = worker_answer(
            "bench.reports",
            ["--worker", "--scale", str(args.scale), "--runs", str(args.runs)],
            POSTGRES_URL,
        )
    finally:
        database.drop()
    facts["Load average at end (1/5/15 min)"] = load_average()
    RESULTS.write_text(_report(results, facts, started_at, args))
    print(RESULTS.read_text())


def _report(results: dict, facts: dict, started_at, args) -> str:
    days = results["day_seconds"]
    worst_day = max(days)
    lines = [
        "# Daily-numbers benchmarks",
        "",
        "Written by `python -m bench.reports`; every run overwrites this file.",
        "",
        f"- Date (UTC): {started_at:%Y-%m-%d %H:%M:%S}",
        f"- Command: `.venv/bin/python -m bench.reports {' '.join(sys.argv[1:])}`".rstrip(),
        "",
        "## Machine",
        "",
        "| fact | value |",
        "| --- | --- |",
        *[f"| {key} | {value} |" for key, value in facts.items()],
        "",
        "## Data",
        "",
        f"Demo at scale {args.scale}: {results['residents']:,} residents and every app's demo "
        f"data, loaded in {results['load_seconds']:.0f} s, plus {results['traffic_rows']:,} "
        f"hourly checkpoint counts for the month. {results['areas']:,} areas (district to "
        f"grids) a day; {results['snapshots']:,} snapshots after the run.",
        "",
        "## A day's snapshot of every area (PostgreSQL)",
        "",
        "| measure | seconds |",
        "| --- | ---: |",
        f"| median day of the month ({len(days)} days) | {statistics.median(days):.2f} |",
        f"| slowest day | {worst_day:.2f} |",
        f"| today, again | {results['today_seconds']:.2f} |",
        f"| the {results['statements']} SELECTs it ran, replayed by the bare driver "
        f"(baseline) | {results['raw_seconds']:.2f} |",
        "",
        f"Ratio today / baseline: {results['today_seconds'] / results['raw_seconds']:.2f} x. "
        f"Peak memory of the worker (demo load included): {results['peak_mib']:.0f} MiB.",
        "",
        "## The dashboard (server time, Django test Client)",
        "",
        "| page | median ms | p95 ms | queries | p95 / bare read |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    raw_p95 = results["raw_read"]["p95_ms"]
    for name, page in results["pages"].items():
        lines.append(
            f"| {name} | {page['median_ms']:.1f} | {page['p95_ms']:.1f} | {page['queries']} | "
            f"{page['p95_ms'] / raw_p95:.0f} x |"
        )
    lines += [
        f"| bare driver reading the same snapshot rows (baseline) | "
        f"{results['raw_read']['median_ms']:.2f} | {raw_p95:.2f} | 2 | 1 x |",
        "",
        "## Goals",
        "",
        "| goal | measured | result |",
        "| --- | --- | --- |",
        f"| a day's snapshot for every area under {SNAPSHOT_GOAL_S} s | {worst_day:.1f} s "
        f"(slowest day) | {'pass' if worst_day < SNAPSHOT_GOAL_S else 'FAIL'} |",
    ]
    slowest = max(page["p95_ms"] for page in results["pages"].values())
    lines.append(
        f"| dashboard p95 under {DASHBOARD_P95_GOAL_MS} ms for the district and any street | "
        f"{slowest:.0f} ms (slowest page) | "
        f"{'pass' if slowest < DASHBOARD_P95_GOAL_MS else 'FAIL'} |"
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

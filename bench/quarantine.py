"""Quarantine benchmarks on PostgreSQL: a 6,222-person cruise-ship manifest screened end
to end (import, flag by the risk rules, allocate the flagged to 3 hotels) against a raw
write of the same person rows in the same run, and the site board and site list with
Xiangzhou's 29 sites and 8,379 stays.

    .venv/bin/python -m bench.quarantine [--rows 6222] [--runs 30]

Each measurement runs in a worker process on its own scratch database (names containing
"bench_quarantine"); the parent writes bench/RESULTS-quarantine.md.
"""

import argparse
import datetime
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from bench.common import (
    PROJECT_ROOT,
    demo_tree,
    load_average,
    machine_facts,
    setup_django,
    timed_get,
    worker_answer,
)
from bench.databases import PostgresDatabase

POSTGRES_URL = os.environ.get(
    "BENCH_QUARANTINE_POSTGRES_URL",
    "postgres://postgres@127.0.0.1:5432/shouwang_bench_quarantine",
)
RESULTS = PROJECT_ROOT / "bench" / "RESULTS-quarantine.md"
EVENT_GOAL_SECONDS = 10
P95_GOAL_MS = 300
FLAGGED_SHARE = 148 / 6222
RESIDENT_SCALE = 0.03
HEADER = ["姓名", "证件号码", "国籍", "舱位/分组", "身份", "常住地", "旅行史", "居住史", "体温"]


def _manifest(path: Path, rows: int) -> Path:
    """A ship's manifest: resident IDs and passports, cabins of one to four, 148 in 6,222
    who lived in a high-risk district, a few fevers at the gangway."""
    from openpyxl import Workbook

    from shouwang.demo import loader, names

    rng = random.Random(26)
    allocator = loader.ResidentIdAllocator(names.LOCAL_REGIONS + names.OTHER_REGIONS)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    cabin, left = 8000, 0
    for n in range(rows):
        if left == 0:
            cabin, left = cabin + 1, rng.choice((1, 2, 2, 2, 3, 4))
        left -= 1
        crew = n % 5 == 4
        if crew:
            number = f"E{n:08d}"
        else:
            number, _birth = allocator.allocate(
                rng.randrange(8), rng.randrange(365 * 60), rng.random() < 0.5
            )
        risky = rng.random() < FLAGGED_SHARE
        sheet.append(
            [
                loader.random_name(rng),
                number,
                "PHL" if crew else "CHN",
                str(cabin),
                "船员" if crew else "旅客",
                "" if crew else rng.choice(["广东省深圳市南山区", "湖南省长沙市", "珠海市香洲区"]),
                "越南岘港",
                "广东省广州市荔湾区" if risky else "",
                "37.9" if rng.random() < 0.002 else f"{rng.gauss(36.5, 0.2):.1f}",
            ]
        )
    workbook.save(path)
    return path


def worker_screening(rows: int) -> dict:
    """Import, flag and allocate, each timed; then the raw COPY of the same person rows."""
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from shouwang.core.imports import read_table
    from shouwang.core.models import Area
    from shouwang.demo.loader import PERSON_COLUMNS
    from shouwang.people import demo as people_demo
    from shouwang.people.models import Person
    from shouwang.people.services import SealedDocument
    from shouwang.quarantine.manifest import ManifestImporter, _person_row
    from shouwang.quarantine.models import ScreeningEntry
    from shouwang.quarantine.services import (
        rooms_generate,
        screening_allocate,
        screening_event_create,
        screening_flag,
        site_create,
    )
    from shouwang.workforce.services import builtin_template

    specs, ids, _rng = demo_tree()
    people_demo._risk_list(timezone.localdate())
    street = Area.objects.get(pk=ids[next(s.code for s in specs if s.name == "拱北街道")])
    today = timezone.localdate()
    hotels = []
    for n in range(3):
        site = site_create(
            name=f"留置观察酒店{n + 1}",
            kind="hotel",
            area=street,
            capacity=120,
            opens_on=today,
            template=builtin_template("3x8"),
            by=None,
        )
        rooms_generate(site=site, first_floor=2, last_floor=7, per_floor=14, by=None)
        rooms_generate(site=site, first_floor=8, last_floor=8, per_floor=12, beds=4, by=None)
        hotels.append(site)
    event = screening_event_create(
        name="歌诗达·威尼斯号", kind="ship", area=street, held_on=today, by=None
    )
    with tempfile.TemporaryDirectory() as scratch:
        path = _manifest(Path(scratch) / "manifest.xlsx", rows)
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
        started = time.perf_counter()
        written, _result = ManifestImporter(event=event).import_file(path)
        imported = time.perf_counter()
        flagged = screening_flag(event=event, by=None)
        flagged_at = time.perf_counter()
        allocation = screening_allocate(event=event, sites=hotels, by=None)
        done = time.perf_counter()
        header, lines = read_table(path)
        parsed = ManifestImporter(event=event).parse_rows(header, lines)
    now = timezone.now()
    # The raw baseline writes the same persons, already validated and sealed (untimed).
    sealed = []
    for row in parsed.rows:
        number = row.values["document_number"]
        kind = "resident_id" if len(number) == 18 else "passport"
        row.values["document"] = SealedDocument.from_input(kind, number)
        sealed.append(_person_row(row.values, street.pk, now))
    placed = ScreeningEntry.objects.filter(event=event, stay__isnull=False).count()
    persons = Person.objects.count()
    connection.close()
    raw = PostgresDatabase(os.environ["DATABASE_URL"]).write_raw(
        Person._meta.db_table, (*PERSON_COLUMNS, "nationality"), sealed, lambda n: None, True
    )
    return {
        "rows": written,
        "persons": persons,
        "import_seconds": imported - started,
        "flag_seconds": flagged_at - imported,
        "allocate_seconds": done - flagged_at,
        "total_seconds": done - started,
        "flagged": flagged,
        "placed": placed,
        "unplaced": allocation["unplaced"],
        "raw_seconds": raw,
    }


def worker_board(runs: int) -> dict:
    """The demo's quarantine at full scale (29 sites, 8,379 stays, the loop, a screening),
    then the boards, timed with Django's test Client in this process."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client

    from shouwang.core.models import User
    from shouwang.demo import loader
    from shouwang.people import demo as people_demo
    from shouwang.quarantine import demo as quarantine_demo
    from shouwang.quarantine.models import Port, Site, Stay

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    def quarantine_only(context):
        # The travellers are residents coming back: enough of them (3 % of the district,
        # 28,134), and the quarantine at full scale.
        context.scale = 1.0
        people_demo._risk_list(datetime.date.today())
        quarantine_demo.load_demo_data(context)

    loader._load_app_demos = quarantine_only
    started = time.perf_counter()
    loader.load_demo(scale=RESIDENT_SCALE)
    load_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    busiest = (
        Site.objects.annotate(current=Count("stays", filter=Q(stays__status="active")))
        .order_by("-current")
        .first()
    )
    commander = User.objects.get(username="demo-commander")
    client, htmx = Client(), Client(headers={"HX-Request": "true"})
    client.force_login(commander)
    htmx.force_login(commander)
    board = f"/quarantine/sites/{busiest.pk}/"
    pages = {
        f"site board, busiest site ({busiest.current} staying)": timed_get(
            client, board, runs=runs
        ),
        "site board, htmx refresh": timed_get(htmx, board, runs=runs),
        "site list, district (29 sites)": timed_get(client, "/quarantine/sites/", runs=runs),
    }
    port = Port.objects.get()
    pages["loop board, Gongbei"] = timed_get(client, f"/quarantine/ports/{port.pk}/", runs=runs)
    return {
        "sites": Site.objects.count(),
        "stays": Stay.objects.count(),
        "load_seconds": load_seconds,
        "pages": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=6222, help="persons on the manifest")
    parser.add_argument("--runs", type=int, default=30, help="requests per page")
    parser.add_argument("--worker", choices=["screening", "board"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "screening":
        print(json.dumps(worker_screening(args.rows)))
        return
    if args.worker == "board":
        print(json.dumps(worker_board(args.runs)))
        return
    facts = machine_facts()
    started_at = datetime.datetime.now(datetime.UTC)
    results = {}
    for step, worker_args in (
        ("screening", ["--worker", "screening", "--rows", str(args.rows)]),
        ("board", ["--worker", "board", "--runs", str(args.runs)]),
    ):
        database = PostgresDatabase(POSTGRES_URL)
        database.create()
        try:
            print(f"bench.quarantine: {step}…", file=sys.stderr)
            results[step] = worker_answer("bench.quarantine", worker_args, database.url)
        finally:
            database.drop()
    facts["Load average at end (1/5/15 min)"] = load_average()
    RESULTS.write_text(_report(results, facts, started_at))
    print(RESULTS.read_text())


def _report(results, facts, started_at) -> str:
    screening, board = results["screening"], results["board"]
    rate = screening["rows"] / screening["total_seconds"]
    import_rate = screening["rows"] / screening["import_seconds"]
    raw_rate = screening["rows"] / screening["raw_seconds"]
    verdict = "pass" if screening["total_seconds"] < EVENT_GOAL_SECONDS else "FAIL"
    lines = [
        "# Quarantine benchmarks",
        "",
        "Written by `python -m bench.quarantine`; every run overwrites this file.",
        "",
        f"- Date (UTC): {started_at:%Y-%m-%d %H:%M:%S}",
        f"- Command: `.venv/bin/python -m bench.quarantine {' '.join(sys.argv[1:])}`".rstrip(),
        "",
        "## Machine",
        "",
        "| fact | value |",
        "| --- | --- |",
        *[f"| {k} | {v} |" for k, v in facts.items()],
        "",
        f"## Screening a {screening['rows']:,}-person manifest end to end (PostgreSQL)",
        "",
        "| step | s | rows/s |",
        "| --- | --- | --- |",
        f"| import (xlsx: read, validate, seal, register, history, temperatures) | "
        f"{screening['import_seconds']:.2f} | {import_rate:,.0f} |",
        f"| flag by the risk rules | {screening['flag_seconds']:.2f} | "
        f"{screening['rows'] / screening['flag_seconds']:,.0f} |",
        f"| allocate {screening['placed']} flagged to 3 hotels | "
        f"{screening['allocate_seconds']:.2f} | — |",
        f"| **whole event** | **{screening['total_seconds']:.2f}** | **{rate:,.0f}** |",
        f"| raw COPY of the same person rows (baseline) | {screening['raw_seconds']:.2f} | "
        f"{raw_rate:,.0f} |",
        "",
        f"- Goal: the whole event under {EVENT_GOAL_SECONDS} s: **{verdict}**. The event runs at "
        f"{rate / raw_rate:.1%} of the raw write's rate (import alone: "
        f"{import_rate / raw_rate:.1%}).",
        f"- {screening['flagged']} flagged by the rules (residence in a high-risk district, "
        f"fever), {screening['placed']} placed, {screening['unplaced']} not placed; "
        f"{screening['persons']:,} persons in the register afterwards (each once).",
        "- *raw*: the same rows, already validated and sealed (untimed), written with the bare "
        "driver into a copy of the person table with its indexes.",
        "",
        f"## Boards with {board['sites']} sites and {board['stays']:,} stays (PostgreSQL)",
        "",
        f"Demo quarantine loaded in {board['load_seconds']:.0f} s. Server time measured with "
        "Django's test Client in the benchmark process.",
        "",
        f"| page | median ms | p95 ms | queries | goal p95 < {P95_GOAL_MS} ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, figures in board["pages"].items():
        ok = "pass" if figures["p95_ms"] < P95_GOAL_MS else "FAIL"
        lines.append(
            f"| {name} | {figures['median_ms']:.0f} | {figures['p95_ms']:.0f} | "
            f"{figures['queries']} | {ok} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

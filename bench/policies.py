"""Relief-policy benchmarks: one calculation against a catalogue of 200 items (the engine,
the public page and the API, against a bare page of the same stack in the same run), and
the proactive matching of the district's 48,000 enterprises against those 200 items on
PostgreSQL (against a raw read of the same register rows and a raw COPY of the same
entitlements, with the matching process's own peak memory).

    .venv/bin/python -m bench.policies [--items 200] [--runs 200] [--backends postgresql sqlite]

Each measurement runs in a worker process (one Django database per process): the parent
creates the scratch databases (names containing "bench_policies"), starts the workers and
the matching command, and writes bench/RESULTS-policies.md.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import time
from decimal import Decimal

from tqdm import tqdm

from bench.common import (
    PEAK_MEMORY_METHOD,
    PROJECT_ROOT,
    demo_tree,
    load_average,
    machine_facts,
    run_child,
    setup_django,
    shouwang_command,
    summary,
    worker_answer,
)
from bench.databases import PostgresDatabase, SqliteDatabase

POSTGRES_URL = os.environ.get(
    "BENCH_POLICIES_POSTGRES_URL",
    "postgres://postgres@127.0.0.1:5432/shouwang_bench_policies",
)
RESULTS = PROJECT_ROOT / "bench" / "RESULTS-policies.md"
P95_GOAL_MS = 50
MATCHING_GOAL_S = 60


# --- the 200-item catalogue --------------------------------------------------------------


def catalogue_text(items: int, streets: list[str], today: datetime.date) -> str:
    """The demo catalogue (moved to today) and generated items up to ``items``: every
    condition kind (numbers, codes, streets, flags, any-groups) and every formula kind."""
    import yaml

    from shouwang.policies.catalogue import dump_catalogue
    from shouwang.policies.demo import current_catalogue_text

    data = yaml.safe_load(current_catalogue_text(today))
    rng = random.Random(200)
    generated = []
    sizes = ["large", "medium", "small", "micro"]
    landlords = ["government", "state_owned", "shareholding", "private"]
    for n in range(items - sum(len(p["items"]) for p in data["packages"])):
        conditions = [
            {"field": "size_class", "op": "in", "value": rng.sample(sizes, rng.randint(1, 3))},
            {"field": "revenue_drop_percent", "op": "gte", "value": rng.choice([10, 20, 30, 50])},
        ]
        kind = n % 5
        if kind == 0:
            conditions.append(
                {"field": "landlord_kind", "op": "in", "value": rng.sample(landlords, 2)}
            )
            formula = {
                "kind": "rate_base_months",
                "rate_percent": rng.choice([50, 100]),
                "base": "monthly_rent",
                "months": rng.randint(1, 3),
                "cap": 300000,
            }
        elif kind == 1:
            conditions.append({"field": "street", "op": "in", "value": rng.sample(streets, 3)})
            formula = {"kind": "fixed", "amount": rng.choice([5000, 10000, 20000])}
        elif kind == 2:
            conditions.append(
                {
                    "any": [
                        {"field": "employees", "op": "between", "value": [10, 300]},
                        {"field": "is_key_project", "op": "eq", "value": True},
                    ]
                }
            )
            formula = {
                "kind": "per_head",
                "per_head": rng.choice([200, 500, 800]),
                "headcount": "insured_headcount",
                "cap": 200000,
                "floor": 2000,
            }
        elif kind == 3:
            conditions.append({"field": "industry_section", "op": "not_in", "value": ["K", "J"]})
            formula = {
                "kind": "rate_base_months",
                "rate_percent": rng.choice([1, 2, 3]),
                "base": "revenue_last_year",
                "cap": 100000,
            }
        else:
            conditions.append(
                {"field": "insured_headcount", "op": "gte", "value": rng.randint(1, 20)}
            )
            formula = {
                "kind": "rate_base_months",
                "rate_percent": 5,
                "base": "social_insurance_base",
                "headcount": "insured_headcount",
                "months": 2,
            }
        generated.append(
            {
                "code": f"bench-{n:03d}",
                "title": f"测试政策事项 {n}",
                "relief_kind": "subsidy",
                "article": f"第 {n} 条 测试条款。",
                "valid_from": today - datetime.timedelta(days=30),
                "valid_to": today + datetime.timedelta(days=300),
                "apply_from": today - datetime.timedelta(days=10),
                "apply_to": today + datetime.timedelta(days=90),
                "documents": ["营业执照", "申请表"],
                "conditions": conditions,
                "formula": formula,
            }
        )
    data["packages"].append(
        {"code": "bench", "name": "基准测试政策", "issuer": "测试", "items": generated}
    )
    return dump_catalogue(data)


# --- workers (run with DATABASE_URL set) -------------------------------------------------


def _import_catalogue(specs, items: int) -> int:
    from django.utils import timezone

    from shouwang.core.models import Area
    from shouwang.policies.models import PolicyItem
    from shouwang.policies.services import catalogue_import

    streets = [s.code for s in specs if s.level == "street"]
    text = catalogue_text(items, streets, timezone.localdate())
    district = Area.objects.get(level="district")
    catalogue_import(text=text, fmt="yaml", area=district, by=None)
    return PolicyItem.objects.filter(is_active=True).count()


def _profiles(specs, count: int) -> list[dict]:
    rng = random.Random(7)
    streets = [s.code for s in specs if s.level == "street"]
    return [
        {
            "industry_division": rng.choice(["52", "62", "39", "65", "72", "51"]),
            "employees": str(rng.randint(2, 900)),
            "revenue_last_year": str(rng.randint(50, 50000) * 10_000),
            "revenue_drop_percent": str(rng.randint(0, 80)),
            "street": rng.choice(streets),
            "landlord_kind": rng.choice(["government", "state_owned", "private", "own"]),
            "monthly_rent": str(rng.randint(5, 300) * 1000),
            "social_insurance_base": "5000",
            "insured_headcount": str(rng.randint(1, 500)),
        }
        for _ in range(count)
    ]


def worker_calculation(items: int, runs: int) -> dict:
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shouwang.core.models import User
    from shouwang.policies.engine import calculate
    from shouwang.policies.forms import CalculatorForm

    settings.ALLOWED_HOSTS = ["*"]
    specs, _ids, _rng = demo_tree(with_users=True)
    count = _import_catalogue(specs, items)
    profiles = _profiles(specs, runs)
    checked = []
    for data in profiles:
        form = CalculatorForm(data)
        assert form.is_valid(), form.errors
        checked.append(form.profile())
    calculate(checked[0])  # compiles the catalogue once, as the first request of a process
    results, matches = {}, []
    times = []
    for profile in checked:
        started = time.perf_counter()
        result = calculate(profile)
        times.append((time.perf_counter() - started) * 1000)
        matches.append(len(result.matches))
    results["engine: calculate(profile)"] = summary(times)
    client = Client()
    for name, path, payload, login in (
        ("bare page (healthz), baseline", "/healthz", None, False),
        ("public calculator page (POST, rendered)", "/policies/calculator/", "form", False),
        ("API POST /api/v1/policies/calculate", "/api/v1/policies/calculate", "json", True),
    ):
        if login:
            client.force_login(User.objects.get(username="demo-street"))
        times, queries = [], 0
        for data in profiles:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                if payload is None:
                    response = client.get(path)
                elif payload == "form":
                    response = client.post(path, data)
                else:
                    response = client.post(path, json.dumps(data), content_type="application/json")
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            queries = len(captured)
        results[name] = {**summary(times), "queries": queries}
    return {"items": count, "matches_median": statistics.median(matches), "results": results}


def worker_prepare(items: int) -> dict:
    """The register at full scale (the enterprises demo), figures for 60 % of it (as the
    policies demo gives them), and the 200-item catalogue."""
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from shouwang.demo.loader import DemoContext, write_rows
    from shouwang.enterprises import demo as enterprises_demo
    from shouwang.enterprises.models import Enterprise
    from shouwang.policies.models import EnterpriseFigures

    specs, ids, rng = demo_tree(with_users=True)
    started = time.perf_counter()
    enterprises_demo.load_demo_data(
        DemoContext(specs=specs, area_ids=ids, scale=1.0, rng=rng, progress=None)
    )
    now = timezone.now()
    rows = [
        (pk, area, Decimal(rng.randint(0, 80)), Decimal(rng.randint(5, 300) * 1000), now)
        for pk, area in Enterprise.objects.values_list("pk", "area_id")
        if rng.random() < 0.6
    ]
    write_rows(
        EnterpriseFigures._meta.db_table,
        ("enterprise_id", "area_id", "revenue_drop_percent", "monthly_rent", "updated_at"),
        rows,
    )
    count = _import_catalogue(specs, items)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "enterprises": Enterprise.objects.count(),
        "figures": len(rows),
        "items": count,
        "load_seconds": time.perf_counter() - started,
    }


def worker_raw(url: str) -> dict:
    """The baseline: the same register rows read with the bare driver, and the same
    entitlement rows the run wrote COPYed into a copy of the table with its indexes."""
    import psycopg

    from bench.databases import PostgresDatabase

    select = (
        "SELECT e.id, e.area_id, e.street_id, s.code, e.industry_division, e.industry_section, "
        "e.size_class, e.scale, e.employees, e.revenue_last_year, e.landlord_kind, "
        "e.social_insurance_base, e.insured_headcount, e.is_key_project, e.key_project_level, "
        "f.revenue_drop_percent, f.monthly_rent FROM enterprises_enterprise e "
        "JOIN core_area s ON s.id = e.street_id "
        "LEFT JOIN policies_enterprisefigures f ON f.enterprise_id = e.id"
    )
    columns = ("run_id", "enterprise_id", "item_id", "area_id", "street_id", "amount")
    with psycopg.connect(url) as conn:
        started = time.perf_counter()
        read = len(conn.execute(select).fetchall())
        read_seconds = time.perf_counter() - started
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM policies_entitlement").fetchall()
    write_seconds = PostgresDatabase(url).write_raw(
        "policies_entitlement", columns, rows, lambda n: None, indexes=True
    )
    return {
        "read_rows": read,
        "read_seconds": read_seconds,
        "write_rows": len(rows),
        "write_seconds": write_seconds,
    }


# --- parent ------------------------------------------------------------------------------


def _matching(args) -> dict:
    database = PostgresDatabase(POSTGRES_URL)
    database.create()
    try:
        prepared = worker_answer(
            "bench.policies", ["--worker", "prepare", "--items", str(args.items)], database.url
        )
        env = {**os.environ, "DATABASE_URL": database.url, "SHOUWANG_ENV": "development"}
        child = run_child(shouwang_command("match-enterprises"), env).check()
        raw = worker_answer("bench.policies", ["--worker", "raw"], database.url)
    finally:
        database.drop()
    return {
        **prepared,
        "seconds": child.seconds,
        "peak_mib": child.peak_rss_bytes / 2**20,
        "output": child.stdout.strip(),
        "raw": raw,
    }


def _report(results: dict, facts: dict, started_at, args) -> str:
    lines = [
        "# Relief-policy benchmarks",
        "",
        "Written by `python -m bench.policies`; every run overwrites this file.",
        "",
        f"- Date: {started_at:%Y-%m-%d %H:%M} UTC",
        f"- Command: `.venv/bin/python -m bench.policies --items {args.items} --runs "
        f"{args.runs} --backends {' '.join(args.backends)}`",
        *[f"- {key}: {value}" for key, value in facts.items()],
        "",
        f"## One calculation against {args.items} items",
        "",
        f"{args.runs} different profiles, each calculated once; server time with Django's test",
        "Client in the benchmark process. The engine row is `calculate(profile)` alone (the",
        "catalogue's version query, the street names, every item's conditions, explanations",
        "and formula). The baseline is the bare `/healthz` page through the same stack: the",
        "ratio says what the calculation adds to a request that does nothing.",
        "",
    ]
    for backend in args.backends:
        result = results.get(f"calculation {backend}")
        if not result:
            continue
        baseline = result["results"]["bare page (healthz), baseline"]["median_ms"]
        lines += [
            f"### {backend}: {result['items']} items, {result['matches_median']:.0f} matches "
            "per profile (median)",
            "",
            f"| measured | median ms | p95 ms | × baseline (median) | queries | goal p95 < {P95_GOAL_MS} ms |",  # noqa: E501
            "|---|---:|---:|---:|---:|---|",
        ]
        for name, figures in result["results"].items():
            verdict = "pass" if figures["p95_ms"] < P95_GOAL_MS else "FAIL"
            lines.append(
                f"| {name} | {figures['median_ms']:.1f} | {figures['p95_ms']:.1f} | "
                f"{figures['median_ms'] / baseline:.1f} | {figures.get('queries', '')} | {verdict} |"  # noqa: E501
            )
        lines.append("")
    matching = results.get("matching")
    if matching:
        raw = matching["raw"]
        raw_seconds = raw["read_seconds"] + raw["write_seconds"]
        verdict = "pass" if matching["seconds"] < MATCHING_GOAL_S else "FAIL"
        lines += [
            f"## Proactive matching on PostgreSQL: {matching['enterprises']:,} enterprises × "
            f"{matching['items']} items",
            "",
            f"The register is the enterprises demo at scale 1 (loaded in {matching['load_seconds']:.0f} s),"  # noqa: E501
            f" with supplementary figures for {matching['figures']:,} of them. The run is",
            "`shouwang match-enterprises` as a child process, from start to exit (Python and",
            "Django start-up, reading the register in chunks of 5,000, every profile against",
            "every item, the COPY of the entitlements, the swap of the previous result). The",
            "raw baseline reads the same register rows with one bare SELECT and COPYs the same",
            "entitlement rows into a copy of the table with its indexes.",
            "",
            "| measured | seconds | rows | × raw | peak MiB | goal < 60 s |",
            "|---|---:|---:|---:|---:|---|",
            f"| matching run | {matching['seconds']:.1f} | {raw['write_rows']:,} entitlements | "
            f"{matching['seconds'] / raw_seconds:.1f} | {matching['peak_mib']:.0f} | {verdict} |",
            f"| raw read of the register | {raw['read_seconds']:.1f} | {raw['read_rows']:,} | | | |",  # noqa: E501
            f"| raw COPY of the entitlements | {raw['write_seconds']:.1f} | {raw['write_rows']:,} | | | |",  # noqa: E501
            "",
            f"- Command output: `{matching['output']}`",
            f"- Peak memory: {PEAK_MEMORY_METHOD}.",
            "",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=200, help="items in the catalogue")
    parser.add_argument("--runs", type=int, default=200, help="calculations per measurement")
    parser.add_argument(
        "--backends", nargs="+", default=["postgresql", "sqlite"], choices=["postgresql", "sqlite"]
    )
    parser.add_argument("--skip-matching", action="store_true", help="only the calculation")
    parser.add_argument(
        "--worker", choices=["calculation", "prepare", "raw"], help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker == "calculation":
        print(json.dumps(worker_calculation(args.items, args.runs)))
        return
    if args.worker == "prepare":
        print(json.dumps(worker_prepare(args.items)))
        return
    if args.worker == "raw":
        print(json.dumps(worker_raw(os.environ["DATABASE_URL"])))
        return

    facts = machine_facts()
    started_at = datetime.datetime.now(datetime.UTC)
    steps = [f"calculation {backend}" for backend in args.backends]
    if not args.skip_matching:
        steps.append("matching")
    results = {}
    with tqdm(total=len(steps), unit=" step") as bar:
        for step in steps:
            bar.set_description(step)
            if step == "matching":
                results[step] = _matching(args)
            else:
                backend = step.split()[1]
                database = (
                    PostgresDatabase(POSTGRES_URL) if backend == "postgresql" else SqliteDatabase()
                )
                database.create()
                try:
                    worker = ["--worker", "calculation", "--items", str(args.items)]
                    results[step] = worker_answer(
                        "bench.policies", [*worker, "--runs", str(args.runs)], database.url
                    )
                finally:
                    database.drop()
            bar.update(1)
    facts["Load average at end (1/5/15 min)"] = load_average()
    RESULTS.write_text(_report(results, facts, started_at, args))
    print(RESULTS.read_text())


if __name__ == "__main__":
    main()

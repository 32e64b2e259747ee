"""Where one API passage spends its time: ``python -m bench.checkpoints_profile``.

Not a benchmark: it calls the product's WSGI application in one process (no HTTP, no
load generator) with the body bench/checkpoints.py sends, on a scratch PostgreSQL database,
and prints the time per request split into database round trips (time inside
``cursor.execute``, measured by an execute wrapper), the rest (Python: Django, DRF, the
service, crypto), the queries of one request, then a cProfile of the requests (kept in
var/checkpoints-api.prof). The bare view is timed the same way, so the two can be compared
without the HTTP stack.

With ``--instructions N`` it counts instead of timing: the instructions this process runs
for N passages (``valgrind --tool=callgrind``, the warm-up subtracted), the same figure run
after run, for an A/B of a change to the Python side on a machine whose times are noisy.
The database's own work is not in it.
"""

import argparse
import json
import re
import subprocess
import sys

from tqdm import tqdm

from bench.checkpoints import DEFAULT_URL, django_env, make_raw_tables, run_setup
from bench.common import PROJECT_ROOT
from bench.databases import PostgresDatabase

REQUESTS = r"""
import cProfile, io, json, pstats, sys, time
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper
from bench.checkpoints import passage_body

setup, count, top = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
WARM_UP = 200  # requests before any is measured: imports, the connection, caches
from django.conf import settings
from shouwang.wsgi import application as api_app
from shouwang.gunicorn_config import post_worker_init
post_worker_init(None)  # as in a gunicorn worker
product_urls = settings.ROOT_URLCONF
from bench.checkpoints_bare import insert_one  # it points ROOT_URLCONF at itself: undo that
settings.ROOT_URLCONF = product_urls

def environ(path, body, **extra):
    return {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        "REMOTE_ADDR": "127.0.0.1", **extra,
    }

def api_call(n):
    body = json.dumps(passage_body(n)).encode()
    env = environ(f"/api/v1/checkpoints/{setup['checkpoints'][0]}/passages/", body,
                  HTTP_AUTHORIZATION=f"Device {setup['tokens'][0]}")
    statuses = []
    chunks = api_app(env, lambda status, headers, exc=None: statuses.append(status))
    b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    assert statuses[0].startswith("201"), statuses

from django.test import RequestFactory
factory = RequestFactory()
def bare_call(n):
    request = factory.post("/bare/", json.dumps(passage_body(n)), content_type="application/json")
    assert insert_one(request).status_code == 201
"""

COUNTED = (
    REQUESTS
    + r"""
for n in range(WARM_UP):
    api_call(n)
for n in range(count):
    api_call(10**6 + n + 1)
"""
)

TIMED = (
    REQUESTS
    + r"""
db_seconds = [0.0]
statements = []
def timed(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        db_seconds[0] += time.perf_counter() - started
        statements.append((time.perf_counter() - started, sql))

# A commit is a round trip too, outside cursor.execute: time it alongside.
wrapper_commit = DatabaseWrapper._commit
def timed_commit(self):
    started = time.perf_counter()
    try:
        return wrapper_commit(self)
    finally:
        db_seconds[0] += time.perf_counter() - started
        statements.append((time.perf_counter() - started, "COMMIT"))
DatabaseWrapper._commit = timed_commit

for name, call in (("api", api_call), ("bare view (no middleware)", bare_call)):
    for n in range(WARM_UP):
        call(n)
    with connection.execute_wrapper(timed):
        db_seconds[0] = 0.0
        statements.clear()
        started = time.perf_counter()
        for n in range(count):
            call(10**6 + n + 1)
        total = time.perf_counter() - started
    per = total / count * 1000
    db = db_seconds[0] / count * 1000
    print(f"\n== {name}: {per:.2f} ms a request, {len(statements) / count:g} round trips, "
          f"{db:.2f} ms in them, {per - db:.2f} ms the rest")
    by_statement = {}
    for seconds, sql in statements:
        key = sql[:110]
        by_statement[key] = by_statement.get(key, 0.0) + seconds
    for key, seconds in by_statement.items():
        print(f"   {seconds / count * 1000:6.3f} ms  {key}")
    if name == "api":
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(count):
            call(2 * 10**6 + n)
        profiler.disable()
        profiler.dump_stats("var/checkpoints-api.prof")
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream).strip_dirs()
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
        print(stream.getvalue())
"""
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.checkpoints_profile", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--url", default=DEFAULT_URL.replace("checkpoints", "checkpoints_prof"))
    parser.add_argument("--requests", type=int, default=1000, help="requests timed")
    parser.add_argument("--top", type=int, default=45, help="profile lines shown")
    parser.add_argument(
        "--instructions", type=int, metavar="N", help="count the instructions of N passages"
    )
    args = parser.parse_args(argv)
    database = PostgresDatabase(args.url)
    database.create()
    try:
        setup = run_setup(args.url, 2)
        make_raw_tables(args.url)
        env = {**django_env(args.url), "DJANGO_SETTINGS_MODULE": "shouwang.settings"}
        if args.instructions:
            # The difference between N passages and none subtracts start-up and warm-up.
            with tqdm(total=2, desc="callgrind runs (slow)", unit="run") as bar:
                counted, baseline = (
                    instructions(setup, env, count, bar) for count in (args.instructions, 0)
                )
            print(
                f"{(counted - baseline) / args.instructions / 1e6:.3f} million instructions "
                f"a passage (callgrind, {args.instructions} passages, this process only)"
            )
            return
        subprocess.run(
            [sys.executable, "-c", TIMED, json.dumps(setup), str(args.requests), str(args.top)],
            env=env,
            cwd=PROJECT_ROOT,
            check=True,
        )
    finally:
        database.drop()


def instructions(setup: dict, env: dict, count: int, bar) -> int:
    """What callgrind counts for the child that sends ``count`` passages after warm-up."""
    child = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            COUNTED,
            json.dumps(setup),
            str(count),
            "0",
        ],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    bar.update(1)
    found = re.search(r"Collected : (\d+)", child.stderr)
    if found is None:
        raise RuntimeError(f"callgrind gave no count:\n{child.stderr[-2000:]}")
    return int(found[1])


if __name__ == "__main__":
    main(sys.argv[1:])

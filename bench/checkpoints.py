"""Checkpoint passages through the API under load, and the statistics page over 10 million.

``python -m bench.checkpoints`` on PostgreSQL, the production set-up: gunicorn with several
workers and persistent database connections (SHOUWANG_DB_CONN_MAX_AGE), DEBUG off, the load
generator (Python threads, http.client, loopback only) on the same machine. Measured in the
same run:

1. pgbench inserting one passage row per transaction (the raw limit);
2. a bare Django view inserting one row (bench/checkpoints_bare.py), through Django's
   handler with every middleware (the baseline of the goals) and through the handler
   devices' passages take (core.handlers);
3. the API: POST /api/v1/checkpoints/<id>/passages/ with a device token, a vehicle with two
   occupants, flags evaluated, history and audit written, hourly counts upserted;
4. the API again at 80 % of the peak of its turn: p50 and p99
   (the bare view through every middleware, 3 and 4 take turns, ``--rounds`` times, each
   figure over all its turns; the bare view on the devices' road runs once, before them);
5. 10 million passages loaded, then the statistics pages (district view and a
   checkpoint's day), p95.

Each timed load phase (all but the statistics pages) also reads the CPU time it cost
(/proc): gunicorn's, PostgreSQL's and the load generator's, per request, to show where the
API's time goes beyond the bare view's.

Writes bench/RESULTS-checkpoints.md.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

from bench.common import BENCH_DIR, PROJECT_ROOT, machine_facts, shouwang_command
from bench.databases import PostgresDatabase

DEFAULT_URL = os.environ.get(
    "BENCH_CHECKPOINTS_URL", "postgres://postgres@127.0.0.1:5432/shouwang_bench_checkpoints"
)
RESULTS = BENCH_DIR / "RESULTS-checkpoints.md"
HOST = "127.0.0.1"
WARM_UP_SECONDS = 3.0
API_APP = "shouwang.wsgi:application"
BARE_APP = "bench.checkpoints_bare:application"
ID_A, ID_B = "440402199001010014", "440402198505050023"
#: A paced turn with more than this share of its requests sent this late had a queue.
LATE_SEND_SECONDS, LATE_SEND_SHARE = 0.050, 0.01
GOALS = {
    "api_vs_raw": 0.10,
    "api_vs_bare": 0.80,
    "p99_ms_at_80": 100.0,
    "stats_p95_ms": 300.0,
}


# --- the set-up child: Django with the scratch database --------------------------------

#: The risk list and the watch list every passage is checked against.
RISK_AREAS, WATCHED_PLATES = 2_000, 2_000

SETUP = """
import json, sys
from datetime import date
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from shouwang.checkpoints.services import checkpoint_create, device_create
from shouwang.core.choices import AreaLevel, Role
from shouwang.core.models import Assignment, User
from shouwang.core.services.areas import area_create
from shouwang.checkpoints.models import WatchedVehicle
from shouwang.people.models import RiskArea
from shouwang.workforce.services import builtin_template

district = area_create(level=AreaLevel.DISTRICT, code="440402", name="香洲区", parent=None, by=None)
street = area_create(level=AreaLevel.STREET, code="440402007", name="拱北街道", parent=district,
                     by=None, street_kind="street")
RiskArea.objects.create(region_code="420100", name="武汉市", level="high",
                        valid_from=date(2020, 1, 1))
# Lists as long as in a wave: what the version query reads and a process loads grows with
# them (none of the bench's plates is on the watch list, its origins not among these codes).
RiskArea.objects.bulk_create(
    RiskArea(region_code=f"9{n:05d}", name=f"风险地区{n}", level="medium",
             valid_from=date(2020, 1, 1))
    for n in range(RISK_AREAS)
)
WatchedVehicle.objects.bulk_create(
    WatchedVehicle(plate=f"粤Z{n:05d}", reason="布控", area=district) for n in range(WATCHED_PLATES)
)
template = builtin_template("3x8")
tokens = []
ids = []
for n in range(int(sys.argv[1])):
    checkpoint = checkpoint_create(name=f"卡点{n}", kind="city_boundary", area=street,
                                   opens_on=date(2020, 1, 1), template=template, by=None)
    ids.append(checkpoint.pk)
    tokens.append(device_create(checkpoint=checkpoint, name="bench", by=None)[1])
user = User.objects.create_user(username="bench-commander", password="unused-bench-password")
Assignment.objects.create(user=user, area=district, role=Role.DISTRICT_COMMANDER)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "shouwang.core.backends.ShouwangModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.set_expiry(7 * 24 * 3600)
session.save()
print(json.dumps({"checkpoints": ids, "tokens": tokens, "session": session.session_key}))
"""


def django_env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SHOUWANG_DEBUG="false",
        SHOUWANG_DB_CONN_MAX_AGE="600",
        SHOUWANG_LOG_LEVEL="WARNING",
        SHOUWANG_IDLE_MINUTES="10080",
        PYTHONPATH=str(PROJECT_ROOT),
    )
    return env


def run_setup(url: str, checkpoints: int) -> dict:
    env = django_env(url)
    subprocess.run(shouwang_command("migrate", "-v", "0"), env=env, cwd=PROJECT_ROOT, check=True)
    out = subprocess.run(
        shouwang_command(
            "shell",
            "-c",
            f"RISK_AREAS, WATCHED_PLATES = {RISK_AREAS}, {WATCHED_PLATES}\n"
            + SETUP.replace("sys.argv[1]", str(checkpoints)),
        ),
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- CPU time -------------------------------------------------------------------------

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[str, list[str]]:
    """A process's command name and the fields of /proc/<pid>/stat after it (a name may
    hold spaces and parentheses)."""
    with open(f"/proc/{pid}/stat") as stat:
        head, tail = stat.read().rsplit(")", 1)
    return head.split("(", 1)[1], tail.split()


def _processes() -> dict[int, tuple[str, list[str]]]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                found[int(entry.name)] = _stat(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                continue  # gone meanwhile
    return found


def _cpu_seconds(fields: list[str]) -> float:
    """User and system CPU time of a process and of its children that exited (the kernel
    adds those to the parent when it reaps them)."""
    return sum(int(ticks) for ticks in fields[11:15]) / _CLOCK_TICKS


def tree_cpu_seconds(root: int | None) -> float:
    """CPU time of a process and its children, running or exited; 0 without the process.
    Read again should a child exit meanwhile: it would be counted twice or not at all."""
    while root is not None:
        try:
            before = _stat(root)[1]
            children = [fields for _, fields in _processes().values() if int(fields[1]) == root]
            after = _stat(root)[1]
        except (FileNotFoundError, ProcessLookupError):
            break
        if before[13:15] == after[13:15]:
            return sum(_cpu_seconds(fields) for fields in [after, *children])
    return 0.0


def postmaster_pid() -> int | None:
    """This machine's PostgreSQL server: the postgres process whose parent is not one."""
    processes = _processes()
    for pid, (name, fields) in processes.items():
        parent = processes.get(int(fields[1]))
        if name == "postgres" and (parent is None or parent[0] != "postgres"):
            return pid
    return None


@dataclass
class CpuUse:
    """CPU seconds a measured phase used: the server, PostgreSQL, the load generator."""

    server: float = 0.0
    database: float = 0.0
    load: float = 0.0

    @classmethod
    def now(cls, server: "Server", postmaster: int | None) -> "CpuUse":
        times = os.times()
        return cls(
            tree_cpu_seconds(server.process.pid),
            tree_cpu_seconds(postmaster),
            times.user + times.system,
        )

    def __sub__(self, other: "CpuUse") -> "CpuUse":
        return CpuUse(
            self.server - other.server, self.database - other.database, self.load - other.load
        )

    def __add__(self, other: "CpuUse") -> "CpuUse":
        return CpuUse(
            self.server + other.server, self.database + other.database, self.load + other.load
        )


# --- gunicorn --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn on loopback with ``workers`` sync workers, stopped on exit."""

    def __init__(self, app: str, url: str, workers: int):
        self.port = free_port()
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "--config",
                "python:shouwang.gunicorn_config",
                app,
                "--workers",
                str(workers),
                "--bind",
                f"{HOST}:{self.port}",
                "--log-level",
                "warning",
                "--backlog",
                "2048",
            ],
            env=django_env(url),
            cwd=PROJECT_ROOT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn {app} did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


# --- the load generator ----------------------------------------------------------------


@dataclass
class Load:
    seconds: float
    latencies: list[float] = field(default_factory=list)
    #: Paced phases only: how long after its planned time each request was sent (a
    #: generator thread held up by a slow answer sends its next ones late).
    send_delays: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict = field(default_factory=dict)
    cpu: CpuUse = field(default_factory=CpuUse)

    def cpu_ms_per_request(self) -> CpuUse:
        answered = max(1, len(self.latencies) + self.errors)
        return CpuUse(*(1000 * seconds / answered for seconds in vars(self.cpu).values()))

    def share_sent_late(self, seconds: float) -> float:
        """The share of a paced phase's requests sent more than ``seconds`` late."""
        if not self.send_delays:
            return 0.0
        return sum(1 for delay in self.send_delays if delay > seconds) / len(self.send_delays)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def passage_body(n: int) -> dict:
    return {
        "client_uuid": str(uuid.uuid4()),
        "direction": "in" if n % 2 else "out",
        "mode": "vehicle",
        "plate": f"粤C{n % 100000:05d}",
        "vehicle_kind": "car",
        "occupants": [
            {"name": "张三", "document_number": ID_A, "temperature": "36.6", "origin": "广州"},
            {"name": "李四", "document_number": ID_B, "temperature": "36.8", "origin": "中山"},
        ],
    }


def drive(port, requests_for, threads: int, seconds: float, rate: float | None, bar) -> Load:
    """``threads`` workers send until ``seconds`` pass; with ``rate``, paced to that many
    requests a second in total (an open loop: latency is measured from the planned start,
    so a slow server cannot hide its queue)."""
    load = Load(seconds=seconds)
    lock = threading.Lock()
    started = time.perf_counter()
    stop_at = started + seconds

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        n = index
        interval = threads / rate if rate else 0.0
        planned = started + index * (interval / threads if rate else 0)
        while True:
            if rate:
                planned += interval
                if planned > stop_at:
                    break
                delay = planned - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                begin = planned
                with lock:
                    load.send_delays.append(max(0.0, -delay))
            else:
                begin = time.perf_counter()
                if begin > stop_at:
                    break
            method, path, body, headers = requests_for(n)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                status = 0
            elapsed = time.perf_counter() - begin
            with lock:
                load.statuses[status] = load.statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    load.latencies.append(elapsed)
                else:
                    load.errors += 1
                bar.update(1)
            n += threads

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    load.seconds = max(seconds, time.perf_counter() - started)
    return load


def api_requests(setup: dict):
    def make(n: int):
        index = n % len(setup["checkpoints"])
        body = json.dumps(passage_body(n)).encode()
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Device {setup['tokens'][index]}",
        }
        return "POST", f"/api/v1/checkpoints/{setup['checkpoints'][index]}/passages/", body, headers

    return make


def bare_requests(n: int):
    body = json.dumps(passage_body(n)).encode()
    return "POST", "/bare/", body, {"Content-Type": "application/json"}


# --- pgbench ---------------------------------------------------------------------------

PGBENCH_SCRIPT = """\\set n random(1, 99999)
INSERT INTO bench_raw_passage (client_uuid, plate, direction, passed_at)
VALUES (gen_random_uuid(), '粤C' || lpad(:n::text, 5, '0'), 'in', now());
"""
RAW_TABLE_SQL = """
CREATE TABLE IF NOT EXISTS {table} (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    client_uuid uuid NOT NULL UNIQUE,
    plate varchar(10) NOT NULL,
    direction varchar(4) NOT NULL,
    passed_at timestamptz NOT NULL
)
"""


def make_raw_tables(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("bench_raw_passage", "bench_bare_passage"):
            conn.execute(RAW_TABLE_SQL.format(table=table))


def run_pgbench(url: str, clients: int, seconds: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(PGBENCH_SCRIPT)
    try:
        out = subprocess.run(
            [
                shutil.which("pgbench") or "pgbench",
                "-n",
                "-f",
                script.name,
                "-c",
                str(clients),
                "-j",
                "2",
                "-T",
                str(seconds),
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    for line in out.splitlines():
        if line.startswith("tps ="):
            return float(line.split()[2])
    raise RuntimeError(f"pgbench gave no tps:\n{out}")


# --- 10 million passages ---------------------------------------------------------------

FILL_SQL = """
INSERT INTO checkpoints_passage (client_uuid, checkpoint_id, area_id, direction, mode, plate,
    vehicle_kind, passed_at, flags, flagged, recorded_at)
SELECT gen_random_uuid(), c.ids[1 + (g %% array_length(c.ids, 1))], c.area_id,
    CASE WHEN g %% 2 = 0 THEN 'in' ELSE 'out' END, 'vehicle',
    '粤C' || lpad((g %% 100000)::text, 5, '0'), 'car',
    now() - (g %% (60 * 24 * 3600)) * interval '1 second', '[]', false, now()
FROM generate_series(%s::bigint, %s::bigint) AS g,
    (SELECT array_agg(id ORDER BY id) AS ids, min(area_id) AS area_id
     FROM checkpoints_checkpoint) AS c
"""
ROLLUP_SQL = """
INSERT INTO checkpoints_hourlycount (checkpoint_id, hour, vehicles, persons, fevers, flagged)
SELECT checkpoint_id, date_trunc('hour', passed_at), count(*), 2 * count(*), 0, 0
FROM checkpoints_passage GROUP BY 1, 2
ON CONFLICT (checkpoint_id, hour) DO UPDATE SET vehicles = excluded.vehicles,
    persons = excluded.persons
"""


def fill_passages(url: str, total: int) -> float:
    """``total`` passages in batches (server-side generate_series), then the hourly rollup
    the API keeps in step with each write. Returns seconds."""
    import psycopg

    started = time.perf_counter()
    batch = 500_000
    with (
        psycopg.connect(url, autocommit=True) as conn,
        tqdm(total=total, desc="passages", unit="row", unit_scale=True) as bar,
    ):
        existing = conn.execute("SELECT count(*) FROM checkpoints_passage").fetchone()[0]
        for first in range(existing + 1, total + 1, batch):
            last = min(total, first + batch - 1)
            conn.execute(FILL_SQL, (first, last))
            bar.update(last - first + 1)
        conn.execute("DELETE FROM checkpoints_hourlycount")
        conn.execute(ROLLUP_SQL)
        conn.execute("VACUUM ANALYZE checkpoints_passage")
        conn.execute("VACUUM ANALYZE checkpoints_hourlycount")
    return time.perf_counter() - started


def page_requests(setup: dict, day: str):
    checkpoint = setup["checkpoints"][0]
    paths = [f"/checkpoints/?day={day}", f"/checkpoints/{checkpoint}/?day={day}"]
    headers = {"Cookie": f"sessionid={setup['session']}"}

    def make(n: int):
        return "GET", paths[n % 2], None, headers

    return make


# --- the run ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.checkpoints", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--url", default=DEFAULT_URL, help="scratch PostgreSQL database URL")
    # As docs/operators/deploy.md sets gunicorn up: a sync worker waits for PostgreSQL on
    # every request, so with one per core the cores stood idle a fifth of the time.
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn workers (2 x cores + 1, as the deploy guide says)",
    )
    parser.add_argument("--threads", type=int, help="load generator threads (default: 2 x workers)")
    parser.add_argument("--seconds", type=float, default=20, help="length of each load phase")
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="turns of the bare view, the API at peak and at 80 %% of it",
    )
    parser.add_argument("--checkpoints", type=int, default=20, help="checkpoints (devices)")
    parser.add_argument("--passages", type=int, default=10_000_000, help="for the stats page")
    parser.add_argument("--page-requests", type=int, default=400, help="stats page requests")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)
    args.threads = args.threads or 2 * args.workers

    database = PostgresDatabase(args.url)
    facts = machine_facts()
    facts["PostgreSQL"] = database.version()
    database.create()
    results: dict = {"args": vars(args)}
    try:
        print("set-up: migrate, checkpoints, device tokens", file=sys.stderr)
        setup = run_setup(args.url, args.checkpoints)
        make_raw_tables(args.url)

        print("1/5 pgbench: one passage row per transaction", file=sys.stderr)
        results["raw_tps"] = run_pgbench(args.url, args.threads, int(args.seconds))

        results["bare_device_road"] = phase(
            "2/5 bare Django view on the devices' road",
            "bench.checkpoints_bare:device_road",
            args,
            bare_requests,
        )
        # The bare view, the API at peak and the API at 80 % of that peak take turns, so that
        # a minute the machine runs slow (it is shared, and varies by a fifth from one
        # minute to the next) weighs on all three, and each 80 % turn is paced at the peak
        # measured just before it.
        rounds = []
        for n in range(1, args.rounds + 1):
            bare = phase(f"2/5 bare Django view, round {n}", BARE_APP, args, bare_requests)
            api = phase(f"3/5 API at peak, round {n}", API_APP, args, api_requests(setup))
            target = 0.8 * api.rate
            api80 = phase(
                f"4/5 API at 80 % of peak ({target:.0f}/s), round {n}",
                API_APP,
                args,
                api_requests(setup),
                rate=target,
            )
            rounds.append((bare, api, target, api80))
        results["bare"] = merged([bare for bare, *_ in rounds])
        results["api"] = merged([api for _, api, *_ in rounds])
        results["api80"] = merged([api80 for *_, api80 in rounds])
        results["rounds"] = rounds
        print(f"5/5 {args.passages:,} passages, then the statistics pages", file=sys.stderr)
        results["fill_seconds"] = fill_passages(args.url, args.passages)
        day = datetime.now(UTC).date().isoformat()
        results["stats"] = phase(
            "statistics pages",
            API_APP,
            args,
            page_requests(setup, day),
            count=args.page_requests,
            threads=2,
        )
        results["passages_total"] = database.count_rows("checkpoints_passage")
    finally:
        if not args.keep:
            database.drop()
    report(results, facts, " ".join(["python -m bench.checkpoints", *(argv or sys.argv[1:])]))


def phase(title, app, args, requests_for, rate=None, count=None, threads=None) -> Load:
    print(title, file=sys.stderr)
    server = Server(app, args.url, args.workers)
    try:
        threads = threads or args.threads
        # Warm every worker (imports, connections, the region table) before measuring.
        drive(server.port, requests_for, threads, WARM_UP_SECONDS, None, tqdm(disable=True))
        if count:
            with tqdm(total=count, desc=title, unit="req") as bar:
                load = Load(seconds=0)
                started = time.perf_counter()
                per_thread = count // threads
                parts = []

                def one(index):
                    parts.append(bounded(server.port, requests_for, per_thread, index, bar))

                workers = [threading.Thread(target=one, args=(i,)) for i in range(threads)]
                for worker in workers:
                    worker.start()
                for worker in workers:
                    worker.join()
                load.seconds = time.perf_counter() - started
                for part in parts:
                    load.latencies += part.latencies
                    load.errors += part.errors
                return load
        with tqdm(desc=title, unit="req") as bar:
            postmaster = postmaster_pid()
            before = CpuUse.now(server, postmaster)
            load = drive(server.port, requests_for, threads, args.seconds, rate, bar)
            load.cpu = CpuUse.now(server, postmaster) - before
            return load
    finally:
        server.stop()


def merged(loads: list[Load]) -> Load:
    """Several phases' requests as one: their rate over their summed time."""
    return Load(
        seconds=sum(load.seconds for load in loads),
        latencies=[latency for load in loads for latency in load.latencies],
        errors=sum(load.errors for load in loads),
        cpu=sum((load.cpu for load in loads), CpuUse()),
    )


def bounded(port, requests_for, count, offset, bar) -> Load:
    load = Load(seconds=0)
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    for n in range(count):
        method, path, body, headers = requests_for(offset + n)
        begin = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        if response.status == 200:
            load.latencies.append(time.perf_counter() - begin)
        else:
            load.errors += 1
        bar.update(1)
    return load


def report(results: dict, facts: dict, command: str) -> None:
    raw, bare, bare_road, api, api80, stats = (
        results["raw_tps"],
        results["bare"],
        results["bare_device_road"],
        results["api"],
        results["api80"],
        results["stats"],
    )
    rounds = results["rounds"]
    # Paced from the planned start (drive): a server that falls behind the target lets a
    # queue grow, and the p99 is then mostly time spent waiting in it. Every planned
    # request is sent however late, so the rate alone shows only a queue left at the end;
    # one that forms and drains within the turn shows as requests sent late.
    behind = [
        n
        for n, (*_, turn_target, turn_80) in enumerate(rounds, 1)
        if turn_80.rate < 0.97 * turn_target
        or turn_80.share_sent_late(LATE_SEND_SECONDS) > LATE_SEND_SHARE
    ]
    checks = [
        (
            f"API rate >= {GOALS['api_vs_raw']:.0%} of raw",
            api.rate / raw >= GOALS["api_vs_raw"],
            f"{api.rate / raw:.1%}",
        ),
        (
            f"API rate >= {GOALS['api_vs_bare']:.1f} x bare view",
            api.rate / bare.rate >= GOALS["api_vs_bare"],
            f"{api.rate / bare.rate:.2f} x",
        ),
        (
            f"p99 < {GOALS['p99_ms_at_80']:.0f} ms at 80 % of peak",
            api80.percentile(99) < GOALS["p99_ms_at_80"],
            f"{api80.percentile(99):.1f} ms",
        ),
        (
            f"statistics p95 < {GOALS['stats_p95_ms']:.0f} ms over 10 M passages",
            stats.percentile(95) < GOALS["stats_p95_ms"]
            and results["passages_total"] >= 10_000_000,
            f"{stats.percentile(95):.1f} ms over {results['passages_total']:,}",
        ),
    ]
    lines = [
        "# Checkpoints benchmark",
        "",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Command: `{command}`",
        *[f"- {key}: {value}" for key, value in facts.items()],
        (
            f"- Server: gunicorn, {results['args']['workers']} sync workers, "
            "SHOUWANG_DB_CONN_MAX_AGE=600, DEBUG off; load generator: "
            f"{results['args']['threads']} Python threads (http.client) on the same machine"
        ),
        (
            "- API: `shouwang.wsgi.application` (a device's passage takes the devices' road, "
            "core.handlers; its statements are prepared, core.db); passages checked against "
            f"{RISK_AREAS:,} risk areas and {WATCHED_PLATES:,} watched plates"
        ),
        "",
        "| measure | rate /s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|",
        f"| pgbench, one passage row per transaction (raw) | {raw:,.0f} | | | |",
        _row("bare Django view, one row", bare),
        _row("the same view on the devices' road (3 middleware)", bare_road),
        _row("API passage (vehicle + 2 occupants, flags, audit, counts), peak", api),
        _row("API at 80 % of each turn's peak", api80),
        _row(f"statistics pages over {results['passages_total']:,} passages", stats, p=95),
        "",
        (
            f"API / raw: {api.rate / raw:.1%}; API / bare: {api.rate / bare.rate:.2f} x; "
            f"bare / raw: {bare.rate / raw:.1%}. On the devices' road (core.handlers, the "
            f"handler devices' passages take) the bare view runs at {bare_road.rate / raw:.1%} "
            f"of raw, and the API at {api.rate / bare_road.rate:.2f} x of it. Loading the "
            f"passages and the hourly rollup took {results['fill_seconds']:.0f} s. The bare view, "
            f"the API at peak and the API at 80 % of that peak took {len(rounds)} turns:"
        ),
        "",
        (
            "| turn | API / bare | 80 % target /s | answered /s | sent over "
            f"{LATE_SEND_SECONDS * 1000:.0f} ms late | p50 ms | p99 ms |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|",
        *[
            f"| {n} | {turn_api.rate / turn_bare.rate:.2f} x | {turn_target:,.0f} | "
            f"{turn_80.rate:,.0f} | {turn_80.share_sent_late(LATE_SEND_SECONDS):.1%} | "
            f"{turn_80.percentile(50):.1f} | {turn_80.percentile(99):.1f} |"
            for n, (turn_bare, turn_api, turn_target, turn_80) in enumerate(rounds, 1)
        ],
        "",
        "At 80 % of peak the server "
        + (
            "kept up with every turn's target."
            if not behind
            else "fell behind the target in turn "
            + ", ".join(map(str, behind))
            + f" (under 97 % of it answered, or over {LATE_SEND_SHARE:.0%} of its requests sent"
            f" more than {LATE_SEND_SECONDS * 1000:.0f} ms late): a queue grew, and that"
            " turn's p99 is mostly time in it."
        ),
        "",
        (
            "Where a request's CPU time goes, at peak (ms of CPU a request; the server is gunicorn"
            " with Django, PostgreSQL this machine's server with all its processes, the load"
            " generator this process's threads; the machine has "
            f"{os.cpu_count()} cores to share among them):"
        ),
        "",
        "| measure | server | PostgreSQL | load generator | all |",
        "|---|---:|---:|---:|---:|",
        *[
            _cpu_row(label, load)
            for label, load in (
                ("bare Django view", bare),
                ("bare view on the devices' road", bare_road),
                ("API passage", api),
            )
        ],
        "",
        "| goal | result | pass |",
        "|---|---|---|",
        *[f"| {goal} | {value} | {'pass' if ok else 'FAIL'} |" for goal, ok, value in checks],
        "",
    ]
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))


def _cpu_row(label: str, load: Load) -> str:
    cpu = load.cpu_ms_per_request()
    parts = (cpu.server, cpu.database, cpu.load, cpu.server + cpu.database + cpu.load)
    return f"| {label} | " + " | ".join(f"{ms:.2f}" for ms in parts) + " |"


def _row(label: str, load: Load, p: int = 99) -> str:
    suffix = f" (p{p} {load.percentile(p):.1f})" if p != 99 else ""
    return (
        f"| {label}{suffix} | {load.rate:,.0f} | {load.percentile(50):.1f} | "
        f"{load.percentile(99):.1f} | {load.errors} |"
    )


if __name__ == "__main__":
    main()

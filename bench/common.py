"""Shared pieces: measured child processes, Django in the parent, page timings, machine facts."""

import codecs
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_ROOT / "bench"

LineHandler = Callable[[str], None]


class ChildFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class ChildRun:
    argv: list[str]
    returncode: int
    seconds: float
    peak_rss_bytes: int
    stdout: str
    stderr_tail: str

    def check(self) -> "ChildRun":
        if self.returncode != 0:
            raise ChildFailed(
                f"{' '.join(self.argv)} exited with {self.returncode}:\n{self.stderr_tail}"
            )
        return self


def setup_django() -> None:
    """Django in the parent, only to import the loader's columns and row generator.

    The parent never opens a Django connection: every database it touches for itself is
    reached through the raw driver, so the settings' DATABASE_URL does not matter here.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shouwang.settings")
    import django

    django.setup()


def demo_tree(with_users: bool = False):
    """Migrate the worker's database and write the demo district's area tree (and its
    demo accounts), nothing else: the specs, their area ids and the generator after them."""
    import random

    from django.core.management import call_command

    from shouwang.demo import loader

    call_command("migrate", verbosity=0)
    rng = random.Random(2020)
    specs = loader.district_tree(rng)
    ids = loader._write_tree(specs, rng, None)
    if with_users:
        loader._write_users(specs, ids, rng)
    return specs, ids, rng


def worker_answer(module: str, args: list[str], url: str) -> dict:
    """Run ``python -m module args`` against the database at ``url`` (Django set up in
    the child, the way the benchmark workers do it); the JSON of its last stdout line."""
    env = {**os.environ, "DATABASE_URL": url, "SHOUWANG_ENV": "development"}
    child = run_child([sys.executable, "-m", module, *args], env).check()
    return json.loads(child.stdout.strip().splitlines()[-1])


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at or above ``share`` of them."""
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def summary(times_ms: list[float]) -> dict:
    return {
        "median_ms": statistics.median(times_ms),
        "p95_ms": percentile(times_ms, 0.95),
        "runs": len(times_ms),
    }


def timed_get(client, path: str, data: dict | None = None, *, runs: int, warmup: int = 0):
    """``runs`` GETs of ``path`` by a Django test client after ``warmup`` untimed ones:
    median and p95 in milliseconds, and how many queries one page took."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(path, data)
    times, queries = [], 0
    for _ in range(runs):
        # The query log keeps 9,000 entries: a full one would make the capture look empty.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, data)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} {data or ''} answered {response.status_code}")
        queries = len(captured)
    return {**summary(times), "queries": queries}


def shouwang_command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("shouwang")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "shouwang.manage", *args]


# ru_maxrss of a child counts the memory it held between fork and exec, which is this
# harness's own peak (and it holds the raw baseline's rows): a 500 MiB parent reports 510 MiB
# for `true`. GNU time forks the command from a process of a few MiB, so %M is the command's.
GNU_TIME = Path("/usr/bin/time")
PEAK_MEMORY_METHOD = (
    "GNU time %M (its own maximum resident set)"
    if GNU_TIME.exists()
    else "wait4 ru_maxrss (GNU time missing: may include the harness's own peak)"
)


def run_child(argv: list[str], env: dict[str, str], on_stderr_line: LineHandler | None = None):
    """Run ``argv`` to completion; its wall time and its own peak resident memory."""
    with tempfile.TemporaryDirectory(prefix="shouwang-bench-") as scratch:
        peak_file = Path(scratch) / "peak-kib"
        if GNU_TIME.exists():
            argv = [str(GNU_TIME), "-f", "%M", "-o", str(peak_file), *argv]
        returncode, seconds, ru_maxrss_kib, stdout, stderr_tail = _run(argv, env, on_stderr_line)
        peak_kib = _last_number(peak_file) if GNU_TIME.exists() else ru_maxrss_kib
    return ChildRun(
        argv=argv,
        returncode=returncode,
        seconds=seconds,
        peak_rss_bytes=peak_kib * 1024,
        stdout=stdout,
        stderr_tail=stderr_tail,
    )


def _run(argv: list[str], env: dict[str, str], on_stderr_line: LineHandler | None):
    started = time.perf_counter()
    child = subprocess.Popen(
        argv, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stdout_parts: list[str] = []
    stderr_tail: deque[str] = deque(maxlen=40)

    def on_stderr(line: str) -> None:
        stderr_tail.append(line)
        if on_stderr_line:
            on_stderr_line(line)

    readers = [
        threading.Thread(target=_read_lines, args=(child.stdout, stdout_parts.append)),
        threading.Thread(target=_read_lines, args=(child.stderr, on_stderr)),
    ]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    stdout = "\n".join(stdout_parts)
    return child.returncode, seconds, usage.ru_maxrss, stdout, "\n".join(stderr_tail)


def _last_number(path: Path) -> int:
    """GNU time's figure: the last line (a failed command gets a status line before it)."""
    try:
        return int(path.read_text().split()[-1])
    except (OSError, IndexError, ValueError):
        return 0


def _read_lines(stream, handle: LineHandler) -> None:
    """Feed ``handle`` each line, splitting on \\r too: tqdm redraws its bar with \\r."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""
    with stream:
        while chunk := stream.read1(65536):
            *lines, pending = re.split(r"[\r\n]", pending + decoder.decode(chunk))
            for line in lines:
                if line.strip():
                    handle(line)
    pending += decoder.decode(b"", final=True)
    if pending.strip():
        handle(pending)


TQDM_COUNT = re.compile(r"(\d+)/(\d+) \[")


def tqdm_progress(line: str) -> tuple[int, int] | None:
    """(done, total) from a line of a child's tqdm bar, if it is one."""
    match = TQDM_COUNT.search(line)
    return (int(match[1]), int(match[2])) if match else None


# --- machine facts ---------------------------------------------------------------------


def machine_facts() -> dict[str, str]:
    import django
    import psycopg

    return {
        "CPUs (nproc)": str(len(os.sched_getaffinity(0))),
        "CPU model": _cpu_model(),
        "Memory": f"{_memory_total_gib():.1f} GiB",
        "Load average at start (1/5/15 min)": load_average(),
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "Django": django.get_version(),
        "psycopg": psycopg.__version__,
        "Source": _source_revision(),
    }


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_total_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 2**20
    return 0.0


def _source_revision() -> str:
    """The commit measured, and whether src/ had uncommitted edits (others work there too)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", "src")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit} with uncommitted changes in src/" if dirty else commit

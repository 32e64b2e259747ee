"""Shared pieces: measured child processes, Django in the parent, machine facts."""

import codecs
import os
import platform
import re
import sqlite3
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

"""`python -m bench`: run every benchmark, or one with its own options.

- ``python -m bench``: everything, with the defaults below (also ``make bench``);
- ``python -m bench demo-load --backend postgresql``: the demo load at scale 1 on PostgreSQL;
- ``python -m bench demo-load --scale 0.1 --repeat 3``: both backends, three runs each;
- ``python -m bench profile --scale 0.05``: cProfile of ``shouwang demo``.
"""

import argparse
import os
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bench import demo_load
from bench.common import (
    BENCH_DIR,
    PROJECT_ROOT,
    ChildFailed,
    load_average,
    machine_facts,
    setup_django,
)
from bench.databases import PostgresDatabase, SqliteDatabase
from bench.report import console_report, write_results

DEFAULT_POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/shouwang_bench"
)
DEFAULT_POSTGRES_SCALE = 1.0
# SQLite is the developer's backend, not the production one: a tenth is enough to compare.
DEFAULT_SQLITE_SCALE = 0.1


def main(argv: list[str] | None = None) -> None:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # `python -m bench`: every benchmark with its defaults
        args = parser.parse_args(["demo-load"])
    setup_django()
    try:
        args.handler(args)
    except (ChildFailed, ValueError, psycopg.OperationalError) as error:
        sys.exit(f"python -m bench: {error}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Shouwang's benchmarks. Without a command, runs every benchmark "
        "with its defaults (today: demo-load).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_demo_load(commands)
    _add_profile(commands)
    return parser


def _add_backend_options(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--backend",
        choices=("postgresql", "sqlite", "both"),
        default=default,
        help=f"where to load (default: {default})",
    )
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        metavar="URL",
        help="scratch PostgreSQL database, dropped and re-created; its name must contain "
        "'bench' (default: $BENCH_POSTGRES_URL or %(default)s)",
    )


def _add_demo_load(commands) -> None:
    parser = commands.add_parser(
        "demo-load",
        help="`shouwang demo` against a raw write of the same rows",
        description="Load the demo district into a fresh database in a child process; "
        "report its wall time, residents/s, peak memory, and the ratio to a raw driver "
        "write of the same number of person rows. Writes bench/RESULTS.md.",
    )
    _add_backend_options(parser, default="both")
    parser.add_argument(
        "--scale",
        type=_scale,
        metavar="S",
        help="residents as a share of 937,800 for every backend (overrides the two below)",
    )
    parser.add_argument(
        "--postgres-scale",
        type=_scale,
        default=DEFAULT_POSTGRES_SCALE,
        metavar="S",
        help="scale on PostgreSQL (default: %(default)s)",
    )
    parser.add_argument(
        "--sqlite-scale",
        type=_scale,
        default=DEFAULT_SQLITE_SCALE,
        metavar="S",
        help="scale on SQLite (default: %(default)s)",
    )
    parser.add_argument(
        "--raw-limit",
        type=int,
        default=0,
        metavar="N",
        help="write at most N rows in the raw baseline, to spare memory (rows/s is what is "
        "compared); default: as many as the demo's residents",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="runs per backend; the goals use the median time (default: %(default)s)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=BENCH_DIR / "RESULTS.md",
        metavar="PATH",
        help="Markdown report to overwrite (default: bench/RESULTS.md)",
    )
    parser.set_defaults(handler=run_demo_load)


def _add_profile(commands) -> None:
    parser = commands.add_parser(
        "profile",
        help="cProfile of `shouwang demo` (not run by default)",
        description="Run `shouwang demo` under cProfile in a fresh database and print the "
        "top functions by own time and by cumulative time.",
    )
    _add_backend_options(parser, default="postgresql")
    parser.add_argument(
        "--scale", type=_scale, default=0.05, metavar="S", help="default: %(default)s"
    )
    parser.add_argument(
        "--top",
        type=int,
        default=25,
        metavar="N",
        help="functions to list per ordering (default: %(default)s)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        metavar="PATH",
        help="keep the .prof file there (default: a temporary file)",
    )
    parser.set_defaults(handler=run_profile)


def _scale(text: str) -> float:
    scale = float(text)
    if not 0 < scale <= 1:
        raise argparse.ArgumentTypeError("scale must be above 0 and at most 1")
    return scale


def _databases(args) -> list:
    chosen = []
    if args.backend in ("postgresql", "both"):
        chosen.append(PostgresDatabase(args.postgres_url))
    if args.backend in ("sqlite", "both"):
        chosen.append(SqliteDatabase())
    return chosen


def run_demo_load(args) -> None:
    started = datetime.now(UTC)
    facts = machine_facts()
    facts["PostgreSQL"] = _postgres_version(args.postgres_url)
    databases = _databases(args)
    scales = {"postgresql": args.postgres_scale, "sqlite": args.sqlite_scale}
    results = [
        demo_load.run(database, args.scale or scales[database.backend], args.raw_limit)
        for database in databases
        for _ in range(args.repeat)
    ]
    print(console_report(results))
    write_results(args.results, results, _command_line(), facts, started, load_average())
    print(f"\nWrote {args.results}")


def _postgres_version(url: str) -> str:
    try:
        return PostgresDatabase(url).version()
    except (ValueError, psycopg.Error) as error:
        return f"unavailable ({error})"


def run_profile(args) -> None:
    from bench.profiling import profile_demo

    for database in _databases(args):
        profile_demo(database, args.scale, args.top, args.output)


def _command_line() -> str:
    python = Path(sys.executable)
    if python.is_relative_to(PROJECT_ROOT):
        python = python.relative_to(PROJECT_ROOT)
    return shlex.join([str(python), "-m", "bench", *sys.argv[1:]])


if __name__ == "__main__":
    main()

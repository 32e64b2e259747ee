"""`python -m bench profile`: where `shouwang demo` spends its time, under cProfile.

Not a benchmark (the profiler roughly doubles the run time), so `python -m bench` alone does
not run it; it is the next step when the demo-load benchmark misses its goal.
"""

import os
import pstats
import sys
import tempfile
from pathlib import Path

from tqdm import tqdm

from bench.common import run_child, shouwang_command


def profile_demo(database, scale: float, top: int, output: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="shouwang-profile-") as scratch:
        profile_path = output or Path(scratch) / "demo.prof"
        seconds = _profiled_demo(database, scale, profile_path)
        print(
            f"{database.backend}: `shouwang demo --scale {scale:g}` under cProfile: {seconds:.1f} s"
        )
        stats = pstats.Stats(str(profile_path), stream=sys.stdout).strip_dirs()
        for order in ("tottime", "cumulative"):
            print(f"\nTop {top} functions by {order}:")
            stats.sort_stats(order).print_stats(top)
        if output:
            print(f"profile kept in {output} (open with `python -m pstats {output}`)")


def _profiled_demo(database, scale: float, profile_path: Path) -> float:
    database.create()
    try:
        env = {**os.environ, "DATABASE_URL": database.url}
        tqdm.write(f"{database.backend}: migrating a fresh database")
        run_child(shouwang_command("migrate", "--verbosity", "0"), env).check()
        tqdm.write(f"{database.backend}: running the demo under cProfile")
        argv = [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(profile_path),
            "-m",
            "shouwang.manage",
            "demo",
            "--scale",
            str(scale),
            "--verbosity",
            "0",
        ]
        return run_child(argv, env).check().seconds
    finally:
        database.drop()

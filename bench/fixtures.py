"""The pytest fixture benchmark: one DynamoDB test module timed on dynoxide's
pytest fixture and on moto's mock_aws, side by side.

    python bench/fixtures.py [--rounds R]

bench/fixture_suite/ holds 50 tests, each creating a table with a GSI,
writing 100 items and querying them by key and by index. Each backend runs
the module in its own `pytest` process, alternating, R rounds (default 3);
reported: the wall time of the whole run (interpreter and imports
included) and the time inside tests (set-up, call and tear-down, from
pytest's JUnit XML), each the median of the rounds, and moto / dynoxide.

A measuring tool, not a test: the tests assert the answers, never the speed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUITE = HERE / "fixture_suite"
BACKENDS = ("dynoxide", "moto")
TARGET = 3.0


def run_once(backend: str) -> tuple[float, float]:
    """(wall seconds, seconds inside tests) of one pytest run of the suite."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "junit.xml"
        env = {**os.environ, "FIXTURE_BENCH_BACKEND": backend,
               "PYTHONPATH": os.pathsep.join([str(HERE.parent / "py"), os.environ.get("PYTHONPATH", "")])}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(SUITE),
             f"--junitxml={report}", str(SUITE)],
            cwd=SUITE, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{backend}: the suite failed\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        cases = ET.parse(report).getroot().iter("testcase")
        return wall, sum(float(case.get("time", 0)) for case in cases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        import moto  # noqa: F401
    except ImportError:
        print("moto is not installed (pip install moto): nothing to compare with", file=sys.stderr)
        return 1
    times: dict[str, list[tuple[float, float]]] = {backend: [] for backend in BACKENDS}
    for _ in range(args.rounds):
        for backend in BACKENDS:
            times[backend].append(run_once(backend))
    median = {backend: (statistics.median(w for w, _ in runs), statistics.median(t for _, t in runs))
              for backend, runs in times.items()}
    print(f"fixture benchmark: 50 tests x (CreateTable with a GSI, 100 PutItem, 2 Query); "
          f"median of {args.rounds} rounds")
    print(f"{'backend':<10} {'wall s':>8} {'in tests s':>11} {'per test ms':>12}")
    for backend, (wall, tests) in median.items():
        print(f"{backend:<10} {wall:>8.2f} {tests:>11.2f} {tests / 50 * 1000:>12.1f}")
    wall_ratio = median["moto"][0] / median["dynoxide"][0]
    test_ratio = median["moto"][1] / median["dynoxide"][1]
    verdict = "meets" if test_ratio >= TARGET else "misses"
    print(f"moto / dynoxide: {wall_ratio:.1f}x wall, {test_ratio:.1f}x in tests ({verdict} the {TARGET:.0f}x target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

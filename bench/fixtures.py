"""The pytest fixture benchmark: one DynamoDB test module timed on dynoxide's
pytest fixture and on moto's mock_aws, side by side.

    python bench/fixtures.py [--rounds R]

bench/fixture_suite/ holds 50 tests, each creating a table with a GSI,
writing 100 items and querying them by key and by index. Each backend runs
the module in its own `pytest` process, alternating, R rounds (default 3);
reported, each the median of the rounds: the wall time of the whole run
(interpreter and imports included), the wall time inside tests (set-up,
call and tear-down, from pytest's JUnit XML) and the CPU time inside tests
(process time, which other work on a shared machine disturbs far less than
wall time); and moto / dynoxide for each.

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


def run_once(backend: str) -> tuple[float, float, float]:
    """(wall seconds, wall seconds inside tests, CPU seconds inside tests) of one pytest run."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "junit.xml"
        cpu_out = Path(scratch) / "cpu"
        env = {**os.environ, "FIXTURE_BENCH_BACKEND": backend, "FIXTURE_BENCH_CPU_OUT": str(cpu_out),
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
        return wall, sum(float(case.get("time", 0)) for case in cases), float(cpu_out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    try:
        import moto  # noqa: F401
    except ImportError:
        print("moto is not installed (pip install moto): nothing to compare with", file=sys.stderr)
        return 1
    times: dict[str, list[tuple[float, float, float]]] = {backend: [] for backend in BACKENDS}
    for _ in range(args.rounds):
        for backend in BACKENDS:
            times[backend].append(run_once(backend))
    median = {backend: [statistics.median(run[i] for run in runs) for i in range(3)]
              for backend, runs in times.items()}
    print(f"fixture benchmark: 50 tests x (CreateTable with a GSI, 100 PutItem, 2 Query); "
          f"median of {args.rounds} rounds")
    print(f"{'backend':<10} {'run wall s':>10} {'tests wall s':>13} {'tests CPU s':>12} {'CPU per test ms':>16}")
    for backend, (wall, tests, cpu) in median.items():
        print(f"{backend:<10} {wall:>10.2f} {tests:>13.2f} {cpu:>12.2f} {cpu / 50 * 1000:>16.1f}")
    ratios = [m / d for m, d in zip(median["moto"], median["dynoxide"])]
    verdict = "meets" if ratios[2] >= TARGET else "misses"
    print(f"moto / dynoxide: {ratios[0]:.1f}x run wall, {ratios[1]:.1f}x tests wall, "
          f"{ratios[2]:.2f}x tests CPU ({verdict} the {TARGET:.0f}x target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""dynoxide benchmark: one workload against dynoxide and its peers.

    python bench/run.py [--items N] [--targets embedded,serve,...] [--rounds R] [--json out.json]

Systems (all by default; those not installed are skipped and said so):
  sqlite3      stdlib sqlite3 doing the same reads and writes: the floor
  embedded     dynoxide.Database.memory(), in process
  serve        `dynoxide serve`, lean keep-alive HTTP client
  serve-boto3  `dynoxide serve`, boto3
  dynalite     dynalite (Node), lean client; found via $DYNALITE, the
               scratch install /work/ref/dynalite-run, or PATH
  moto         moto's server (python -m moto.server), lean client

This is a measuring tool, not a test: it asserts the answers are right,
never how fast they came.
"""
from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "py")]

import clients  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402
from workload import PHASES, item, item_size  # noqa: E402

SYSTEMS = {
    # name: (server kind or None, transport factory, description)
    "sqlite3": (None, None, "stdlib sqlite3, same rows (DynamoDB-JSON text), no engine"),
    "embedded": (None, clients.Embedded, "dynoxide.Database.memory(), in process"),
    "serve": ("dynoxide", clients.LeanHttp, "dynoxide serve, lean keep-alive http.client"),
    "serve-boto3": ("dynoxide", clients.Boto3, "dynoxide serve, boto3 low-level client"),
    "dynalite": ("dynalite", clients.LeanHttp, "dynalite (Node.js), lean keep-alive http.client"),
    "moto": ("moto", clients.LeanHttp, "moto server, lean keep-alive http.client"),
}


def run_phases(driver, n, entry):
    driver.setup()
    for phase in PHASES:
        gc.collect()
        t0 = time.perf_counter()
        ops = phase.run(driver, n)
        elapsed = time.perf_counter() - t0
        entry["ops_per_s"][phase.name] = ops / elapsed
    driver.teardown()


def run_system(name, n, startup_runs, log_dir):
    kind, transport, about = SYSTEMS[name]
    entry = {"about": about, "ops_per_s": {}}
    server = driver = None
    try:
        if kind is None:
            driver = clients.SqliteDriver() if transport is None else clients.DynamoDriver(transport())
        else:
            server = servers.Server(kind, log_dir)
            entry["command"] = " ".join(server.argv)
            runs = []
            for _ in range(startup_runs - 1):
                runs.append(server.start())
                server.stop()
            runs.append(server.start())
            entry["startup_runs"] = runs
            entry["startup_s"] = statistics.median(runs)
            time.sleep(1.0)
            entry["idle_rss_mib"] = server.rss_mib()
            driver = clients.DynamoDriver(transport(server.port))
        run_phases(driver, n, entry)
        if server:
            entry["rss_after_mib"] = server.rss_mib()
    except Exception as exc:  # one system failing must not hide the others
        entry["error"] = f"{type(exc).__name__}: {exc}"[:500]
        entry["traceback"] = traceback.format_exc()
    finally:
        if driver:
            try:
                driver.close()
            except Exception:
                pass
        if server:
            server.close()
    return entry


def best_of(old, new):
    """Merge two rounds of one system: best ops/s per phase, all start-ups."""
    if old is None:
        return new
    merged = {**new, "ops_per_s": {p: max(v for v in (old["ops_per_s"].get(p), new["ops_per_s"].get(p)) if v)
                                   for p in {**old["ops_per_s"], **new["ops_per_s"]}}}
    merged["startup_runs"] = old.get("startup_runs", []) + new.get("startup_runs", [])
    if merged["startup_runs"]:
        merged["startup_s"] = statistics.median(merged["startup_runs"])
    for key in ("idle_rss_mib", "rss_after_mib"):
        values = [v for v in (old.get(key), new.get(key)) if v]
        if values:
            merged[key] = min(values)
    if "error" in old and "error" not in new:
        merged["error"] = old["error"]
    return merged


def installed(name):
    kind, transport, _ = SYSTEMS[name]
    if name == "serve-boto3":
        try:
            import boto3  # noqa: F401
        except ImportError:
            return "boto3 not installed"
    if name == "embedded":
        try:
            import dynoxide  # noqa: F401
        except ImportError:
            return "dynoxide not importable"
    if kind and not servers.available(kind):
        return f"{kind} not installed"
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description="dynoxide benchmark (see bench/run.py's docstring)")
    parser.add_argument("--items", type=int, default=2000, help="items in the workload (default 2000)")
    parser.add_argument("--targets", default=",".join(SYSTEMS),
                        help=f"comma-separated systems to run (default all: {','.join(SYSTEMS)})")
    parser.add_argument("--json", help="also write the results as JSON to this file")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every system this many times, round-robin; best round per phase is kept")
    parser.add_argument("--startup-runs", type=int, default=3,
                        help="server starts to time per round (median over all reported)")
    parser.add_argument("--log-dir", help="where server logs go (default: a temporary directory)")
    args = parser.parse_args(argv)

    wanted = [t.strip() for t in args.targets.replace(" ", ",").split(",") if t.strip()]
    unknown = [t for t in wanted if t not in SYSTEMS]
    if unknown:
        parser.error(f"unknown target(s) {unknown}; choose from {list(SYSTEMS)}")
    log_dir = Path(args.log_dir or tempfile.mkdtemp(prefix="dynoxide-bench-"))
    log_dir.mkdir(parents=True, exist_ok=True)

    results = {"items": args.items, "item_bytes": item_size(item(args.items // 2, args.items)),
               "order": list(SYSTEMS), "targets": {}, "skipped": {}, "log_dir": str(log_dir)}
    for name in wanted:
        reason = installed(name)
        if reason:
            results["skipped"][name] = reason
    runnable = [n for n in wanted if n not in results["skipped"]]
    # Rounds go round-robin over the systems, so a burst of load on a shared
    # machine hits them all rather than one; each phase keeps its best round.
    for round_no in range(1, max(1, args.rounds) + 1):
        for name in runnable:
            print(f"bench: round {round_no}: {name} ...", file=sys.stderr, flush=True)
            entry = run_system(name, args.items, max(1, args.startup_runs), log_dir)
            if "error" in entry:
                print(f"bench: {name} failed: {entry['error']}", file=sys.stderr)
            results["targets"][name] = best_of(results["targets"].get(name), entry)
    results["rounds"] = max(1, args.rounds)

    print(report.render(results))
    print(f"\n(server logs in {log_dir})")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

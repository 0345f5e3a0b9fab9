"""The performance targets dynoxide must hit, checked against a run's results.

Each check returns (description, verdict, detail) where verdict is "PASS",
"FAIL" or "N/A" (a system it needs was not measured).
"""
from __future__ import annotations

from workload import PHASES

SERVE_OVER_DYNALITE = 1.5   # dynoxide serve ops/s >= this x dynalite's, every phase (lean client)
STARTUP_S = 0.16            # process start to first answered request
IDLE_RSS_MIB = 54           # resident memory of an idle, empty server
EMBEDDED_VS_SQLITE = 5      # embedded Database within this factor of raw sqlite3 ...
POINT_PHASES = ("put", "get")  # ... for point writes and reads


def _ops(results, target, phase):
    entry = results["targets"].get(target) or {}
    return (entry.get("ops_per_s") or {}).get(phase)


def serve_vs_dynalite(results):
    what = f"dynoxide serve >= {SERVE_OVER_DYNALITE}x dynalite ops/s on every phase (lean client)"
    ratios = {}
    for phase in PHASES:
        ours, theirs = _ops(results, "serve", phase.name), _ops(results, "dynalite", phase.name)
        if ours is None or theirs is None:
            return what, "N/A", f"missing {phase.name} for serve or dynalite"
        ratios[phase.name] = ours / theirs
    worst = min(ratios, key=ratios.get)
    ok = ratios[worst] >= SERVE_OVER_DYNALITE
    return what, "PASS" if ok else "FAIL", f"worst {worst} {ratios[worst]:.2f}x"


def startup(results):
    what = f"dynoxide serve start to first answer <= {STARTUP_S} s"
    value = (results["targets"].get("serve") or {}).get("startup_s")
    if value is None:
        return what, "N/A", "not measured"
    return what, "PASS" if value <= STARTUP_S else "FAIL", f"{value:.3f} s (median)"


def idle_rss(results):
    what = f"dynoxide serve idle RSS < {IDLE_RSS_MIB} MiB"
    value = (results["targets"].get("serve") or {}).get("idle_rss_mib")
    if value is None:
        return what, "N/A", "not measured"
    return what, "PASS" if value < IDLE_RSS_MIB else "FAIL", f"{value:.1f} MiB"


def embedded_vs_sqlite(results):
    what = f"embedded Database within {EMBEDDED_VS_SQLITE}x of raw sqlite3 for {'/'.join(POINT_PHASES)}"
    details, ok = [], True
    for phase in POINT_PHASES:
        ours, floor = _ops(results, "embedded", phase), _ops(results, "sqlite3", phase)
        if ours is None or floor is None:
            return what, "N/A", f"missing {phase} for embedded or sqlite3"
        factor = floor / ours
        ok &= factor <= EMBEDDED_VS_SQLITE
        details.append(f"{phase} {factor:.1f}x slower")
    return what, "PASS" if ok else "FAIL", ", ".join(details)


CHECKS = [serve_vs_dynalite, startup, idle_rss, embedded_vs_sqlite]


def check(results):
    return [c(results) for c in CHECKS]

"""Rendering a run's results as text tables."""
from __future__ import annotations

import statistics

import targets as goals
from workload import PHASES


def _num(value, digits=0):
    if value is None:
        return "-"
    if value >= 100 or digits == 0:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def _ratio(a, b):
    return "-" if a is None or b is None or not b else f"{a / b:.2f}x"


def _table(header, rows):
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def render(results) -> str:
    names = [n for n in results["order"] if n in results["targets"]]
    entries = [results["targets"][n] for n in names]
    out = [f"dynoxide bench: {results['items']} items of ~{results['item_bytes']} B, "
           f"one table with a GSI; ops/s per phase (higher is better)"
           + (f", best of {results['rounds']} rounds" if results.get("rounds", 1) > 1 else ""), ""]

    rows = []
    for phase in PHASES:
        rows.append([phase.name, *(_num((e.get("ops_per_s") or {}).get(phase.name), 1) for e in entries),
                     _ratio(*(results["targets"].get(n, {}).get("ops_per_s", {}).get(phase.name)
                              for n in ("serve", "dynalite"))),
                     _ratio(*(results["targets"].get(n, {}).get("ops_per_s", {}).get(phase.name)
                              for n in ("embedded", "sqlite3")))])
    rows.append(["start->answer (s)", *(f"{e['startup_s']:.3f}" if e.get("startup_s") else "-" for e in entries),
                 "", ""])
    rows.append(["idle RSS (MiB)", *(f"{e['idle_rss_mib']:.1f}" if e.get("idle_rss_mib") else "-" for e in entries),
                 "", ""])
    rows.append(["RSS after (MiB)", *(f"{e['rss_after_mib']:.1f}" if e.get("rss_after_mib") else "-" for e in entries),
                 "", ""])
    out.append(_table(["phase", *names, "serve/dynalite", "embedded/sqlite3"], rows))

    out += ["", "Phases (one op is):"]
    out += [f"  {p.name:<12} {p.unit}" for p in PHASES]
    out += ["", "Systems:"]
    for n, e in zip(names, entries):
        out.append(f"  {n:<12} {e['about']}")
        if e.get("startup_runs"):
            runs = ", ".join(f"{s:.3f}" for s in e["startup_runs"])
            out.append(f"  {'':<12} start->answer runs: {runs} s (median {statistics.median(e['startup_runs']):.3f})")
        if e.get("error"):
            out.append(f"  {'':<12} ERROR: {e['error']}")
    for n in results.get("skipped", []):
        out.append(f"  {n:<12} skipped: {results['skipped'][n]}")

    out += ["", "Targets we must hit:"]
    for what, verdict, detail in goals.check(results):
        out.append(f"  [{verdict:>4}] {what}: {detail}")
    return "\n".join(out)

#!/usr/bin/env python3
"""Summarise a vitest JSON report from the DynamoDB conformance suite.

    python scripts/conformance_report.py results.json [--reference other.json]

Prints pass/fail/skip per tier (tier1/tier2/tier3, decided by the test file's
path, as the suite's own scripts/summarize.mjs does), then every failing test
grouped by file with the first line of its failure message, so the engine's
developers can read what DynamoDB does differently without re-running vitest.
A file that failed without failing tests (a crashed beforeAll, an import
error) is listed too, and so are skipped tests: the suite skips a feature's
tests when the target says it lacks the feature.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter

TIERS = ("tier1", "tier2", "tier3")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _tier(path: str) -> str:
    for tier in TIERS:
        if f"/{tier}/" in path:
            return tier
    return "other"


def _relative(path: str) -> str:
    index = path.find("/tests/")
    return path[index + 1:] if index >= 0 else path


def _first_line(messages: list[str] | str, limit: int = 220) -> str:
    text = messages if isinstance(messages, str) else "\n".join(messages)
    for line in _ANSI.sub("", text).splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def counts(report: dict) -> dict[str, Counter]:
    per_tier = {tier: Counter() for tier in (*TIERS, "other")}
    for file_result in report.get("testResults", []):
        tier = _tier(file_result["name"])
        for test in file_result.get("assertionResults", []):
            status = test["status"]
            per_tier[tier]["pass" if status == "passed" else "fail" if status == "failed" else "skip"] += 1
    return per_tier


def failures(report: dict) -> dict[str, list[tuple[str, str]]]:
    """{relative file: [(full test name, first message line)]}, files sorted."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for file_result in sorted(report.get("testResults", []), key=lambda r: _relative(r["name"])):
        name = _relative(file_result["name"])
        failed = [(t["fullName"], _first_line(t.get("failureMessages", [])))
                  for t in file_result.get("assertionResults", []) if t["status"] == "failed"]
        if not failed and file_result.get("status") == "failed":
            failed = [("(file failed to run)", _first_line(file_result.get("message", "")))]
        if failed:
            grouped[name] = failed
    return grouped


def skips(report: dict) -> dict[str, int]:
    """{relative file: skipped tests}. The suite skips a feature's tests when
    the target answers its setup with UnknownOperationException or
    ValidationException, so for an emulator a skip means "not implemented"."""
    return {_relative(r["name"]): n for r in sorted(report.get("testResults", []), key=lambda r: r["name"])
            if (n := sum(t["status"] not in ("passed", "failed") for t in r.get("assertionResults", [])))}


def passing_names(report: dict) -> set[str]:
    return {f"{_relative(r['name'])} :: {t['fullName']}"
            for r in report.get("testResults", [])
            for t in r.get("assertionResults", []) if t["status"] == "passed"}


def render(report: dict, reference: dict | None = None) -> str:
    lines = []
    per_tier = counts(report)
    lines.append(f"{'tier':<8}{'pass':>7}{'fail':>7}{'skip':>7}{'total':>7}{'pass%':>8}")
    total = Counter()
    for tier in (*TIERS, "other"):
        c = per_tier[tier]
        n = sum(c.values())
        if tier == "other" and n == 0:
            continue
        total.update(c)
        pct = f"{100 * c['pass'] / n:.1f}" if n else "-"
        lines.append(f"{tier:<8}{c['pass']:>7}{c['fail']:>7}{c['skip']:>7}{n:>7}{pct:>8}")
    n = sum(total.values())
    pct = f"{100 * total['pass'] / n:.1f}" if n else "-"
    lines.append(f"{'all':<8}{total['pass']:>7}{total['fail']:>7}{total['skip']:>7}{n:>7}{pct:>8}")

    grouped = failures(report)
    if grouped:
        lines.append("")
        lines.append("Failing tests by file (count, then test name: first line of the failure):")
        for name, tests in grouped.items():
            lines.append(f"\n{name}  ({len(tests)})")
            for full_name, message in tests:
                lines.append(f"  - {full_name}")
                if message:
                    lines.append(f"      {message}")

    skipped = skips(report)
    if skipped:
        lines.append("")
        lines.append("Skipped tests by file (the suite skips what the target reports as unsupported):")
        lines += [f"  {name}  ({n})" for name, n in skipped.items()]

    if reference is not None:
        regressed = sorted(passing_names(reference) - passing_names(report))
        lines.append("")
        lines.append(f"Passing in the reference run but not here: {len(regressed)}")
        lines += [f"  {name}" for name in regressed[:60]]
        if len(regressed) > 60:
            lines.append(f"  ... and {len(regressed) - 60} more")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="vitest --reporter=json output")
    parser.add_argument("--reference", help="another run's JSON, to count tests that stopped passing")
    args = parser.parse_args(argv)
    report = load(args.results)
    print(render(report, load(args.reference) if args.reference else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())

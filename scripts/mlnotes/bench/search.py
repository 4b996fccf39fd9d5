"""Search benchmark: index size per language and search latency in headless Chromium.

Builds the site (strict) into a temporary directory, serves it on 127.0.0.1 under /aws-ml-notes/
like GitHub Pages, opens the home page of each language and runs every query of
tests/data/search_queries.yml through Material's search box (click, fill, End key). For each
query it measures, inside the page (performance.now()), the time from the last keystroke (keyup
of the End key) to the moment the first result item is in the DOM, and checks whether the target
page is in the top 3.

    .venv/bin/python scripts/docs.py bench-search [--repeat 3] [--json .cache/bench-search.json]

Prints a table and writes the figures as JSON. Not a test: the numbers depend on the machine.
The search page driver (SearchPage) is mlnotes.testing's, shared with tests/browser/test_search.py.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mlnotes.paths import ROOT
from mlnotes.testing import BROWSER_LOCALES, DEFAULT_LANG, LANGS, QUERIES, TOP, SearchPage, load_queries


def index_sizes(site: Path) -> dict[str, dict[str, int]]:
    out = {}
    for lang in LANGS:
        path = site / ("" if lang == DEFAULT_LANG else lang) / "search" / "search_index.json"
        raw = path.read_bytes()
        out[lang] = {
            "raw": len(raw),
            "gzip": len(gzip.compress(raw, compresslevel=6)),
            "entries": len(json.loads(raw)["docs"]),
        }
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    from mlnotes.chromium import CHROMIUM_FLAGS, find_chromium
    from mlnotes.testing import SUBPATH, SiteServer, build_site

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs of every query (default 3)")
    ap.add_argument("--json", type=Path, default=ROOT / ".cache" / "bench-search.json")
    ap.add_argument("--queries", type=Path, default=QUERIES, help="query file (default: tests/data/search_queries.yml)")
    ap.add_argument("--site", type=Path, help="benchmark this already built site instead of building one")
    args = ap.parse_args(argv)

    chromium = find_chromium()
    if not chromium:
        print("No Chromium found: sudo apt-get install chromium, or set CHROMIUM=/path/to/chrome", file=sys.stderr)
        return 2
    queries = load_queries(args.queries)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, SiteServer(Path(tmp)) as server:
        root = Path(tmp)
        base_url = server.base_url  # bound before the build that writes it into the site
        t0 = time.perf_counter()
        if args.site:
            (root / SUBPATH).symlink_to(args.site.resolve(), target_is_directory=True)
        else:
            build_site(root / SUBPATH, base_url)
        build_s = time.perf_counter() - t0
        sizes = index_sizes(root / SUBPATH)
        server.start()
        report: dict = {
            "machine": platform.platform(),
            "chromium": chromium,
            "repeat": args.repeat,
            "build_seconds": round(build_s, 2),
            "languages": {},
        }
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, headless=True)
                report["chromium_version"] = browser.version
                for lang in LANGS:
                    ctx = browser.new_context(
                        viewport={"width": 1280, "height": 900}, locale=BROWSER_LOCALES.get(lang, lang)
                    )
                    if not queries[lang]:
                        continue
                    sp = SearchPage(ctx.new_page(), base_url, lang).open()
                    latencies, per_query, hits = [], [], 0
                    for item in queries[lang]:
                        runs = [sp.search(str(item["q"])) for _ in range(args.repeat)]
                        lat = [r.latency_ms for r in runs if r.latency_ms is not None]
                        latencies += lat
                        hit = runs[0].hit(str(item["page"]))
                        hits += hit
                        per_query.append(
                            {
                                "q": item["q"],
                                "page": item["page"],
                                "hit": hit,
                                "top": runs[0].top[:TOP],
                                "wrong_language": len(runs[0].wrong_language),
                                "median_ms": round(statistics.median(lat), 1) if lat else None,
                            }
                        )
                    ctx.close()
                    n = len(queries[lang])
                    report["languages"][lang] = {
                        "index": sizes[lang],
                        "ready_ms": round(sp.ready_ms, 1),
                        "queries": n,
                        "hits_top3": hits,
                        "hit_rate": round(hits / n, 4) if n else None,
                        "latency_ms": {
                            "median": round(statistics.median(latencies), 1),
                            "p90": round(pct(latencies, 0.9), 1),
                            "max": round(max(latencies), 1),
                            "samples": len(latencies),
                        },
                        "per_query": per_query,
                    }
                browser.close()
        finally:
            server.shutdown()
            server.server_close()

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    print(f"Search benchmark ({report['chromium_version']}, {args.repeat} runs per query, headless)")
    print(
        f"{'lang':<5}{'entries':>8}{'index raw':>11}{'gzip':>9}{'ready':>9}{'hit@3':>10}"
        f"{'median':>9}{'p90':>8}{'max':>8}"
    )
    for lang, r in report["languages"].items():
        ix, lat = r["index"], r["latency_ms"]
        print(
            f"{lang:<5}{ix['entries']:>8}{ix['raw'] / 1024:>9.1f}Ki{ix['gzip'] / 1024:>7.1f}Ki"
            f"{r['ready_ms']:>7.0f}ms{r['hits_top3']:>5}/{r['queries']:<4}"
            f"{lat['median']:>7.1f}ms{lat['p90']:>6.1f}ms{lat['max']:>6.1f}ms"
        )
    misses = [(lang, q) for lang, r in report["languages"].items() for q in r["per_query"] if not q["hit"]]
    for lang, q in misses:
        print(f"  miss [{lang}] {q['q']!r}: want {q['page']}, top {q['top']}")
    print(
        f"ready = page navigation until the search index is loaded and the worker is ready; "
        f"latency = keyup of the last key until the first result is in the DOM. JSON: {args.json}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

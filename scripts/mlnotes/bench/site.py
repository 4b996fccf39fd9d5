"""Performance budget: build time, page weight and Lighthouse scores of the site.

    .venv/bin/python scripts/bench.py                 # everything (make bench)
    .venv/bin/python scripts/bench.py --skip-lighthouse --builds 3
    .venv/bin/python scripts/bench.py --check         # exit 1 when a Lighthouse target is missed

1. **Build time** of the whole site (both languages, ``mkdocs build --strict``), wall clock of a
   fresh process as ``make build`` runs it: *cold* = first build into an empty directory after the
   project's ``__pycache__`` folders are removed; *warm* = median of the following rebuilds.
2. **Page weight**: the site is served on 127.0.0.1 under /aws-ml-notes/ by a static server that
   gzips text files (HTML, CSS, JS, JSON, SVG, XML) as GitHub Pages does. Every page is opened in
   headless Chromium with an empty cache; the bytes the server sends until the page and Material's
   search worker are idle (HTML + CSS + JS + fonts + search index + images) are the page's first
   load. Reported: each page, the home page and the heaviest page of each language.
3. **Lighthouse** (npm ``lighthouse``, pinned to LIGHTHOUSE_VERSION, installed into
   ``.cache/node/`` on first use; Debian's Chromium via CHROME_PATH; mobile preset) on the home
   page and one service page of each language, against the same gzip server. Targets:
   performance >= 95, accessibility 100, best practices >= 95, SEO >= 95.

Results: ``.cache/bench.json`` (and a Markdown summary on stdout, ``--markdown FILE`` to save it);
the full Lighthouse reports (JSON) in ``.cache/lighthouse/``.
Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mlnotes.chromium import CHROMIUM_FLAGS, HOW_TO_GET, find_chromium
from mlnotes.config import site
from mlnotes.paths import ROOT
from mlnotes.testing import BROWSER_LOCALES, SUBPATH, SiteServer

CACHE = ROOT / ".cache"
LANGS = site().locales  # default language first
PREFIXES = {lang.locale: lang.prefix for lang in site().languages}
LIGHTHOUSE_VERSION = "12.2.3"
NODE_PREFIX = CACHE / "node"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
CHROME_FLAGS = list(CHROMIUM_FLAGS)
SKIP_SERVICE = {"index", "exam-traps"}


# --------------------------------------------------------------------------------------------
# Build time
# --------------------------------------------------------------------------------------------


def build(dest: Path, site_url: str) -> float:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def remove_project_bytecode() -> None:
    for cache in ROOT.rglob("__pycache__"):
        if ".venv" not in cache.parts and "node_modules" not in cache.parts:
            shutil.rmtree(cache, ignore_errors=True)


def bench_builds(work: Path, site_url: str, runs: int) -> dict:
    dest = work / "build-timing"
    shutil.rmtree(dest, ignore_errors=True)
    remove_project_bytecode()
    cold = build(dest, site_url)
    warm = [build(dest, site_url) for _ in range(max(1, runs))]
    pages = sum(1 for _ in dest.rglob("index.html"))
    return {
        "cold_s": round(cold, 2),
        "warm_s": round(statistics.median(warm), 2),
        "warm_runs_s": [round(w, 2) for w in warm],
        "pages": pages,
        "command": "mkdocs build --strict (both languages, hooks included; wall clock of the process)",
    }


# --------------------------------------------------------------------------------------------
# A static server like GitHub Pages: gzip for text, 404.html for anything missing
# --------------------------------------------------------------------------------------------


@dataclass
class Sent:
    path: str
    status: int
    bytes: int  # body bytes on the wire (compressed when gzipped)
    raw: int  # uncompressed size
    kind: str


@dataclass
class Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    entries: list[Sent] = field(default_factory=list)
    last: float = 0.0

    def add(self, entry: Sent) -> None:
        with self.lock:
            self.entries.append(entry)
            self.last = time.monotonic()

    def take(self) -> list[Sent]:
        with self.lock:
            out, self.entries = self.entries, []
            return out


def kind_of(path: str) -> str:
    ext = Path(path).suffix.lower()
    if path.endswith("/") or ext == ".html":
        return "html"
    if ext == ".css":
        return "css"
    if ext == ".js":
        return "js"
    if ext in (".woff", ".woff2", ".ttf", ".otf"):
        return "font"
    if "search_index" in path or ext == ".json":
        return "search-index" if "search_index" in path else "json"
    if ext == ".xml":
        return "sitemap"
    if ext in (".png", ".svg", ".ico", ".jpg", ".jpeg", ".webp", ".gif"):
        return "image"
    return "other"


class GzipHandler(SimpleHTTPRequestHandler):
    log: Log
    gz_cache: dict

    def log_message(self, format, *args):  # noqa: A002 - base class signature
        pass

    def do_HEAD(self):  # noqa: N802 - base class naming
        self.respond(head=True)

    def do_GET(self):  # noqa: N802
        self.respond(head=False)

    def respond(self, head: bool) -> None:
        url_path = unquote(urlsplit(self.path).path)
        fs = Path(self.translate_path(url_path))
        if fs.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            fs = fs / "index.html"
        status = 200
        if not fs.is_file():
            status = 404
            fs = Path(self.directory) / SUBPATH / "404.html"
            if not fs.is_file():
                self.send_error(404)
                return
        raw = fs.read_bytes()
        body = raw
        gzipped = fs.suffix.lower() in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            key = str(fs)
            if key not in self.gz_cache:
                self.gz_cache[key] = gzip.compress(raw, compresslevel=6, mtime=0)
            body = self.gz_cache[key]
        ctype = mimetypes.guess_type(fs.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json", "image/svg+xml"):
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if not head:
            self.wfile.write(body)
            self.log.add(Sent(url_path, status, len(body), len(raw), kind_of(url_path)))


class Server(SiteServer):
    """Serves ``root`` (which holds ``root/aws-ml-notes``) on 127.0.0.1, gzip as GitHub Pages does,
    logging every response. Bound when made (its URL goes into the build), served from :meth:`start`."""

    def __init__(self, root: Path):
        self.log = Log()
        handler = type("Handler", (GzipHandler,), {"log": self.log, "gz_cache": {}})
        super().__init__(root, handler, ThreadingHTTPServer)


# --------------------------------------------------------------------------------------------
# Page weight
# --------------------------------------------------------------------------------------------


def chromium_or_exit() -> str:
    found = find_chromium()
    if not found:
        sys.exit(f"No Chromium found. {HOW_TO_GET}")
    return found


def page_urls(site: Path, base_url: str) -> list[tuple[str, str, str]]:
    """(language, page name, URL) of every page of the built site."""
    out = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        rel = "" if rel == "." else rel
        lang = next((lg for lg, pre in PREFIXES.items() if pre and (rel + "/").startswith(pre)), LANGS[0])
        name = rel.removeprefix(PREFIXES[lang].strip("/")).strip("/") or "index"
        if name.startswith(("assets", "search", "pdf")):
            continue
        out.append((lang, name, f"{base_url}{rel}/" if rel else base_url))
    return out


def wait_quiet(log: Log, quiet: float = 0.6, limit: float = 10.0) -> None:
    """Until the server has had no request for ``quiet`` seconds (the search worker included)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        with log.lock:
            idle = time.monotonic() - log.last
        if idle >= quiet:
            return
        time.sleep(0.05)


def bench_weights(server: Server, site: Path, base_url: str, chromium: str) -> dict:
    from playwright.sync_api import sync_playwright

    pages = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROME_FLAGS, headless=True)
        for lang, name, url in page_urls(site, base_url):
            context = browser.new_context(
                viewport={"width": 412, "height": 823}, locale=BROWSER_LOCALES.get(lang, lang)
            )
            page = context.new_page()
            server.log.take()
            page.goto(url, wait_until="load")
            wait_quiet(server.log)
            sent = server.log.take()
            context.close()
            by_kind: dict[str, int] = {}
            for s in sent:
                by_kind[s.kind] = by_kind.get(s.kind, 0) + s.bytes
            errors = [f"{s.status} {s.path}" for s in sent if s.status >= 400]
            pages.append(
                {
                    "lang": lang,
                    "page": name,
                    "url": urlsplit(url).path,
                    "requests": len(sent),
                    "bytes": sum(s.bytes for s in sent),
                    "uncompressed_bytes": sum(s.raw for s in sent),
                    "by_kind": by_kind,
                    "errors": errors,
                }
            )
        browser.close()
    summary = {}
    for lang in LANGS:
        mine = [p for p in pages if p["lang"] == lang]
        home = next(p for p in mine if p["page"] == "index")
        heaviest = max(mine, key=lambda p: p["bytes"])
        summary[lang] = {"home": home, "heaviest": heaviest}
    return {
        "method": "bytes sent by a gzip (level 6) static server until the page and the search worker are idle; "
        "empty browser cache; HTTP headers not counted",
        "summary": summary,
        "pages": pages,
    }


# --------------------------------------------------------------------------------------------
# Lighthouse
# --------------------------------------------------------------------------------------------


def lighthouse_cli() -> Path:
    cli = NODE_PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js"
    installed = NODE_PREFIX / "node_modules" / "lighthouse" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == LIGHTHOUSE_VERSION:
        return cli
    if not shutil.which("npm"):
        sys.exit("Lighthouse needs Node.js and npm (sudo apt-get install nodejs npm)")
    NODE_PREFIX.mkdir(parents=True, exist_ok=True)
    print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {NODE_PREFIX.relative_to(ROOT)} ...", file=sys.stderr)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(NODE_PREFIX),
            "--save-exact",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
    )
    return cli


def run_lighthouse(cli: Path, url: str, chromium: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": chromium}
    proc = subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=performance,accessibility,best-practices,seo",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {k: round((v.get("score") or 0) * 100) for k, v in report["categories"].items()}
    failing = {}
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing[ref["id"]] = {
                    "score": audit["score"],
                    "title": audit["title"],
                    "value": audit.get("displayValue", ""),
                }
    metric = lambda key: report["audits"].get(key, {}).get("numericValue")  # noqa: E731
    return {
        "scores": scores,
        "failing_audits": failing,
        "metrics": {
            "first_contentful_paint_ms": round(metric("first-contentful-paint") or 0),
            "largest_contentful_paint_ms": round(metric("largest-contentful-paint") or 0),
            "total_blocking_time_ms": round(metric("total-blocking-time") or 0),
            "cumulative_layout_shift": round(metric("cumulative-layout-shift") or 0, 3),
            "total_byte_weight": round(metric("total-byte-weight") or 0),
        },
        "lighthouse": report.get("lighthouseVersion"),
        "user_agent": report.get("environment", {}).get("hostUserAgent"),
        "form_factor": report.get("configSettings", {}).get("formFactor"),
    }


def median_run(runs: list[dict]) -> dict:
    """The run with the median performance score (Lighthouse's own advice for several runs)."""
    ordered = sorted(runs, key=lambda r: r["scores"].get("performance", 0))
    chosen = dict(ordered[len(ordered) // 2])
    chosen["performance_runs"] = [r["scores"].get("performance") for r in runs]
    return chosen


def bench_lighthouse(base_url: str, chromium: str, targets: list[tuple[str, str]], runs: int, work: Path) -> list[dict]:
    cli = lighthouse_cli()
    results = []
    for lang, name in targets:
        prefix = PREFIXES[lang]
        url = base_url + prefix + ("" if name == "index" else f"{name}/")
        reports = []
        for i in range(max(1, runs)):
            out = work / f"{lang}-{name}-{i + 1}.json"
            reports.append(run_lighthouse(cli, url, chromium, out))
        result = median_run(reports)
        result.update(
            {"lang": lang, "page": name, "url": f"/{SUBPATH}/{prefix}{'' if name == 'index' else name + '/'}"}
        )
        result["meets_targets"] = all(result["scores"].get(k, 0) >= v for k, v in TARGETS.items())
        results.append(result)
        print(f"lighthouse {lang:2} {name:32} {result['scores']}", file=sys.stderr)
    return results


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def kib(n: int) -> str:
    return f"{n / 1024:.1f} KiB"


def markdown(result: dict) -> str:
    lines = []
    b = result.get("build")
    if b:
        lines += [
            f"Measured {result['date']} on {result['machine']['cpus']} CPU cores, Python "
            f"{result['machine']['python']}, {result['machine'].get('chromium', '')}.",
            "",
            f"- **Build** (`mkdocs build --strict`, both languages, {b['pages']} pages): "
            f"cold {b['cold_s']:.1f} s, warm {b['warm_s']:.1f} s.",
        ]
    w = result.get("weights")
    if w:
        lines += ["", "| First load (gzip) | home page | heaviest page |", "| --- | --- | --- |"]
        for lang in LANGS:
            s = w["summary"][lang]
            h, hv = s["home"], s["heaviest"]
            lines.append(
                f"| {lang} | {kib(h['bytes'])} ({h['requests']} requests) | "
                f"{kib(hv['bytes'])} `{hv['url']}` ({hv['requests']} requests) |"
            )
    lh = result.get("lighthouse")
    if lh:
        lines += [
            "",
            f"Lighthouse {LIGHTHOUSE_VERSION} (mobile, served with gzip under `/{SUBPATH}/`):",
            "",
            "| page | performance | accessibility | best practices | SEO |",
            "| --- | --- | --- | --- | --- |",
        ]
        for r in lh:
            s = r["scores"]
            lines.append(
                f"| `{r['url']}` | {s.get('performance')} | {s.get('accessibility')} | "
                f"{s.get('best-practices')} | {s.get('seo')} |"
            )
        failing = sorted({a for r in lh for a in r["failing_audits"]})
        if failing:
            lines += ["", "Audits below 100: " + ", ".join(f"`{a}`" for a in failing)]
    return "\n".join(lines) + "\n"


def chromium_version(chromium: str) -> str:
    try:
        return subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=3, help="warm builds after the cold one (default 3)")
    parser.add_argument("--lighthouse-runs", type=int, default=1, help="Lighthouse runs per page; the median is kept")
    parser.add_argument("--service-page", default=None, help="service page for Lighthouse (default: the heaviest)")
    parser.add_argument("--skip-build-timing", action="store_true")
    parser.add_argument("--skip-weights", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--json", type=Path, default=CACHE / "bench.json")
    parser.add_argument("--markdown", type=Path, help="also write the Markdown summary to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when a Lighthouse target is missed")
    args = parser.parse_args(argv)

    chromium = chromium_or_exit()
    result: dict = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "chromium": chromium_version(chromium),
        },
        "targets": TARGETS,
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, Server(Path(tmp) / "served") as server:
        work = Path(tmp)
        base_url = server.base_url  # the port is bound before the builds write this URL into the site
        if not args.skip_build_timing:
            result["build"] = bench_builds(work, base_url, args.builds)
            print(f"build: cold {result['build']['cold_s']} s, warm {result['build']['warm_s']} s", file=sys.stderr)
        served = work / "served"
        site = served / SUBPATH
        build(site, base_url)
        server.start()
        if not args.skip_weights:
            result["weights"] = bench_weights(server, site, base_url, chromium)
        if not args.skip_lighthouse:
            service = args.service_page
            if not service:
                pages = result.get("weights", {}).get("pages", [])
                candidates = [p for p in pages if p["lang"] == LANGS[0] and p["page"] not in SKIP_SERVICE]
                service = max(candidates, key=lambda p: p["bytes"])["page"] if candidates else "kinesis"
            targets = [(lang, name) for lang in LANGS for name in ("index", service)]
            reports = CACHE / "lighthouse"
            shutil.rmtree(reports, ignore_errors=True)
            reports.mkdir(parents=True)
            result["lighthouse"] = bench_lighthouse(base_url, chromium, targets, args.lighthouse_runs, reports)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = markdown(result)
    print(summary)
    if args.markdown:
        args.markdown.write_text(summary, encoding="utf-8")
    print(f"results: {args.json}", file=sys.stderr)
    if args.check and any(not r["meets_targets"] for r in result.get("lighthouse", [])):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Helpers shared by the tests and the benchmarks (neither imports the other): a strict site build,
a loopback server bound before anything announces its URL, the HTML outline the Markdown model must
agree with, pages rendered by MkDocs for the cheat-sheet tests, and the search page driver (the
browser tests and the search benchmark run tests/data/search_queries.yml through it)."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from mlnotes.config import site
from mlnotes.paths import ROOT

SUBPATH = "aws-ml-notes"


def build_site(dest: Path, site_url: str) -> str:
    """Strict build into ``dest``; returns the build log, raises with it on failure."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout + proc.stderr


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass


class QuietServer(ThreadingHTTPServer):
    """No traceback when the browser drops a connection (a page closed while it was loading)."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class SiteServer:
    """``root`` served on 127.0.0.1 (``root/<SUBPATH>`` is the site), by ``handler``.

    The port is bound (port 0: the system picks a free one) when the object is made, so its URL is
    known, and owned, before the site is built with that ``site_url``; :meth:`start` serves it.
    """

    def __init__(self, root: Path, handler=QuietHandler, server_class=QuietServer):
        self.root = root
        self.httpd = server_class(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/{SUBPATH}/"
        self.thread: threading.Thread | None = None

    def start(self) -> SiteServer:
        if self.thread is None:
            self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
            self.thread.start()
        return self

    def close(self) -> None:
        if self.thread is not None:
            self.httpd.shutdown()
            self.thread.join(timeout=5)
        self.httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Outline(HTMLParser):
    """Heading ids and admonitions ``(type, title text)`` of rendered HTML, in document order:
    what the Markdown model (:mod:`mlnotes.markdown`) must agree with."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.heading_ids: list[str] = []
        self.admonitions: list[tuple[str, str]] = []
        self._title: list[str] | None = None
        self._title_tag = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and a.get("id"):
            self.heading_ids.append(a["id"])
        elif (tag == "div" and "admonition" in classes) or tag == "details":
            kind = next((c for c in classes if c not in ("admonition", "is-collapsible")), "")
            self.admonitions.append((kind, ""))
        elif (tag == "p" and "admonition-title" in classes) or tag == "summary":
            self._title, self._title_tag = [], tag

    def handle_endtag(self, tag):
        if self._title is not None and tag == self._title_tag:
            kind, _ = self.admonitions[-1]
            self.admonitions[-1] = (kind, " ".join("".join(self._title).split()))
            self._title = None

    def handle_data(self, data):
        if self._title is not None:
            self._title.append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def render_pages(lang_dir: Path, site_url: str):
    """Every Markdown file of one language folder rendered by MkDocs with this site's configuration
    (extensions, link rewriting), as :class:`mlnotes.cheatsheet.RenderedPage` keyed by file name.
    ``site_url``: where that language lives (``…/en/`` for English), as static-i18n builds it."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from mlnotes.cheatsheet import RenderedPage

    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(lang_dir), site_url=site_url)
    files = Files([File(p.relative_to(lang_dir).as_posix(), str(lang_dir), "", True) for p in lang_dir.rglob("*.md")])
    out = {}
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        page.render(config, files)
        out[file.src_uri] = RenderedPage(
            Path(file.src_uri).name, page.title, page.canonical_url, page.content, page.meta
        )
    return out


# ---------------------------------------------------------------- search page driver

QUERIES = ROOT / "tests" / "data" / "search_queries.yml"
LANGS = site().locales  # default language first
DEFAULT_LANG = site().default_language
TOP = 3
BROWSER_LOCALES = {"ja": "ja-JP", "en": "en-US"}  # Accept-Language of the browser per site language


def load_queries(path: Path = QUERIES) -> dict[str, list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {lang: list(data.get(lang) or []) for lang in LANGS}


def lang_root(base_url: str, lang: str) -> str:
    return base_url if lang == DEFAULT_LANG else f"{base_url}{lang}/"


def page_of(href: str, base_url: str) -> tuple[str, str]:
    """(language, page stem) of a result link: ``…/en/kinesis/?h=x#y`` -> ("en", "kinesis")."""
    path = urlsplit(href).path
    base = urlsplit(base_url).path
    rel = path[len(base) :] if path.startswith(base) else path.lstrip("/")
    lang = DEFAULT_LANG
    first = rel.split("/", 1)[0]
    if first in LANGS and first != DEFAULT_LANG:
        lang, rel = first, rel[len(first) + 1 :]
    stem = rel.strip("/").removesuffix("index.html").strip("/") or "index"
    return lang, stem


# Installed once per page load: records the keyup of the search box and the first result item.
_PROBE_JS = """() => {
  if (window.__searchProbe) return;
  const list = document.querySelector('.md-search-result__list');
  const probe = window.__searchProbe = {keyup: 0, first: 0};
  document.addEventListener('keyup', ev => {
    if (ev.target.matches && ev.target.matches('input.md-search__input')) {
      probe.keyup = performance.now(); probe.first = 0;
    }
  }, true);
  new MutationObserver(() => {
    if (!probe.first && probe.keyup && list.querySelector('.md-search-result__item'))
      probe.first = performance.now();
  }).observe(list, {childList: true});
}"""

_READY_JS = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const cfg = JSON.parse(document.getElementById('__config').textContent);
  return meta && meta.textContent.trim() === cfg.translations['search.result.placeholder'].trim();
}"""

_MARK_STALE_JS = """() => {
  const list = document.querySelector('.md-search-result__list');
  const li = document.createElement('li'); li.id = '__stale'; li.hidden = true;
  list.appendChild(li);
}"""

_RESULTS_JS = """() => {
  const items = [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')];
  return {
    top: items.map(li => li.querySelector('a.md-search-result__link')).filter(Boolean).map(a => a.href),
    links: [...document.querySelectorAll('.md-search-result__list a.md-search-result__link')].map(a => a.href),
    meta: document.querySelector('.md-search-result__meta').textContent.trim(),
    value: document.querySelector('input.md-search__input').value,
    latency: window.__searchProbe.first ? window.__searchProbe.first - window.__searchProbe.keyup : null,
  };
}"""


@dataclass
class Outcome:
    query: str
    top: list[str]  # page stems of the result items, best first ("en:x" if not ours)
    wrong_language: list[str]  # result links that belong to the other language
    latency_ms: float | None  # last keystroke -> first result item in the DOM
    value: str  # what the search box held when searching (after normalisation)
    meta: str  # Material's result count line
    links: list[str] = field(default_factory=list)

    def hit(self, page: str, top: int = TOP) -> bool:
        return page in self.top[:top]


class SearchPage:
    """Drives Material's search box on the home page of one language."""

    def __init__(self, page, base_url: str, lang: str, timeout_ms: int = 10_000):
        self.page, self.base_url, self.lang, self.timeout = page, base_url, lang, timeout_ms
        self.ready_ms: float | None = None

    def open(self, url: str | None = None) -> SearchPage:
        """Load ``url`` (default: the language's home page) and wait until search is ready."""
        start = time.perf_counter()
        self.page.goto(url or lang_root(self.base_url, self.lang))
        self.page.wait_for_function(_READY_JS, timeout=self.timeout)  # index loaded, worker ready
        self.ready_ms = (time.perf_counter() - start) * 1000
        self.page.evaluate(_PROBE_JS)
        self.box = self.page.locator("input.md-search__input")
        self.box.click()
        return self

    def search(self, query: str) -> Outcome:
        box = self.box
        if box.input_value():
            box.fill("")
            box.press("End")
            self.page.wait_for_function(_READY_JS, timeout=self.timeout)
        self.page.evaluate(_MARK_STALE_JS)
        box.fill(query)
        box.press("End")
        self.page.wait_for_function("() => !document.getElementById('__stale')", timeout=self.timeout)
        data = self.page.evaluate(_RESULTS_JS)
        top = [
            stem if lang == self.lang else f"{lang}:{stem}"  # other language: never a hit
            for lang, stem in (page_of(h, self.base_url) for h in data["top"])
        ]
        wrong = [h for h in data["links"] if page_of(h, self.base_url)[0] != self.lang]
        return Outcome(query, top, wrong, data["latency"], data["value"], data["meta"], data["links"])


# --------------------------------------------------------------------------------------------
# Benchmark

"""Helpers shared by the tests and the benchmarks (neither imports the other): a strict site build,
a loopback server bound before anything announces its URL, the HTML outline the Markdown model must
agree with, and pages rendered by MkDocs for the cheat-sheet tests."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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

"""Helpers shared by the tests and the benchmarks: a strict site build and a quiet loopback server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mlnotes.paths import ROOT

SUBPATH = "aws-ml-notes"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def render_pages(docs_dir: Path, site_url: str):
    """Every Markdown file under ``docs_dir`` rendered by MkDocs with this site's configuration
    (extensions, link rewriting), as :class:`mlnotes.cheatsheet.RenderedPage` (keyed by path)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from mlnotes.cheatsheet import RenderedPage

    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs_dir), site_url=site_url)
    files = Files([File(p.relative_to(docs_dir).as_posix(), str(docs_dir), "", True) for p in docs_dir.rglob("*.md")])
    out = {}
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        page.render(config, files)
        out[file.src_uri] = RenderedPage(
            Path(file.src_uri).name, page.title, page.canonical_url, page.content, page.meta
        )
    return out

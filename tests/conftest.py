"""Shared fixtures: a strict build of the site, served on 127.0.0.1 under a sub-path, and Chromium.

The site is built once per session with ``site_url`` pointing at the loopback server, so absolute
links (language switcher, canonical URLs, sitemap) resolve to it, and served under the same path
prefix GitHub Pages uses (``/aws-ml-notes/``).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from mlnotes.chromium import CHROMIUM_FLAGS, HOW_TO_GET, find_chromium
from mlnotes.testing import SUBPATH, QuietHandler, QuietServer, build_site, free_port

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # served document root: holds <root>/<SUBPATH> -> the built site
    site: Path  # the built site itself
    port: int
    base_url: str  # http://127.0.0.1:<port>/aws-ml-notes/
    build_log: str


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    port = free_port()
    root = tmp_path_factory.mktemp("served")
    site = root / SUBPATH
    base_url = f"http://127.0.0.1:{port}/{SUBPATH}/"
    log = build_site(site, base_url)
    return BuiltSite(root, site, port, base_url, log)


@pytest.fixture(scope="session")
def site_server(built_site: BuiltSite):
    """Serve the built site on 127.0.0.1 under /aws-ml-notes/ (a 404 for anything else)."""
    handler = functools.partial(QuietHandler, directory=str(built_site.root))
    server = QuietServer(("127.0.0.1", built_site.port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield built_site
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if not path:
        pytest.fail(f"No Chromium found for the browser tests. {HOW_TO_GET}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Screenshots and PDFs worth looking at after a run (git-ignored)."""
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path

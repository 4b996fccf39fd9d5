"""Shared fixtures: a strict build of the site, served on 127.0.0.1 under a sub-path, and Chromium.

The loopback server binds its port first; the site is then built once per session with
``site_url`` pointing at it, so absolute links (language switcher, canonical URLs, sitemap) resolve
to it, and served under the same path prefix GitHub Pages uses (``/aws-ml-notes/``).

Tests by kind: tests/unit/ (no build), tests/site/ (the one strict build: ``built_site``),
tests/browser/ (``page``, ``site_server``, ``browser``; marker ``browser``), tests/pdf/ (marker
``pdf``), fixtures and golden cases in tests/data/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from mlnotes.chromium import CHROMIUM_FLAGS, HOW_TO_GET, find_chromium
from mlnotes.testing import SUBPATH, SiteServer, build_site

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # served document root: holds <root>/<SUBPATH> -> the built site
    site: Path  # the built site itself
    port: int
    base_url: str  # http://127.0.0.1:<port>/aws-ml-notes/
    build_log: str


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The loopback server: its port is bound here, before the build writes its URL into the site."""
    server = SiteServer(tmp_path_factory.mktemp("served"))
    yield server
    server.close()


@pytest.fixture(scope="session")
def built_site(served: SiteServer) -> BuiltSite:
    site = served.root / SUBPATH
    log = build_site(site, served.base_url)
    return BuiltSite(served.root, site, served.port, served.base_url, log)


@pytest.fixture(scope="session")
def site_server(built_site: BuiltSite, served: SiteServer):
    """Serve the built site on 127.0.0.1 under /aws-ml-notes/ (a 404 for anything else)."""
    served.start()
    yield built_site


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

"""Build a small site from fixture pages with the project's real configuration (tests only).

The fixture project is a temporary folder holding ``mkdocs.yml`` (``INHERIT:`` of the real one,
with its own ``nav``), ``docs/<lang>/`` copied from the fixture pages, and links to the real
``overrides/``, stylesheets and scripts; hooks, theme and plugins are therefore exactly those of
the site. Used by tests that need pages the real docs do not have (yet), e.g. MLA-C01 badges.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from mlnotes.paths import DOCS_DIR, ROOT


def make_project(pages: Path, workdir: Path, nav: list, extra_pages: dict[str, Path] | None = None) -> Path:
    """The fixture project in ``workdir``: returns its mkdocs.yml. ``extra_pages`` maps a docs-relative
    path (``ja/mla-c01-map.md``) to a file copied in as well (e.g. a real page)."""
    import yaml

    project = workdir / "project"
    docs = project / "docs"
    shutil.copytree(pages, docs)
    for rel, src in (extra_pages or {}).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, docs / rel)
    for name in ("stylesheets", "javascripts"):
        (docs / name).symlink_to(DOCS_DIR / name, target_is_directory=True)
    (project / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    config = project / "mkdocs.yml"
    config.write_text(yaml.safe_dump({"INHERIT": str(ROOT / "mkdocs.yml"), "nav": nav}, allow_unicode=True))
    return config


def build(config: Path, dest: Path, site_url: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of a fixture project (the caller checks the return code)."""
    full_env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "--site-dir", str(dest)],
        cwd=config.parent,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )

"""Finding and starting a local Chromium: shared by the tests, the PDF builder and the benchmarks.

No browser is ever downloaded (`playwright install` is not used): ``$CHROMIUM`` (or
``$CHROME_PATH``, Lighthouse's name for it) wins, else the first Chromium-like command on PATH.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
#: Flags that work headless as root in a container with no network but loopback.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
HOW_TO_GET = (
    "Install Debian's `chromium` (sudo apt-get install chromium fonts-noto-cjk) "
    "or set CHROMIUM=/path/to/chrome. `playwright install` is not needed and not used."
)


def find_chromium(explicit: str | None = None) -> str | None:
    """Path of the Chromium to use, or None when there is none."""
    explicit = explicit or os.environ.get("CHROMIUM") or os.environ.get("CHROME_PATH")
    if explicit:
        return explicit if Path(explicit).exists() else shutil.which(explicit)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None

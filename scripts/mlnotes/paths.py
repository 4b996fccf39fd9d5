"""Where things live in the repository (the package is installed editable from its source tree)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "scripts" / "data"
DOCS_DIR = ROOT / "docs"

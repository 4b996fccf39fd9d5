#!/usr/bin/env python3
"""The project's tools in one command: ``python scripts/docs.py <command> [options]``.

    python scripts/docs.py check                 # translations, Japanese style, memo coverage
    python scripts/docs.py links --site site --offline
    python scripts/docs.py pdf --site site --no-build
    python scripts/docs.py bench                 # bench-site and bench-search
    python scripts/docs.py --help                # every command

The logic lives in ``mlnotes.cli`` (scripts/mlnotes/cli.py).
"""

from __future__ import annotations

import sys

from mlnotes.cli import main

if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Check the AWS documentation links of the built site.

    python scripts/check_links.py [--site DIR] [--url URL ...] [--url-file FILE]
        [--host PATTERN ...] [--format text|json|markdown] [--output FILE]
        [--cache FILE] [--max-age DURATION] [--no-cache] [--timeout S] [--retries N]
        [--concurrency N] [--per-host N] [--offline] [--strict]
        [--ignore-notice URL ...] [--ignore-file FILE]

Unlike generic link checkers it treats AWS's soft 404s (redirects to a guide's landing page,
"page not found" pages) as broken, fetches each page once for all its fragments, and is polite
to AWS (per-host limits, Retry-After, an honest User-Agent). ``--offline`` makes no request and
checks https, tracking parameters, the language of docs links and known-dead URL shapes.

It also reports what the cited pages announce (notices: availability, end of support, rename,
title change), and whether the citing section already has a ``!!! changed`` note for it.

Exit status: 0 nothing broken, 1 broken links, missing fragments or an unacknowledged notice
(``--strict``: any status but ok), 2 bad arguments, unreadable site, broken cache or ignore
file. See ``--help``.

The logic lives in ``mlnotes.linkcheck`` (scripts/mlnotes/linkcheck/).
"""

from __future__ import annotations

import sys

from mlnotes.linkcheck.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())

"""AWS documentation link checker for the aws-ml-notes site.

The command-line entry point is ``scripts/check_links.py``.  The package is split so
that the decisions can be tested without a network:

- :mod:`linkcheck.model`    statuses, result records, durations (pure data)
- :mod:`linkcheck.urls`     URL normalisation, host allowlist, locale prefixes (pure)
- :mod:`linkcheck.htmlscan` HTML parsing: content-area links, ids, titles, refreshes (pure)
- :mod:`linkcheck.classify` soft-404 rules, page classification, fragment resolution (pure)
- :mod:`linkcheck.site`     reading the built MkDocs site and mapping pages to Markdown
- :mod:`linkcheck.offline`  offline rules (https, tracking, language, dead patterns) (pure)
- :mod:`linkcheck.cache`    the JSON result cache
- :mod:`linkcheck.net`      HTTP: per-host limiter, connection pool, retries, redirects
- :mod:`linkcheck.report`   text / JSON / Markdown reports and the progress bar
- :mod:`linkcheck.cli`      argument parsing and orchestration (``main``)
"""

__version__ = "1.0"

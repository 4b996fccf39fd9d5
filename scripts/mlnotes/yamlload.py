"""The YAML loader every data file and front matter goes through: PyYAML's safe loader, in C.

PyYAML's pure-Python scanner was most of the build time (about 300 front matter blocks and data
files per build); libyaml (``CSafeLoader``) parses the same YAML with the same safe constructors and
the same error marks. Where PyYAML was built without libyaml, the Python loader is used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader


def load(text: str, path: Path | str, error: Callable[[Path | str, int, str], Exception], loader=SafeLoader):
    """``text`` parsed with ``loader``; invalid YAML raises ``error(path, line, message)``."""
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader (or a subclass of one)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise error(path, mark.line + 1 if mark else 1, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None

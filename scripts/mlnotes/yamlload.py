"""The YAML loader every data file and front matter goes through: PyYAML's safe loader, in C.

PyYAML's pure-Python scanner was most of the build time (about 300 front matter blocks and data
files per build); libyaml (``CSafeLoader``) parses the same YAML with the same safe constructors and
the same error marks. Where PyYAML was built without libyaml, the Python loader is used.
"""

from __future__ import annotations

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader

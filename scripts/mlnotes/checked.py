"""The ``checked: YYYY-MM-DD`` front matter of every page: when it was last checked against AWS docs.

Pure functions over a parsed :class:`~mlnotes.markdown.Page`. Used by the build hook (which fails
the build on a missing or malformed date), the front matter check, the translation check (same
date in both languages) and whatever shows the date (the page template reads ``page.meta.checked``;
the PDF cheat sheet can call :func:`checked_date` and :func:`label`).
"""

from __future__ import annotations

import datetime as dt
import re

from mlnotes.markdown import Page, PageError

KEY = "checked"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: ``extra.ui`` key of the label shown before the date (mkdocs.yml, one per language).
UI_LABEL = "checked_label"
DEFAULT_LABELS = {"ja": "最終確認日", "en": "Last checked against AWS docs"}


def front_matter_line(page: Page, key: str, after: int = 0) -> int:
    """1-based line of ``key:`` in the page's front matter (searched from line ``after`` on), else 1."""
    if not page.lines or page.lines[0].strip() != "---":
        return 1
    pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:")
    for number, text in enumerate(page.lines[1:], start=2):
        if text.strip() == "---":
            break
        if number > after and pattern.match(text):
            return number
    return 1


def parse_date(value) -> dt.date | None:
    """A front matter value as a date: a YAML date or a ``YYYY-MM-DD`` string; None if it is neither."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def checked_date(page: Page) -> dt.date | None:
    """The page's ``checked:`` date, None when the key is absent. Raises PageError when malformed."""
    if KEY not in page.meta:
        return None
    value = page.meta[KEY]
    date = parse_date(value)
    if date is None:
        raise PageError(
            page.path, front_matter_line(page, KEY), f"`checked: {value}` is not a date: write `checked: YYYY-MM-DD`"
        )
    return date


def check_page(page: Page, required: bool) -> list[PageError]:
    """Problems with the page's ``checked:`` (a missing key only counts when ``required``)."""
    try:
        date = checked_date(page)
    except PageError as exc:
        return [exc]
    if date is None and required:
        return [
            PageError(page.path, 1, "front matter has no `checked: YYYY-MM-DD` (the date the page was last checked)")
        ]
    return []


def compare_pair(ja: Page, en: Page) -> list[PageError]:
    """Both languages must give the same date (a malformed one is reported by :func:`check_page`)."""
    try:
        a, b = checked_date(ja), checked_date(en)
    except PageError:
        return []
    if a is None and b is None:
        return []
    if a != b:
        return [
            PageError(
                en.path,
                front_matter_line(en, KEY),
                f"`checked:` is {b or 'missing'} here but {a or 'missing'} in {ja.path}: use the same date",
            )
        ]
    return []


def label(ui: dict | None, lang: str) -> str:
    """The label shown before the date, from ``extra.ui`` (fallback: the built-in one of the language)."""
    return str((ui or {}).get(UI_LABEL) or DEFAULT_LABELS.get(lang, DEFAULT_LABELS["en"]))

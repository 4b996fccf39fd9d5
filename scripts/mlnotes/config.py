"""The site's languages and interface strings, read from ``mkdocs.yml`` (one place for both).

* Languages and the default language: the ``i18n`` plugin's ``languages:`` list.
* Interface strings per language: ``extra: ui:`` holds the default language's strings; every other
  language sets the same keys in its i18n entry's ``extra: ui:`` (mkdocs-static-i18n applies a
  language's ``extra`` while it builds that language). Templates read ``config.extra.ui``; hooks
  call :func:`ui` with the build's config; scripts and tests use :func:`load` (mkdocs' own config
  loader, ``!ENV`` tags and plugin options included).

Other settings that must live in one place: :data:`MAX_PAGES`, the page budget of each PDF cheat sheet.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from mlnotes.paths import ROOT

MKDOCS_YML = ROOT / "mkdocs.yml"
#: Printed A4 pages per language of the PDF cheat sheet (mlnotes.pdf picks the detail level that fits).
MAX_PAGES = 4


@dataclass(frozen=True)
class Language:
    locale: str  # "ja", "en"
    name: str  # what the language switcher shows
    default: bool
    link: str  # "/" for the default language, "/en/" for English
    ui: dict = field(default_factory=dict, compare=False)

    @property
    def prefix(self) -> str:
        """The language's folder in the built site: "" for the default language, "en/" for English."""
        return "" if self.default else self.link.strip("/") + "/"


@dataclass(frozen=True)
class Site:
    languages: tuple[Language, ...]
    nav: list = field(default_factory=list, compare=False)
    site_url: str = ""  # `site_url` (the SITE_URL environment variable when set)

    @property
    def default(self) -> Language:
        return next(lang for lang in self.languages if lang.default)

    @property
    def default_language(self) -> str:
        return self.default.locale

    @property
    def locales(self) -> tuple[str, ...]:
        """Every built language, the default language first."""
        return tuple(lang.locale for lang in sorted(self.languages, key=lambda lang: not lang.default))

    def language(self, locale: str) -> Language:
        return next(lang for lang in self.languages if lang.locale == locale)

    def ui(self, locale: str) -> dict:
        return self.language(locale).ui


def languages_of(config) -> tuple[Language, ...]:
    """The built languages of a loaded MkDocs config (``i18n`` plugin), each with its interface strings."""
    i18n = config.plugins.get("i18n")
    base_ui = dict((config.extra or {}).get("ui") or {})
    if i18n is None:  # a one-language site: the theme's language
        return (Language(config.theme["language"], config.theme["language"], True, "/", base_ui),)
    out = []
    for lang in i18n.config.languages:
        if not lang.build:
            continue
        # like static-i18n: a language's `extra: ui:` replaces the default one as a whole
        ui = dict(((lang.extra or {}) if not lang.default else {}).get("ui") or base_ui)
        out.append(Language(lang.locale, lang.name, bool(lang.default), lang.link, ui))
    return tuple(out)


def load(path: Path = MKDOCS_YML) -> Site:
    """Read ``mkdocs.yml`` with MkDocs' config loader (no build)."""
    from mkdocs.config import load_config

    config = load_config(str(path))
    return Site(languages_of(config), list(config.get("nav") or []), config.site_url or "")


@functools.cache
def site() -> Site:
    """This repository's ``mkdocs.yml``, read once per process (for scripts and tests, not hooks)."""
    return load()


# -------------------------------------------------------------------------- during a build (hooks)


def build_language(config) -> str:
    """The language being built (static-i18n sets the theme language of each build)."""
    return config.theme["language"]


def default_language(config) -> str:
    i18n = config.plugins.get("i18n")
    return (i18n.default_language if i18n is not None else None) or config.theme["language"]


def ui(config) -> dict:
    """Interface strings of the language being built: ``extra.ui`` after static-i18n's overrides."""
    strings = (config.extra or {}).get("ui")
    if not isinstance(strings, dict):
        raise KeyError("mkdocs.yml: `extra: ui:` (interface strings) is missing")
    return strings

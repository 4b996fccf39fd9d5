"""MkDocs hook: one search index per language, and a 404 page per language.

mkdocs-static-i18n builds every language into the same site and merges all search entries into
ONE ``search/search_index.json``, with the ``lang`` list of every language (``["ja", "en"]``).
A Japanese reader then gets English pages (and the other way round), and the Japanese
segmenter is applied to English text. After the i18n plugin has finished, this hook:

1. splits the merged index by the language folder of each entry (``en/…`` → ``en``) and writes
   ``search/search_index.json`` (default language) and ``<lang>/search/search_index.json``
   (other languages, locations made relative to ``<lang>/``), each with its own ``lang`` and
   Material's ``pipeline`` for that language; the ``separator`` from mkdocs.yml is kept.
   ``overrides/main.html`` points Material's ``base`` of a non-default-language page at
   ``<lang>/``, so the page loads the index of its own language and resolves result links in it,
   and points the search worker at ``assets/javascripts/workers/search-i18n.js`` (query-side
   width folding and Japanese segmentation, see that file).
2. keeps the 404 page of every language: each language build renders ``404.html`` into the
   site root, so the last build won. The default language's page is written to ``404.html``
   (what GitHub Pages serves for every missing path), the others to ``<lang>/404.html``
   (``overrides/404.html`` holds the localised text). Its language switcher links to the home
   pages (static-i18n leaves the alternates of the last page built). Each language's page is kept
   on the build's config until the outer build ends (no module state).

Registered after static-i18n's ``on_post_build`` (priority -100) and runs only once, at the
very end of the outer build.
"""

from __future__ import annotations

import json
import logging
from copy import deepcopy
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.search_index")

INDEX = Path("search") / "search_index.json"
# Languages lunr-languages (shipped with Material) can stem/segment; anything else falls back to en
LUNR_LANGS = {
    "ar",
    "da",
    "de",
    "du",
    "el",
    "es",
    "fi",
    "fr",
    "he",
    "hi",
    "hu",
    "hy",
    "it",
    "ja",
    "kn",
    "ko",
    "nl",
    "no",
    "pt",
    "ro",
    "ru",
    "sa",
    "sv",
    "ta",
    "te",
    "th",
    "tr",
    "vi",
    "zh",
}


def _404_pages(config) -> dict[str, str]:
    """The 404 page of each language built so far, kept on the config the nested builds share."""
    return vars(config).setdefault("_mlnotes_404_pages", {})


def _i18n(config):
    return config.plugins.get("i18n")


def _prefixes(i18n) -> dict[str, str]:
    """locale -> folder prefix in the site ("" for the default language, "en/" for English)."""
    out = {}
    for lang in i18n.config.languages:
        if lang.build:
            out[lang.locale] = "" if lang.default else lang.link.strip("/") + "/"
    return out


def _material_setting(config, locale: str, key: str) -> str:
    """A value from Material's language partial (e.g. ``search.config.pipeline``) for ``locale``."""
    env = config.theme.get_env()
    fake = {"theme": {"language": locale}}
    try:
        module = env.get_template("partials/language.html", None, {"config": fake}).module
        return str(module.t(key))
    except Exception:  # unknown language partial: Material's English default
        module = env.get_template("partials/language.html", None, {"config": {"theme": {"language": "en"}}}).module
        return str(module.t(key))


def language_of(location: str, prefixes: dict[str, str]) -> str:
    """The locale an index entry belongs to, from its location (longest folder prefix wins)."""
    default = next(loc for loc, p in prefixes.items() if p == "")
    for locale, prefix in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if prefix and location.startswith(prefix):
            return locale
    return default


def split_index(data: dict, prefixes: dict[str, str], pipelines: dict[str, list[str]]) -> dict[str, dict]:
    """Split a merged Material search index into one index per locale (pure function).

    Locations of a non-default language are made relative to its folder, because its pages set
    Material's ``base`` to that folder.
    """
    out: dict[str, dict] = {}
    for locale in prefixes:
        cfg = dict(data["config"])
        cfg["lang"] = [locale if locale in LUNR_LANGS else "en"]
        cfg["pipeline"] = pipelines.get(locale, cfg.get("pipeline", []))
        out[locale] = {"config": cfg, "docs": []}
    for doc in data["docs"]:
        locale = language_of(doc["location"], prefixes)
        doc = dict(doc)
        doc["location"] = doc["location"][len(prefixes[locale]) :]
        out[locale]["docs"].append(doc)
    return out


def on_template_context(context, template_name, config):
    # The 404 page is not a Page: static-i18n leaves config.extra.alternate pointing at the alternates
    # of the last page built. Point the switcher at the home page of each language instead.
    i18n = _i18n(config)
    if template_name == "404.html" and i18n is not None and i18n.extra_alternate:
        # static-i18n sets it both as an item and as an attribute (which Jinja reads first)
        config.extra["alternate"] = deepcopy(i18n.extra_alternate)
        config.extra.alternate = config.extra["alternate"]
    return context


def on_post_template(output, template_name, config):
    i18n = _i18n(config)
    if template_name == "404.html" and i18n is not None:
        _404_pages(config)[i18n.current_language] = output
    return output


@event_priority(-200)  # after static-i18n (-100), which builds the other languages and merges the index
def on_post_build(config):
    i18n = _i18n(config)
    if i18n is None or i18n.building:  # nested build of another language: wait for the outer one
        return
    site = Path(config.site_dir)
    prefixes = _prefixes(i18n)

    # 1. search index per language
    merged_path = site / INDEX
    if merged_path.is_file():
        data = json.loads(merged_path.read_text(encoding="utf-8"))
        pipelines = {
            loc: [
                p for p in (s.strip() for s in _material_setting(config, loc, "search.config.pipeline").split(",")) if p
            ]
            for loc in prefixes
        }
        for locale, index in split_index(data, prefixes, pipelines).items():
            path = site / prefixes[locale] / INDEX
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            log.info(f"search index '{locale}': {len(index['docs'])} entries -> {path.relative_to(site)}")

    # 2. 404 page per language
    for locale, html in vars(config).pop("_mlnotes_404_pages", {}).items():
        if locale in prefixes:
            path = site / prefixes[locale] / "404.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")

"""mlnotes.config: languages and interface strings from mkdocs.yml (MkDocs' own config loader)."""

from __future__ import annotations

from mlnotes import config


def test_languages_come_from_the_i18n_block():
    site = config.load()
    assert site.locales == ("ja", "en")
    assert site.default_language == "ja"
    assert [lang.prefix for lang in site.languages] == ["", "en/"]


def test_every_language_has_every_interface_string():
    site = config.load()
    default = site.ui(site.default_language)
    assert default, "mkdocs.yml: extra: ui: is empty"
    for lang in site.languages:
        if lang.default:
            continue
        # static-i18n replaces `extra.ui` as a whole while it builds a language: no key may be missing
        assert set(default) <= set(lang.ui), f"{lang.locale}: missing {sorted(set(default) - set(lang.ui))}"
        assert "notfound_pointer" in lang.ui
        assert all(isinstance(v, str) and v for v in lang.ui.values())


def test_strings_are_in_the_language_of_their_site():
    site = config.load()
    assert site.ui("ja")["traps_changes"] == "試験当時からの変更・訂正"
    assert site.ui("en")["traps_changes"] == "Changed or corrected since the exam"


def test_max_pages_is_the_budget_of_the_pdf_command():
    from mlnotes import pdf

    assert config.MAX_PAGES == 4
    assert pdf.build_pdfs.__kwdefaults__["max_pages"] == config.MAX_PAGES

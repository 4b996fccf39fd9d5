"""Printing a normal page (Ctrl+P): content only, admonitions shown, collapsed blocks open,
no blank trailing page (docs/stylesheets/print.css, docs/javascripts/print.js).

Screenshots of the print-emulated pages go to ``test-artifacts/print-<lang>-<page>.png``.
"""

from __future__ import annotations

import io
import re

import pytest

pytestmark = pytest.mark.browser

# A page with traps and change notes in each language
PAGES = {"ja": "kinesis/", "en": "en/kinesis/"}

# Site chrome that must not be printed
CHROME = {
    "header": ".md-header",
    "tabs": ".md-tabs",
    "navigation sidebar": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "footer": ".md-footer",
    "back to top": ".md-top",
    "palette toggle": "[data-md-component=palette]",
    "PDF button": ".md-cheatsheet-link",
}


def _visible(page, selector: str) -> list[bool]:
    return page.eval_on_selector_all(
        selector,
        """(els) => els.map((e) => {
        // checkVisibility: false inside display:none and inside closed <details> content
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && e.checkVisibility({visibilityProperty: true});
    })""",
    )


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_print_shows_the_content_only(page, site_server, artifacts_dir, lang):
    page.goto(site_server.base_url + PAGES[lang], wait_until="load")
    # on screen, the chrome is there (so the print check below means something)
    for name in ("header", "navigation sidebar", "PDF button"):
        assert any(_visible(page, CHROME[name])), f"{name} not visible on screen"
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts_dir / f"print-{lang}-kinesis.png"), full_page=True)
    shown = {name: sel for name, sel in CHROME.items() if any(_visible(page, sel))}
    assert shown == {}, f"printed: {sorted(shown)}"
    # admonitions: every trap and change note is printed, with its title
    for kind in ("trap", "changed"):
        flags = _visible(page, f".md-typeset .admonition.{kind}")
        assert flags and all(flags), f"{kind}: {flags}"
        assert all(_visible(page, f".md-typeset .admonition.{kind} > .admonition-title"))
    # the content starts at the left edge of the printable area (no sidebar column left)
    left = page.eval_on_selector("article.md-content__inner", "(e) => e.getBoundingClientRect().left")
    assert left < 40, f"content starts at x={left}px"
    # and keeps a tinted border in print (trap solid, change dashed)
    styles = page.eval_on_selector_all(
        ".md-typeset .admonition.trap, .md-typeset .admonition.changed",
        "(els) => els.map((e) => getComputedStyle(e).borderLeftStyle)",
    )
    assert set(styles) == {"solid", "dashed"}


def test_collapsed_blocks_print_open(page, site_server):
    page.goto(site_server.base_url + PAGES["en"], wait_until="load")
    page.evaluate("""() => {
        const d = document.createElement('details');
        d.className = 'note';
        d.innerHTML = '<summary>Collapsed</summary><p id="inside">Printed anyway</p>';
        document.querySelector('article.md-content__inner').append(d);
    }""")
    assert _visible(page, "#inside") == [False]  # collapsed on screen
    # CSS (print.css): shown in print media even while closed
    page.emulate_media(media="print")
    assert _visible(page, "#inside") == [True]
    page.emulate_media(media="screen")
    # JS (print.js): opened before printing, closed again afterwards (other browsers)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.eval_on_selector("details.note", "(d) => d.open") is True
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.eval_on_selector("details.note", "(d) => d.open") is False


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_printed_page_has_no_blank_trailing_page(page, site_server, lang):
    from pypdf import PdfReader

    page.goto(site_server.base_url + PAGES[lang], wait_until="load")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    texts = [re.sub(r"\s+", "", p.extract_text() or "") for p in reader.pages]
    assert all(len(t) > 20 for t in texts), [len(t) for t in texts]
    # the site chrome is not in the printout (tabs / footer labels), the content is
    title = page.eval_on_selector("article h1", "(e) => e.textContent")
    assert re.sub(r"\s+", "", title.replace("¶", "")) in texts[0]
    footer_nav = page.eval_on_selector_all(".md-footer__title", "(els) => els.map((e) => e.textContent.trim())")
    for label in footer_nav:
        assert re.sub(r"\s+", "", label) not in texts[-1][-200:]


def test_dark_scheme_prints_dark_text_on_white(page, site_server):
    page.emulate_media(color_scheme="dark")
    page.goto(site_server.base_url + PAGES["ja"], wait_until="load")
    assert page.eval_on_selector("body", "(b) => b.getAttribute('data-md-color-scheme')") == "slate"
    page.emulate_media(media="print", color_scheme="dark")
    colors = page.evaluate("""() => {
        const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const text = rgb(getComputedStyle(document.querySelector('.md-typeset p')).color);
        const bg = rgb(getComputedStyle(document.body).backgroundColor);
        return {text, bg};
    }""")
    assert max(colors["text"]) < 100, colors  # dark text
    assert min(colors["bg"]) > 240, colors  # on white

/*
 * Two small additions to Material for MkDocs (no dependencies, no network requests).
 *
 * 1. Search query width normalisation. Material reads the search box on `keyup`; just before it
 *    does (capture phase), the value is folded with Unicode NFKC, so full-width Latin letters and
 *    digits (ＳａｇｅＭａｋｅｒ, ２０４８) become half-width and half-width katakana (ｼｬｰﾄﾞ)
 *    becomes full-width, the forms the pages (and so the index) use. The full-width tilde ～ is
 *    mapped to 〜 first, because NFKC would turn it into `~`, lunr's fuzzy-match operator.
 *    Nothing is changed while an IME composition is in progress.
 *
 * 2. The language switcher keeps the #anchor. Material's switcher links point at the same page in
 *    the other language but drop `location.hash`; heading ids are identical in both languages, so
 *    the hash is appended to the switcher links (on load, on hashchange and on click).
 */
(function () {
  "use strict";

  /* 1. Search query normalisation ------------------------------------------------------------ */
  var composing = false;

  function normalise(value) {
    return value.replace(/\uFF5E/g, "\u301C").normalize("NFKC");
  }

  function isSearchInput(el) {
    return el instanceof HTMLInputElement && el.classList.contains("md-search__input");
  }

  function fold(ev) {
    var el = ev.target;
    if (!isSearchInput(el) || composing || ev.isComposing) return;
    var value = el.value;
    var next = normalise(value);
    if (next === value) return;
    var caret = el.selectionStart === null ? value.length : el.selectionStart;
    var pos = normalise(value.slice(0, caret)).length;
    el.value = next;
    el.setSelectionRange(pos, pos);
  }

  document.addEventListener("compositionstart", function () { composing = true; }, true);
  document.addEventListener("compositionend", function (ev) { composing = false; fold(ev); }, true);
  ["keydown", "keyup", "focus", "change"].forEach(function (type) {
    document.addEventListener(type, fold, true);
  });

  /* 2. Language switcher keeps the anchor ----------------------------------------------------- */
  var SWITCHER = "a.md-select__link[hreflang]";

  function withHash(link) {
    var url = new URL(link.href, location.href);
    url.hash = location.hash;
    link.href = url.href;
  }

  function updateSwitcher() {
    Array.prototype.forEach.call(document.querySelectorAll(SWITCHER), withHash);
  }

  updateSwitcher();
  window.addEventListener("hashchange", updateSwitcher);
  document.addEventListener("click", function (ev) {
    var link = ev.target instanceof Element ? ev.target.closest(SWITCHER) : null;
    if (!link) return;
    withHash(link);
    /* Let the browser follow the link: Material's own switcher handler (which rebuilds the URL
       from sitemaps) would otherwise take over. */
    ev.stopPropagation();
  }, true);
})();

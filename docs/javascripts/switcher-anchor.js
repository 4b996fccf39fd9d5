/*
 * The language switcher keeps the #anchor (no dependencies, no network requests).
 *
 * Material's switcher links point at the same page in the other language (mkdocs-static-i18n)
 * but drop `location.hash`. Heading ids are identical in both languages, so the current hash is
 * appended to the switcher links: on load, on hashchange and on click (so middle-click, "copy
 * link" and keyboard activation get it too). On click, Material's own switcher handler (which
 * rebuilds the URL from sitemaps) is kept out of the way and the browser follows the link.
 */
(function () {
  "use strict";
  var SWITCHER = "a.md-select__link[hreflang]";

  function withHash(link) {
    var url = new URL(link.href, location.href);
    url.hash = location.hash;
    link.href = url.href;
  }

  function update() {
    Array.prototype.forEach.call(document.querySelectorAll(SWITCHER), withHash);
  }

  update();
  window.addEventListener("hashchange", update);
  document.addEventListener("click", function (ev) {
    var link = ev.target instanceof Element ? ev.target.closest(SWITCHER) : null;
    if (!link) return;
    withHash(link);
    ev.stopPropagation();
  }, true);
})();

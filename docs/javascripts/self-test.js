/* Self-test page (loaded only by the template overrides/self-test.html; no third-party code).
 *
 * Reads the card data of the page's language (selftest/cards-<lang>.json, written at build time from
 * the cards in the pages; URL in #st[data-cards]), lets the reader filter (page, kind, MLA-C01 domain,
 * status) and shuffle, shows a question, reveals the answer, the explanation and a link to the section,
 * and records "knew it" / "didn't" per card in localStorage (#st[data-store], one key per language).
 * Keyboard: Space reveals, 1 = knew it, 2 = didn't; focus moves to the answer, then to the next question.
 */
(function () {
  "use strict";

  var app = document.getElementById("st");
  if (!app) return;

  function byId(id) {
    return document.getElementById(id);
  }
  var S = JSON.parse(byId("st-strings").textContent);
  var el = {
    filters: byId("st-filters"),
    page: byId("st-page"),
    kind: byId("st-kind"),
    domain: byId("st-domain"),
    status: byId("st-status"),
    shuffle: byId("st-shuffle"),
    count: byId("st-count"),
    card: byId("st-card"),
    kindLabel: byId("st-kind-label"),
    pos: byId("st-pos"),
    q: byId("st-q"),
    reveal: byId("st-reveal"),
    answer: byId("st-answer"),
    a: byId("st-a"),
    title: byId("st-title"),
    e: byId("st-e"),
    link: byId("st-link"),
    where: byId("st-where"),
    knew: byId("st-knew"),
    didnt: byId("st-didnt"),
    done: byId("st-done"),
    doneText: byId("st-done-text"),
    again: byId("st-again"),
    keys: byId("st-keys"),
    progressBox: byId("st-progress-box"),
    progress: byId("st-progress"),
    reset: byId("st-reset"),
    live: byId("st-live")
  };
  var root = app.getAttribute("data-root") || "./";
  var storeKey = app.getAttribute("data-store");
  var state = { cards: [], pages: [], titles: {}, queue: [], pos: 0, revealed: false, marks: {} };

  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : m;
    });
  }

  function setIfChanged(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /* Text with `code` spans, built from text nodes (never innerHTML); left alone when it is already
     there (the first card, rendered by the build), so that nothing is laid out again. */
  function setText(node, text) {
    var parts = String(text || "").split("`");
    var codes = parts.filter(function (part, i) {
      return part && i % 2;
    }).length;
    if (node.textContent === parts.join("") && node.getElementsByTagName("code").length === codes) return;
    node.textContent = "";
    parts.forEach(function (part, i) {
      if (!part) return;
      if (i % 2) {
        var code = document.createElement("code");
        code.textContent = part;
        node.appendChild(code);
      } else {
        node.appendChild(document.createTextNode(part));
      }
    });
  }

  /* Move focus without hiding the card under the sticky header (scroll-margin-top in the CSS). */
  function focusIn(node) {
    node.focus({ preventScroll: true });
    (node === el.done ? el.done : el.card).scrollIntoView({ block: "nearest" });
  }

  function announce(text) {
    el.live.textContent = "";
    window.setTimeout(function () {
      el.live.textContent = text;
    }, 30);
  }

  /* ---- storage: {marks: {cardId: "knew" | "didnt"}} under one key per language ---- */
  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(storeKey) || "null");
      return data && data.marks && typeof data.marks === "object" ? data.marks : {};
    } catch (err) {
      return {};
    }
  }
  function save() {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify({ marks: state.marks }));
    } catch (err) {
      /* storage full or disabled: the session still works */
    }
  }

  /* ---- the queue ---- */
  function matches(card) {
    var page = el.page.value;
    var kind = el.kind.value;
    var domain = el.domain.value;
    var status = el.status.value;
    var mark = state.marks[card.id];
    if (page && card.page !== page) return false;
    if (kind && card.kind !== kind) return false;
    if (domain === "mls" && !card.mls) return false;
    if (domain && domain !== "mls" && card.domains.indexOf(domain) < 0) return false;
    if (status === "open" && mark === "knew") return false;
    if (status === "missed" && mark !== "didnt") return false;
    return true;
  }

  function rebuild(shuffle) {
    var queue = state.cards.filter(matches);
    if (shuffle) {
      for (var i = queue.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1));
        var tmp = queue[i];
        queue[i] = queue[j];
        queue[j] = tmp;
      }
    }
    state.queue = queue;
    state.pos = 0;
    setIfChanged(el.count, fmt(S.count, { count: queue.length }));
  }

  function current() {
    return state.queue[state.pos] || null;
  }

  function show(focus) {
    var card = current();
    state.revealed = false;
    el.answer.hidden = true;
    el.reveal.hidden = false;
    if (!card) {
      el.card.hidden = true;
      el.keys.hidden = true;
      el.done.hidden = false;
      el.doneText.textContent = state.queue.length ? S.done : S.empty;
      el.again.hidden = !state.queue.length;
      if (focus) focusIn(el.done);
      return;
    }
    el.done.hidden = true;
    el.card.hidden = false;
    el.keys.hidden = false;
    if (el.card.getAttribute("data-kind") !== card.kind) el.card.setAttribute("data-kind", card.kind);
    setIfChanged(el.kindLabel, S["kind_" + card.kind] || card.kind);
    setIfChanged(el.pos, fmt(S.position, { n: state.pos + 1, total: state.queue.length }));
    setText(el.q, card.q);
    if (focus) focusIn(el.q);
  }

  function reveal() {
    var card = current();
    if (!card || state.revealed) return;
    state.revealed = true;
    setText(el.a, card.a);
    setText(el.title, card.title);
    el.title.hidden = !card.title;
    setText(el.e, card.e);
    el.link.href = root + card.page + "/" + (card.anchor ? "#" + card.anchor : "");
    var page = state.titles[card.page] || card.page;
    el.where.textContent = card.heading && card.heading !== page ? "(" + page + " › " + card.heading + ")" : "(" + page + ")";
    el.reveal.hidden = true;
    el.answer.hidden = false;
    focusIn(el.answer);
  }

  function mark(result) {
    var card = current();
    if (!card || !state.revealed) return;
    state.marks[card.id] = result;
    save();
    renderProgress();
    announce(result === "knew" ? S.marked_knew : S.marked_didnt);
    state.pos += 1;
    show(true);
  }

  /* ---- progress per page ---- */
  function cell(row, content, header) {
    var td = document.createElement(header ? "th" : "td");
    if (header) td.setAttribute("scope", "row");
    if (typeof content === "string" || typeof content === "number") td.textContent = String(content);
    else td.appendChild(content);
    row.appendChild(td);
    return td;
  }

  function progressRows() {
    var rows = state.pages.map(function (p) {
      return { slug: p.slug, title: p.title, total: 0, knew: 0, didnt: 0 };
    });
    var bySlug = {};
    rows.forEach(function (r) {
      bySlug[r.slug] = r;
    });
    var all = { slug: "", title: S.progress_all, total: 0, knew: 0, didnt: 0 };
    state.cards.forEach(function (card) {
      var row = bySlug[card.page];
      var mark = state.marks[card.id];
      [row, all].forEach(function (r) {
        if (!r) return;
        r.total += 1;
        if (mark === "knew") r.knew += 1;
        if (mark === "didnt") r.didnt += 1;
      });
    });
    return rows.concat([all]);
  }

  function barLabel(r) {
    return fmt(S.progress_bar, { title: r.title, knew: r.knew, total: r.total });
  }

  /* The rows the build rendered (or the previous call) are updated in place when they are the same
     pages, so that the table does not change size or get rebuilt on every mark. */
  function updateRows(rows) {
    var trs = el.progress.children;
    if (trs.length !== rows.length) return false;
    for (var i = 0; i < rows.length; i++) {
      if (trs[i].getAttribute("data-page") !== (rows[i].slug || "all") || trs[i].children.length !== 4) return false;
    }
    rows.forEach(function (r, i) {
      var cells = trs[i].children;
      var bar = cells[0].querySelector("progress");
      if (!bar) return;
      bar.max = r.total || 1;
      bar.value = r.knew;
      if (bar.getAttribute("aria-label") !== barLabel(r)) bar.setAttribute("aria-label", barLabel(r));
      setIfChanged(cells[1], String(r.knew));
      setIfChanged(cells[2], String(r.didnt));
      setIfChanged(cells[3], String(r.total));
    });
    return true;
  }

  function renderProgress() {
    var rows = progressRows();
    if (updateRows(rows)) return;
    el.progress.textContent = "";
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-page", r.slug || "all");
      var name = document.createElement("span");
      if (r.slug) {
        var a = document.createElement("a");
        a.href = root + r.slug + "/";
        a.textContent = r.title;
        name.appendChild(a);
      } else {
        tr.className = "st-total";
        name.textContent = r.title;
      }
      var bar = document.createElement("progress");
      bar.max = r.total || 1;
      bar.value = r.knew;
      bar.setAttribute("aria-label", barLabel(r));
      name.appendChild(bar);
      cell(tr, name, true);
      cell(tr, r.knew);
      cell(tr, r.didnt);
      cell(tr, r.total);
      el.progress.appendChild(tr);
    });
  }

  /* The page filter's options; the build has rendered them already (kept when they are the same). */
  function pageOptions() {
    var options = el.page.options;
    var same =
      options.length === state.pages.length + 1 &&
      state.pages.every(function (p, i) {
        return options[i + 1].value === p.slug && options[i + 1].textContent === p.title;
      });
    if (same) return;
    while (options.length > 1) el.page.remove(1);
    state.pages.forEach(function (p) {
      var option = document.createElement("option");
      option.value = p.slug;
      option.textContent = p.title;
      el.page.appendChild(option);
    });
  }

  /* No cards (or no data): only the message is left of the app the build rendered. */
  function noCards() {
    el.count.textContent = S.nocards;
    [el.filters, el.card, el.keys, el.progressBox, el.done].forEach(function (node) {
      node.hidden = true;
    });
  }

  /* ---- events ---- */
  /* The build renders the app before the data is here: the controls wait for it. */
  function onFilter() {
    if (!state.cards.length) return;
    rebuild(false);
    show(false);
  }
  [el.page, el.kind, el.domain, el.status].forEach(function (select) {
    select.addEventListener("change", onFilter);
  });
  el.shuffle.addEventListener("click", function () {
    if (!state.cards.length) return;
    rebuild(true);
    show(true);
  });
  el.again.addEventListener("click", function () {
    rebuild(false);
    show(true);
  });
  el.reveal.addEventListener("click", reveal);
  el.knew.addEventListener("click", function () {
    mark("knew");
  });
  el.didnt.addEventListener("click", function () {
    mark("didnt");
  });
  el.reset.addEventListener("click", function () {
    state.marks = {};
    try {
      window.localStorage.removeItem(storeKey);
    } catch (err) {
      /* nothing stored */
    }
    renderProgress();
    rebuild(false);
    show(false);
    announce(S.reset_done);
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || el.card.hidden) return;
    if (!state.cards.length) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (target && target.isContentEditable)) return;
    if (event.key === " " || event.key === "Spacebar") {
      if (tag === "BUTTON" || tag === "A" || tag === "SUMMARY") return; /* their own Space */
      if (!state.revealed) {
        event.preventDefault();
        reveal();
      }
    } else if ((event.key === "1" || event.key === "2") && state.revealed) {
      event.preventDefault();
      mark(event.key === "1" ? "knew" : "didnt");
    }
  });

  /* ---- start ----
     The build has rendered the app as it looks with the data and no marks (filters, count, first card,
     progress rows), so filling it in moves nothing; the work is left until the data has arrived. */
  fetch(app.getAttribute("data-cards"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.url);
      return response.json();
    })
    .then(function (data) {
      state.cards = data.cards || [];
      state.pages = data.pages || [];
      state.pages.forEach(function (p) {
        state.titles[p.slug] = p.title;
      });
      state.marks = load();
      if (!state.cards.length) {
        noCards();
        app.setAttribute("data-ready", "");
        return;
      }
      pageOptions();
      el.filters.hidden = false;
      el.progressBox.hidden = false;
      renderProgress();
      rebuild(false);
      show(false);
      app.setAttribute("data-ready", "");
    })
    .catch(function (err) {
      noCards();
      app.setAttribute("data-error", String(err));
    });
})();

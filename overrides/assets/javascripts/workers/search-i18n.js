/*
 * Search worker wrapper: Material's own search worker, with a query step in front of it.
 *
 * overrides/main.html points Material's `search` worker URL here, passing the real worker's file
 * name (?worker=search.<hash>.min.js, which changes with Material's version). This file lives
 * next to it so that Material's relative paths (../lunr/...) keep working. The index, the UI,
 * suggestions and highlighting stay Material's; only the query string sent by the page changes:
 *
 * 1. Width normalisation (every language): NFKC folds full-width Latin letters and digits
 *    (ＳａｇｅＭａｋｅｒ -> SageMaker) and half-width katakana (ｼｬｰﾄﾞ -> シャード). The full-width
 *    tilde ～ becomes 〜 first (NFKC would make it `~`, lunr's fuzzy operator). The search box
 *    still shows what was typed.
 *
 * 2. Japanese segmentation (Japanese index only, i.e. when Material loaded TinySegmenter):
 *    a query is cut exactly like the page text was indexed: at the search separator (script
 *    boundaries, punctuation), then TinySegmenter on each kanji/katakana run. Hiragana runs of
 *    one or two characters (particles: の, は, を, ...) are dropped. Material's own experimental
 *    segmentation of kanji runs (a greedy match against the index that never includes the last
 *    character, so 変数 became 変 and 感情分析 became 感情 + 分) is switched off.
 *
 * 3. Exact words first, one English stemmer: Material matches every word as a prefix (word*), so
 *    a page full of a longer word that merely starts with the query (`model` for `mode`) could
 *    outrank the exact word. Each plain word (Latin, or a Japanese word of one segment) is now
 *    sent twice: as an exact term boosted ^10000 (above a prefix match even in a title, whose
 *    field boost is 1000), which goes through the index's own search pipeline, and as a prefix.
 *    On an index whose pipeline has lunr's English stemmer (the English one, see
 *    hooks/glossary.py), the prefix is the lunr stem of the word, exactly as the page text was
 *    stemmed (`policies` and `policy` both become `polici`); elsewhere the word as typed. No
 *    ad-hoc suffix stripping: `series`, `species`, `analysis`, `bias`, `class` keep their meaning.
 *    Search suggestions, which are index terms and so stems, are turned back into a word of the
 *    result titles with that stem (`overfit` -> `overfitting`).
 *
 * 4. Compound words: the parts of one compound (シャード数 -> シャード + 数, 推論パイプライン ->
 *    推論 + パイプライン) are required together (+part*), so a heading that only contains 数 no
 *    longer outranks the section about シャード数. If that finds nothing, the query is run again
 *    with every part optional (Material's default OR), so a compound that the pages spell
 *    differently (感情分析 vs 感情 (センチメント)) still finds something.
 *
 * 5. Cross-language terms (glossary): the index config carries a `glossary` table (written by
 *    hooks/glossary.py), other-language term -> term in the index's language. Before anything
 *    else, the longest such term in the query is replaced: `overfitting` -> `過学習` on the
 *    Japanese index, `シャード` -> `shard` on the English one. Latin terms match whole words,
 *    katakana terms not inside a longer katakana word. Only the reader's own index is searched.
 *
 * Anything unexpected falls back to Material's behaviour with the original query.
 */
(function () {
  "use strict";

  var SETUP = 0, QUERY = 2, RESULT = 3;  // Material's SearchMessageType values
  var BOOST = 10000;                      // exact word over prefix matches (title field boost is 1000)
  var glossary = null, glossaryKeys = [], stemmed = false;
  var name = new URL(self.location.href).searchParams.get("worker") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) throw new Error("search-i18n: bad worker name " + name);

  var KANA_KANJI = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
  var HIRAGANA = /^[\u3040-\u309f]+$/;

  function normalise(query) {
    return query.replace(/\uFF5E/g, "\u301C").normalize("NFKC");
  }

  /* Index setup: keep the glossary table and whether the index is stemmed (English stemmer). */
  function setup(index) {
    var cfg = (index && index.config) || {};
    var table = cfg.glossary;
    delete cfg.glossary;
    glossary = table && typeof table === "object" ? table : null;
    glossaryKeys = glossary ? Object.keys(glossary).sort(function (a, b) { return b.length - a.length; }) : [];
    stemmed = (cfg.lang || []).indexOf("en") >= 0 && (cfg.pipeline || []).indexOf("stemmer") >= 0;
  }

  var LATIN_CHAR = /[a-z0-9]/, KATAKANA_CHAR = /[\u30a0-\u30ff]/;
  function boundary(ch, key, pos) {               /* may the key start/end next to this character? */
    if (!ch) return true;
    var edge = pos < 0 ? key.charAt(0) : key.charAt(key.length - 1);
    if (LATIN_CHAR.test(edge)) return !LATIN_CHAR.test(ch);
    if (KATAKANA_CHAR.test(edge)) return !KATAKANA_CHAR.test(ch);
    return true;
  }

  /* Replace other-language glossary terms by the index language's term (longest first). */
  function expand(query) {
    if (!glossaryKeys.length) return query;
    var lower = query.toLowerCase(), out = "", i = 0;
    while (i < lower.length) {
      var hit = null;
      for (var k = 0; k < glossaryKeys.length; k++) {
        var key = glossaryKeys[k];
        if (lower.substr(i, key.length) === key &&
            boundary(lower.charAt(i - 1), key, -1) && boundary(lower.charAt(i + key.length), key, 1)) {
          hit = key; break;
        }
      }
      if (hit) { out += " " + glossary[hit] + " "; i += hit.length; }
      else { out += query.charAt(i); i++; }
    }
    return out.replace(/\s+/g, " ").trim();
  }

  function stem(word) {
    return self.lunr.stemmer(new self.lunr.Token(word.toLowerCase(), {})).toString();
  }

  /* Suggestions are index terms, i.e. stems on a stemmed index (`overfit` for "overfitting"):
     give back a word of the result titles that has that stem. */
  function unstem(res) {
    if (!stemmed || !res || res.type !== RESULT || !res.data || !res.data.suggest) return res;
    try {
      var words = {};
      (res.data.items || []).forEach(function (group) {
        group.forEach(function (item) {
          String(item.title || "").replace(/<[^>]*>/g, " ").toLowerCase().split(/[^a-z0-9]+/)
            .forEach(function (w) { if (w && !(stem(w) in words)) words[stem(w)] = w; });
        });
      });
      res.data.suggest = res.data.suggest.map(function (s) { return words[s] || s; });
    } catch (err) { /* keep Material's suggestions */ }
    return res;
  }

  /* A plain word as an exact (boosted) term plus a prefix of its stem; anything else as it is. */
  function exactAndPrefix(word) {
    if (!/^[A-Za-z]{3,}$/.test(word) && !(KANA_KANJI.test(word) && !/[+\-:~^"*]/.test(word))) return word;
    var prefix = word;
    if (stemmed && /^[A-Za-z]+$/.test(word) && self.lunr && self.lunr.stemmer)
      prefix = stem(word);
    return word + "^" + BOOST + " " + prefix;
  }

  /* Split one whitespace-free part into compounds (arrays of index-like tokens). */
  function compounds(part, sep, seg) {
    var out = [[]];
    function cut() { if (out[out.length - 1].length) out.push([]); }
    function piece(s) {
      if (!s) return;
      if (HIRAGANA.test(s)) {                         /* particle or okurigana: ends a compound */
        cut();
        if (s.length > 2) { out[out.length - 1].push(s); cut(); }
        return;
      }
      var parts = /^[MHIK]$/.test(seg.ctype_(s)) ? seg.segment(s) : [s];
      Array.prototype.push.apply(out[out.length - 1], parts);
    }
    var re = new RegExp(sep.source, "g"), last = 0, m;
    while ((m = re.exec(part))) {
      piece(part.slice(last, m.index));
      if (m[0].length) cut(); else re.lastIndex++;   /* punctuation ends a compound, a script boundary does not */
      last = m.index + m[0].length;
    }
    piece(part.slice(last));
    return out.filter(function (c) { return c.length; });
  }

  /* Returns [strict query, loose query]; identical unless a compound has several parts. */
  function rewrite(query) {
    query = expand(normalise(query));
    var seg = self.lunr && self.lunr.segmenter, sep = self.lunr && self.lunr.tokenizer.separator;
    var strict = [], loose = [];
    query.split(/\s+/).forEach(function (part) {
      if (!part) return;
      if (!KANA_KANJI.test(part) || !seg || !(sep instanceof RegExp) || /^[+-]|[:~^"*]/.test(part)) {
        part = exactAndPrefix(part);                               /* Latin, or lunr syntax: as typed */
        strict.push(part); loose.push(part);
        return;
      }
      compounds(part, sep, seg).forEach(function (c) {
        loose.push(c.length > 1 ? c.join(" ") : exactAndPrefix(c[0]));
        strict.push(c.length > 1 ? c.map(function (p) { return "+" + p + "*"; }).join(" ") : exactAndPrefix(c[0]));
      });
    });
    return [strict.join(" "), loose.join(" ")];
  }

  /* Hook Material's message listener and postMessage before loading the worker. */
  var addEventListener = self.addEventListener.bind(self);
  var postMessage = self.postMessage.bind(self);
  var capture = null, queue = Promise.resolve();

  self.postMessage = function (message) {
    if (capture) { var resolve = capture; capture = null; resolve(message); }
    else postMessage(message);
  };

  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return addEventListener(type, listener, options);
    function ask(data) {
      return new Promise(function (resolve, reject) {
        capture = resolve;
        try {
          var done = listener.call(self, { data: data });
          if (done && typeof done.then === "function") done.then(null, reject);
        } catch (err) {
          reject(err);
        }
      });
    }
    return addEventListener(type, function (ev) {
      var msg = ev.data;
      if (msg && msg.type === SETUP) { try { setup(msg.data); } catch (err) { glossary = null; } }
      if (!msg || msg.type !== QUERY || typeof msg.data !== "string") return listener.call(self, ev);
      queue = queue.then(function () {
        var q;
        try { q = rewrite(msg.data); } catch (err) { q = [msg.data, msg.data]; }
        return ask({ type: QUERY, data: q[0] }).then(function (res) {
          var empty = res && res.type === RESULT && res.data && !res.data.items.length;
          return empty && q[1] !== q[0] ? ask({ type: QUERY, data: q[1] }) : res;
        }).then(unstem);
      }).then(postMessage, function () {
        capture = null;
        postMessage({ type: RESULT, data: { items: [] } });           /* as Material does on errors */
      });
    }, options);
  };

  importScripts(name);

  /* Switch off Material's experimental kanji segmentation: it looks query substrings up with
     `substring in index.invertedIndex`; answering "no" makes it keep each kanji run whole. */
  var lunr = self.lunr, Index = lunr.Index;
  lunr.Index = function (attrs) {
    Index.call(this, attrs);
    this.invertedIndex = new Proxy(this.invertedIndex, { has: function () { return false; } });
  };
  lunr.Index.prototype = Index.prototype;
  lunr.Index.load = Index.load;
})();

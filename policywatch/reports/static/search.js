/* policywatch site search: full text of every document's current version and of every change.
   The index (written by policywatch/reports/search.py) is a set of scripts: search/entries.js,
   search/p/<shard>.js and search/c/<segment>/<shard>.js (bigram postings of documents, and of
   changes by segment of event ids) and search/t/<key>.js (one entry's text). They are
   loaded with <script> tags, never fetch(), so search works from file:// as from a server. */
(function () {
  "use strict";
  var BATCH = 40;         // candidates whose texts are loaded at a time to confirm the phrase
  var WANTED = 50;        // stop confirming once this many hits are shown
  var MAX_CHECKED = 400;  // never load more texts than this for one query
  var SNIPPET = 36;       // characters of context either side of the first hit
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) { return; }

  var table = { shards: 1, segments: [], entries: [] };
  var byKey = {};
  var shards = {};        // posting file ("3" or "c/1/3") -> {bigram: "k1,k2"}
  var texts = {};         // key -> text
  var waiting = {};       // script src -> [resolve, ...]

  window.PW_SEARCH_ENTRIES = function (data) {
    table = data;
    data.entries.forEach(function (e) {
      byKey[e[0]] = { key: e[0], kind: e[1], title: e[2], meta: e[3], page: e[4] };
    });
  };
  window.PW_SEARCH_SHARD = function (n, data) { shards[n] = data; };
  window.PW_SEARCH_TEXT = function (key, text) { texts[key] = text; };

  // Same folding as search.py: NFKC, lower case, one bracket style, no whitespace.
  var BRACKETS = /[\[\]()〔〕【】〖〗［］｛｝{}]/g;
  function fold(text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(BRACKETS, "|").replace(/\s+/g, "");
  }

  function load(src) {
    return new Promise(function (resolve) {
      if (waiting[src] === true) { resolve(); return; }
      if (waiting[src]) { waiting[src].push(resolve); return; }
      waiting[src] = [resolve];
      var script = document.createElement("script");
      script.src = src;
      script.onload = script.onerror = function () {
        var done = waiting[src];
        waiting[src] = true;
        done.forEach(function (f) { f(); });
      };
      document.head.appendChild(script);
    });
  }

  // Same as search.py's shard_of(); terms are folded, so charCodeAt sees what Python's ord() sees
  // for every character of the Basic Multilingual Plane (all of Chinese in use).
  function shardOf(gram) { return (31 * gram.charCodeAt(0) + gram.charCodeAt(1)) % table.shards; }

  // The posting files of a shard: the documents' ("p/3"), then each change segment's ("c/1/3").
  function shardFiles(n) {
    return ["p/" + n].concat((table.segments || []).map(function (g) { return "c/" + g + "/" + n; }));
  }

  // The keys holding a bigram, from every posting file of its shard ("" when none).
  function posting(gram) {
    var n = shardOf(gram);
    return shardFiles(n).map(function (file) {
      return (shards[file.charAt(0) === "p" ? String(n) : file] || {})[gram];
    }).filter(Boolean).join(",");
  }

  // Keys of entries holding every bigram of the term; a one-character term is looked for in the
  // result table (titles, document numbers, issuers), not in the full texts.
  function candidates(term) {
    var sets = [];
    if (term.length === 1) {
      var any = {};
      table.entries.forEach(function (e) {
        if (fold(e[2] + e[3]).indexOf(term) !== -1) { any[e[0]] = true; }
      });
      return any;
    }
    for (var i = 0; i + 1 < term.length; i++) {
      var gram = term.substr(i, 2);
      var keys = posting(gram);
      if (!keys) { return {}; }
      var set = {};
      keys.split(",").forEach(function (k) { set[k] = true; });
      sets.push(set);
    }
    var result = sets[0];
    sets.slice(1).forEach(function (s) {
      Object.keys(result).forEach(function (k) { if (!s[k]) { delete result[k]; } });
    });
    return result;
  }

  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (text) { el.textContent = text; }
    parent.appendChild(el);
    return el;
  }

  // The text around the first hit, the hit in <mark>: built from text nodes, never markup.
  function snippet(parent, text, terms) {
    var folded = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text.charAt(i));
      for (var j = 0; j < f.length; j++) { folded += f.charAt(j); map.push(i); }
    }
    var at = -1, len = 0;
    terms.forEach(function (t) {
      var p = folded.indexOf(t);
      if (p !== -1 && (at === -1 || p < at)) { at = p; len = t.length; }
    });
    if (at === -1) { return false; }
    var start = map[at], end = map[at + len - 1] + 1;
    var p = add(parent, "p", "", "snippet");
    var from = Math.max(0, start - SNIPPET), to = Math.min(text.length, end + SNIPPET);
    p.appendChild(document.createTextNode((from > 0 ? "…" : "") + text.slice(from, start).replace(/\s+/g, " ")));
    add(p, "mark", text.slice(start, end));
    p.appendChild(document.createTextNode(text.slice(end, to).replace(/\s+/g, " ") + (to < text.length ? "…" : "")));
    return true;
  }

  var generation = 0;
  function run() {
    var mine = ++generation;
    var terms = input.value.split(/\s+/).map(fold).filter(Boolean);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    status.textContent = status.getAttribute("data-loading");
    load("search/entries.js").then(function () { search(terms, mine); });
  }

  function search(terms, mine) {
    var needed = {};
    terms.forEach(function (t) {
      for (var i = 0; i + 1 < t.length; i++) { needed[shardOf(t.substr(i, 2))] = true; }
    });
    var files = [];
    Object.keys(needed).forEach(function (n) { files = files.concat(shardFiles(n)); });
    Promise.all(files.map(function (file) { return load("search/" + file + ".js"); })).then(function () {
      var found = null;
      terms.forEach(function (t) {
        var c = candidates(t);
        if (found === null) { found = c; return; }
        Object.keys(found).forEach(function (k) { if (!c[k]) { delete found[k]; } });
      });
      // title hits first, then current texts, then changes; the table's order otherwise.
      // A key names a part of an entry's text: "d12.1" is the second part of entry "d12".
      function entryOf(k) { return k.split(".")[0]; }
      var keys = Object.keys(found || {}).filter(function (k) { return byKey[entryOf(k)]; });
      var order = {};
      table.entries.forEach(function (e, i) { order[e[0]] = i; });
      function rank(k) {
        var e = byKey[entryOf(k)], title = fold(e.title);
        var inTitle = terms.every(function (t) { return title.indexOf(t) !== -1; });
        return (inTitle ? 0 : 2) + (e.kind === "document" ? 0 : 1);
      }
      keys.sort(function (a, b) {
        return rank(a) - rank(b) || order[entryOf(a)] - order[entryOf(b)] || (a < b ? -1 : a > b ? 1 : 0);
      });
      // bigrams can all occur in a text without the phrase: confirm candidates batch by batch
      var hits = [], seen = {}, next = 0;
      function confirm() {
        if (mine !== generation) { return null; }
        if (hits.length >= WANTED || next >= Math.min(keys.length, MAX_CHECKED)) { show(); return null; }
        var batch = keys.slice(next, next + BATCH);
        next += batch.length;
        return Promise.all(batch.map(function (k) { return load("search/t/" + k + ".js"); })).then(function () {
          batch.forEach(function (k) {
            var text = fold(texts[k] || "");
            if (!seen[entryOf(k)] && terms.every(function (t) { return text.indexOf(t) !== -1; })) {
              seen[entryOf(k)] = true;  // one result per entry: its first matching part
              hits.push(k);
            }
          });
          return confirm();
        });
      }
      function show() {
        var unchecked = keys.length - next;  // candidates never confirmed: "at least" n results
        var n = hits.length + (unchecked > 0 ? "+" : "");
        status.textContent = hits.length ? status.getAttribute("data-found").replace("{n}", n)
                                         : status.getAttribute("data-none");
        hits.forEach(function (k) {
          var e = byKey[entryOf(k)];
          var li = add(list, "li", "", "hit hit-" + e.kind);
          add(li, "span", e.kind === "document" ? status.getAttribute("data-document") : status.getAttribute("data-change"), "badge badge-" + e.kind);
          li.appendChild(document.createTextNode(" "));
          var a = add(li, "a", e.title);
          a.href = e.page;
          if (e.meta) { add(li, "span", e.meta, "meta"); }
          snippet(li, texts[k] || "", terms);
        });
      }
      return confirm();
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
  input.form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  run();
}());

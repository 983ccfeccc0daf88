/* policywatch site search: matches titles, 发文字号 and issuers in window.POLICYWATCH_INDEX
   (loaded from search-index.js, so it works from file:// without a server). */
(function () {
  "use strict";
  var index = window.POLICYWATCH_INDEX || [];
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) { return; }

  // Fold widths, case and the many bracket styles of 发文字号: 〔2019〕 [2019] （2019） 【2019】.
  function fold(text) {
    return String(text || "").normalize("NFKC").toLowerCase()
      .replace(/[\[\]()〔〕【】〖〗［］｛｝{}]/g, "|").replace(/\s+/g, "");
  }
  var prepared = index.map(function (d) {
    return { doc: d, hay: fold([d.title, d.doc_number, d.issuer, d.source].join(" ")) };
  });

  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  function run() {
    var terms = input.value.split(/\s+/).map(fold).filter(Boolean);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    var hits = prepared.filter(function (p) {
      return terms.every(function (term) { return p.hay.indexOf(term) !== -1; });
    }).slice(0, 200);
    status.textContent = hits.length ? status.getAttribute("data-found").replace("{n}", hits.length)
                                     : status.getAttribute("data-none");
    hits.forEach(function (p) {
      var li = document.createElement("li");
      var a = add(li, "a", p.doc.title);
      a.href = p.doc.page;
      add(li, "span", [p.doc.doc_number, p.doc.issuer, p.doc.published_date].filter(Boolean).join(" · "), "meta");
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  input.addEventListener("input", run);
  input.form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  run();
}());

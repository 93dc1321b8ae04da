/**
 * The search box's script (search/search.js in the site), as text: plain ES2017 for
 * any browser, no build step. It shows the box the shell renders hidden (so a reader
 * without JavaScript never sees a box that does nothing: they have the 搜索 page),
 * loads MiniSearch and the index on first use, and lists results as links.
 *
 * Order of results: a title or other name equal to the query first; then a short name
 * (the first of `names`) beginning with it, a title beginning with it, another name
 * beginning with it; then what has a page of its own; then MiniSearch's BM25 score —
 * so typing a zone's short name, or its first characters, puts that zone first. `/*TOKENIZE*\/` is replaced by the tokenizers of search.ts at publish.
 */
export const SEARCH_CLIENT_JS = `(function () {
  "use strict";
  /*TOKENIZE*/
  var me = document.currentScript;
  var box = document.querySelector(".site-search");
  if (!box || !me) return;
  var base = new URL(".", me.src);
  var root = box.getAttribute("data-root") || "";
  var input = box.querySelector("input");
  var list = box.querySelector("ol");
  var status = box.querySelector(".search-status");
  box.hidden = false;
  var loading = null;
  function script(name) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL(name, base).href;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("无法加载 " + name)); };
      document.head.appendChild(s);
    });
  }
  function load() {
    if (!loading) loading = script("minisearch.js").then(function () { return script("index.js"); }).then(function () {
      var data = window.ZONESTAT_SEARCH;
      var o = data.options;
      return window.MiniSearch.loadJS(data.index, { fields: o.fields, storeFields: o.storeFields, tokenize: cjkTokenize, searchOptions: Object.assign({}, o.searchOptions, { tokenize: cjkQueryTokenize }) });
    });
    return loading;
  }
  function tier(r, q) {
    var lower = q.toLowerCase();
    var names = String(r.names || "").split(" ").filter(Boolean).map(function (n) { return n.toLowerCase(); });
    var title = String(r.title).toLowerCase();
    if (title === lower || names.indexOf(lower) >= 0) return 0;
    if (names.length && names[0].indexOf(lower) === 0) return 1;
    if (title.indexOf(lower) === 0) return 2;
    if (names.some(function (n) { return n.indexOf(lower) === 0; })) return 3;
    return 4;
  }
  // A zone without data links to its row on 开发区一览, one with data to its own page: the page first.
  function ownPage(r) { return r.url.indexOf("#z-") >= 0 ? 1 : 0; }
  var shown = [];
  // The first 12 results, and a 显示全部 link that lists every one of them.
  function show(q, all) {
    q = q.trim();
    if (!q) { list.textContent = ""; status.textContent = ""; shown = []; return; }
    load().then(function (ms) {
      if (input.value.trim() !== q) return;
      var results = ms.search(q).map(function (r, i) { return { r: r, t: tier(r, q), p: ownPage(r), i: i }; });
      results.sort(function (a, b) { return a.t - b.t || a.p - b.p || a.i - b.i; });
      shown = results.slice(0, all ? results.length : 12).map(function (x) { return x.r; });
      list.textContent = "";
      shown.forEach(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + r.url;
        a.textContent = r.title;
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = r.group + " · " + r.detail;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(meta);
        list.appendChild(li);
      });
      status.textContent = results.length ? "找到 " + results.length + " 项" + (results.length > shown.length ? "，显示前 " + shown.length + " 项" : "") : "没有找到“" + q + "”";
      if (results.length > shown.length) {
        var more = document.createElement("li");
        var showAll = document.createElement("a");
        showAll.href = "#";
        showAll.className = "search-all";
        showAll.textContent = "显示全部 " + results.length + " 项";
        showAll.addEventListener("click", function (e) { e.preventDefault(); show(q, true); });
        more.appendChild(showAll);
        list.appendChild(more);
      }
    }, function (e) { status.textContent = String(e.message || e); });
  }
  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("focus", function () { load(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && shown.length) { e.preventDefault(); location.href = root + shown[0].url; }
    if (e.key === "Escape") { input.value = ""; show(""); }
  });
})();
`;

/**
 * search/filter.js: a filter box for a grouped list (开发区一览). A box
 * `[data-filter-for=<id>]` (rendered hidden, shown here) filters the rows
 * `[data-filter-text]` inside element <id>: a row stays when it contains every
 * space-separated word typed; a `[data-filter-group]` with no row left is hidden and
 * its `[data-filter-count]` shows the rows left.
 */
export const FILTER_CLIENT_JS = `(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-for]"), function (box) {
    var target = document.getElementById(box.getAttribute("data-filter-for"));
    var input = box.querySelector("input");
    if (!target || !input) return;
    var status = box.querySelector("[data-filter-status]");
    var rows = Array.prototype.slice.call(target.querySelectorAll("[data-filter-text]"));
    var groups = Array.prototype.slice.call(target.querySelectorAll("[data-filter-group]"));
    box.hidden = false;
    function apply() {
      var words = input.value.trim().toLowerCase().split(/\\s+/).filter(Boolean);
      var left = 0;
      rows.forEach(function (r) {
        var text = r.getAttribute("data-filter-text").toLowerCase();
        var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
        r.hidden = !keep;
        if (keep) left++;
      });
      groups.forEach(function (g) {
        var n = g.querySelectorAll("[data-filter-text]:not([hidden])").length;
        g.hidden = n === 0;
        var c = g.querySelector("[data-filter-count]");
        if (c) c.textContent = String(n);
      });
      if (status) status.textContent = words.length ? "显示 " + left + " / " + rows.length + " 个" : "";
    }
    input.addEventListener("input", apply);
    if (input.value) apply();
  });
})();
`;

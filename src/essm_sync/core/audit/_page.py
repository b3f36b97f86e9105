"""The style and the script of the audit's web page, inline so the page needs nothing else.

The script only narrows and orders rows already on the page: filter text, category and
who fixes it (also read from the address, `#q=...&category=...&fixed=yes|no`), and sorting
by a click on a column heading.
"""

STYLE = """
:root { color-scheme: light dark; --line: #8884; --person: #b4232333; --sync: #2a7a2a22; }
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5rem; }
h1 { font-size: 1.3rem; }
.lead { max-width: 60rem; }
.totals { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
table { border-collapse: collapse; margin: 1rem 0; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left;
  vertical-align: top; }
.total td { text-align: right; }
#records thead th { position: sticky; top: 0; background: Canvas; cursor: pointer; }
#records th[aria-sort="ascending"]::after { content: " \\25B2"; }
#records th[aria-sort="descending"]::after { content: " \\25BC"; }
#records tr[data-fixed="no"] td:first-child { background: var(--person); }
#records tr[data-fixed="yes"] td:first-child { background: var(--sync); }
.controls { position: sticky; top: 0; background: Canvas; padding: 0.5rem 0; z-index: 1; }
.controls input { width: 18rem; max-width: 100%; }
.note { max-width: 60rem; font-size: 0.9em; }
/* The records fit the window: long values (keys, fixes, what differs) wrap, never scroll. */
#records { width: 100%; }
#records { table-layout: fixed; }
#records th, #records td { overflow-wrap: anywhere; }
/* On a phone each record is a block of labelled lines instead of a row of 15 columns. */
@media (max-width: 50rem) {
  body { margin: 0.8rem; }
  #records thead { display: none; }
  #records tr, #records td { display: block; }
  #records tr { border-bottom: 2px solid var(--line); padding: 0.4rem 0; }
  #records, #records tbody { display: block; }
  #records colgroup { display: none; }
  #records td { border: 0; padding: 0.1rem 0; }
  #records td::before { content: attr(data-label) ": "; font-weight: 600; }
  #records td:empty { display: none; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("records");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var q = document.getElementById("q");
  var category = document.getElementById("category");
  var fixed = document.getElementById("fixed");
  var shown = document.getElementById("shown");
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });

  function apply() {
    var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row, i) {
      var visible = words.every(function (w) { return texts[i].indexOf(w) >= 0; })
        && (!category.value || row.dataset.category === category.value)
        && (!fixed.value || row.dataset.fixed === fixed.value);
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.value = count + " of " + rows.length + " records shown";
  }

  function fromAddress() {
    var params = new URLSearchParams(location.hash.slice(1));
    q.value = params.get("q") || "";
    category.value = params.get("category") || "";
    fixed.value = params.get("fixed") || "";
  }

  function sortBy(th) {
    var index = th.cellIndex;
    var numeric = th.dataset.numeric === "1";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var order = rows.map(function (row, i) { return i; });
    order.sort(function (a, b) {
      var x = rows[a].cells[index].textContent, y = rows[b].cells[index].textContent;
      var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return (ascending ? c : -c) || a - b;
    });
    var body = table.tBodies[0];
    order.forEach(function (i) { body.appendChild(rows[i]); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener("click", function () { sortBy(th); });
  });
  [q, category, fixed].forEach(function (control) {
    control.addEventListener("input", apply);
  });
  window.addEventListener("hashchange", function () { fromAddress(); apply(); });
  document.getElementById("controls").hidden = false;
  fromAddress();
  apply();
})();
"""

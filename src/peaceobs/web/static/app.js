// Progressive enhancement only: every page reads without this file.
function peaceobsInit(root) {
  root.querySelectorAll("button.copy[hidden]").forEach(function (b) {
    if (!navigator.clipboard) return;
    b.hidden = false;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(b.dataset.cite).then(function () {
        b.textContent = "Copied";
        setTimeout(function () { b.textContent = "Copy citation"; }, 1500);
      });
    });
  });
  // A table filter (the /assess table of Member States): shown only where this script runs;
  // without it the whole table is there to read.
  root.querySelectorAll("[data-filter-table][hidden]").forEach(function (box) {
    var table = document.getElementById(box.dataset.filterTable);
    if (!table || !table.tBodies[0]) return;
    var rows = table.tBodies[0].rows;
    var input = box.querySelector("input");
    var count = box.querySelector("output");
    box.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var name = rows[i].querySelector("th");
        var hit = !q || (name ? name.textContent : rows[i].textContent).toLowerCase().indexOf(q) !== -1;
        rows[i].hidden = !hit;
        if (hit) shown++;
      }
      if (count) count.textContent = q ? shown + " of " + rows.length + " shown" : "";
    });
  });
  // A table wider than its box scrolls sideways: keyboard users must be able to reach it to
  // scroll it, so such a box (and only such a box) is made focusable and named.
  root.querySelectorAll(".table-scroll, .table-wrap").forEach(function (box) {
    if (box.hasAttribute("tabindex") || box.scrollWidth <= box.clientWidth) return;
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    if (!box.hasAttribute("aria-label")) {
      var caption = box.querySelector("caption");
      box.setAttribute("aria-label", (caption ? caption.textContent.trim() : "Table") + " (scrolls sideways)");
    }
  });
  // Search filters: below the results on a phone, and closed there (the results come first);
  // open on a wide screen. Without this script they are open everywhere.
  root.querySelectorAll("details.facets").forEach(function (d) {
    if (window.matchMedia("(max-width: 44rem)").matches) d.open = false;
  });
  // The citation drawing: zoom in and out (it scrolls in its box), back to fit.
  root.querySelectorAll("div.graph").forEach(function (box) {
    var svg = box.querySelector("svg");
    if (!svg || box.dataset.zoom) return;
    box.dataset.zoom = "1";
    var scale = 1;
    var bar = document.createElement("div");
    bar.className = "zoom";
    [["+", "Zoom in", 1.5], ["−", "Zoom out", 1 / 1.5], ["Fit", "Fit the drawing to the box", 0]].forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b[0];
      button.setAttribute("aria-label", b[1]);
      button.addEventListener("click", function () {
        scale = b[2] ? Math.min(6, Math.max(1, scale * b[2])) : 1;
        svg.style.maxWidth = scale === 1 ? "" : "none";
        svg.style.width = scale === 1 ? "" : (scale * box.clientWidth) + "px";
      });
      bar.appendChild(button);
    });
    box.parentNode.insertBefore(bar, box);
  });
  if (window.vegaEmbed) {
    root.querySelectorAll("div.vega[data-spec]").forEach(function (el) {
      if (el.dataset.drawn) return;
      el.dataset.drawn = "1";
      vegaEmbed(el, JSON.parse(el.dataset.spec), {
        actions: false, renderer: "svg",
        // The Content-Security-Policy refuses the <style> elements vega-embed and vega-tooltip
        // would add; their rules are in app.css instead.
        defaultStyle: false, tooltip: { disableDefaultStyle: true }
      })
        .then(function () { el.classList.add("drawn"); });
    });
  }
}
document.addEventListener("DOMContentLoaded", function () { peaceobsInit(document); });
document.addEventListener("htmx:afterSettle", function (e) { peaceobsInit(e.target); });

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
  if (window.vegaEmbed) {
    root.querySelectorAll("div.vega[data-spec]").forEach(function (el) {
      if (el.dataset.drawn) return;
      el.dataset.drawn = "1";
      vegaEmbed(el, JSON.parse(el.dataset.spec), { actions: false, renderer: "svg" })
        .then(function () { el.classList.add("drawn"); });
    });
  }
}
document.addEventListener("DOMContentLoaded", function () { peaceobsInit(document); });
document.addEventListener("htmx:afterSettle", function (e) { peaceobsInit(e.target); });

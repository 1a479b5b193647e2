// ebbtide: draws the insight charts with vega-embed. No eval (vega-interpreter), no
// inline styles (vega-embed's default stylesheet is off), no network beyond this app.
(function () {
  "use strict";

  function dark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  function drawCharts(root) {
    if (typeof window.vegaEmbed !== "function") { return; }
    var nodes = (root || document).querySelectorAll(".chart[data-spec]");
    nodes.forEach(function (el) {
      if (el.dataset.drawn) { return; }
      var source = document.getElementById(el.dataset.spec);
      if (!source) { return; }
      el.dataset.drawn = "1";
      var spec = JSON.parse(source.textContent);
      var options = {
        renderer: "svg",
        actions: false,
        ast: true,
        expr: window.vega.expressionInterpreter,
        defaultStyle: false,
        tooltip: false,
        theme: dark() ? "dark" : undefined,
        config: { background: null }
      };
      window.vegaEmbed(el, spec, options).catch(function () {
        el.textContent = "This chart could not be drawn; the words below say the same.";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSettle", function (evt) { drawCharts(evt.target); });
})();

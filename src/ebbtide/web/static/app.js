// ebbtide: draws the insight charts with vega-embed. No eval (vega-interpreter), no
// inline styles (vega-embed's and vega-tooltip's default stylesheets are off; app.css
// styles the tooltip), no network beyond this app.
(function () {
  "use strict";

  function dark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  // A spec may list colours to swap in dark mode (usermeta.dark: {"#light": "#dark"}).
  function forScheme(spec) {
    var swap = spec.usermeta && spec.usermeta.dark;
    if (!dark() || !swap) { return spec; }
    var text = JSON.stringify(spec);
    Object.keys(swap).forEach(function (from) { text = text.split(from).join(swap[from]); });
    return JSON.parse(text);
  }

  // A click or tap on a mark whose datum has an address of this app opens it.
  function follow(view) {
    view.addEventListener("click", function (_event, item) {
      var href = item && item.datum && item.datum.href;
      if (typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/") {
        window.location.assign(href);
      }
    });
  }

  function drawCharts(root) {
    if (typeof window.vegaEmbed !== "function") { return; }
    var nodes = (root || document).querySelectorAll(".chart[data-spec]");
    nodes.forEach(function (el) {
      if (el.dataset.drawn) { return; }
      var source = document.getElementById(el.dataset.spec);
      if (!source) { return; }
      el.dataset.drawn = "1";
      var spec = forScheme(JSON.parse(source.textContent));
      var options = {
        renderer: "svg",
        actions: false,
        ast: true,
        expr: window.vega.expressionInterpreter,
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true, theme: dark() ? "dark" : "light" },
        theme: dark() ? "dark" : undefined,
        config: { background: null }
      };
      window.vegaEmbed(el, spec, options).then(function (result) {
        follow(result.view);
        el.vegaView = result.view;  // for the browser tests, which find a day's square
        el.dataset.ready = "1";
      }).catch(function () {
        el.textContent = "This chart could not be drawn; the words below say the same.";
      });
    });
  }

  // The report preview: "Preparing…" until the frame has loaded what was asked for.
  function previewLoaded(evt) {
    var frame = evt.target;
    if (!frame || frame.tagName !== "IFRAME" || !frame.classList.contains("preview")) { return; }
    var wrap = document.getElementById("preview-wrap");
    if (wrap) { wrap.classList.remove("loading"); wrap.dataset.loaded = frame.getAttribute("src"); }
  }
  document.addEventListener("load", previewLoaded, true);
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var wrap = document.getElementById("preview-wrap");
    if (wrap && evt.target && evt.target.getAttribute("hx-target") === "#preview") {
      wrap.classList.add("loading");
    }
  });

  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    var frame = document.querySelector("#preview-wrap iframe.preview");
    // a frame that finished before this script ran (sandboxed: ask the resource timeline)
    if (frame && window.performance && performance.getEntriesByType("resource").some(
      function (e) { return e.initiatorType === "iframe" && e.name === frame.src; })) {
      previewLoaded({ target: frame });
    }
  });
  document.addEventListener("htmx:afterSettle", function (evt) { drawCharts(evt.target); });
})();

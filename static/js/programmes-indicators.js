// Draws the outcome indicator chart from the JSON the page embeds
// (<script type="application/json" id="indicator-chart-data">), through the
// portal's one chart helper (static/js/charts.js).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("indicator-chart-data");
    var canvas = document.getElementById("indicator-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, window.TryggCharts.indicatorChart(canvas, data));
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

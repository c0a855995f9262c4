// Draws the outcome indicator chart from the JSON the page embeds
// (<script type="application/json" id="indicator-chart-data">).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("indicator-chart-data");
    var canvas = document.getElementById("indicator-chart");
    if (!source || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var palette = ["#0172ad", "#b71c1c", "#1b5e20", "#8a5a00", "#5e35b1"];
    var datasets = [];
    data.datasets.forEach(function (set, index) {
      var colour = palette[index % palette.length];
      datasets.push({
        label: set.label,
        data: set.data,
        borderColor: colour,
        backgroundColor: colour,
        spanGaps: true,
      });
      if (set.comparison.some(function (v) { return v !== null; })) {
        datasets.push({
          label: set.label + " – " + (canvas.dataset.comparisonLabel || "comparison"),
          data: set.comparison,
          borderColor: colour,
          backgroundColor: colour,
          borderDash: [6, 4],
          pointRadius: 0,
          spanGaps: true,
        });
      }
    });
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.years, datasets: datasets },
      options: {
        responsive: true,
        animation: false,
        scales: { y: { beginAtZero: true } },
      },
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

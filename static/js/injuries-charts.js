// Draws one bar chart per statistics table from the JSON block beside it.
// Hidden (suppressed) figures arrive as null and are marked hidden, with a
// label saying so, through the portal's one chart helper (static/js/charts.js).
(function () {
  "use strict";
  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas.injury-chart").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chartSource);
      if (!source) {
        return;
      }
      var data = JSON.parse(source.textContent);
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [window.TryggCharts.barDataset(data.title, data.values, 0)],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          plugins: {
            legend: { display: false },
            tooltip: window.TryggCharts.hiddenTooltip(canvas.dataset.hiddenLabel || "–"),
          },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();

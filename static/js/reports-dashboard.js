// Draws the dashboard charts from the JSON the page embeds
// (<script type="application/json" id="dashboard-chart-data">). Each
// <canvas data-chart="key"> takes its data from that key. Suppressed figures
// arrive as null: a bar is marked hidden (static/js/charts.js), a line has a
// gap; the tables beside show "<5".
(function () {
  "use strict";
  var palette = window.TryggCharts.palette;

  function lineChart(canvas, data) {
    return {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, index) {
          var colour = palette[index % palette.length];
          return {
            label: set.label,
            data: set.data,
            borderColor: colour,
            backgroundColor: colour,
            spanGaps: false,
          };
        }),
      },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true } } },
    };
  }

  function barChart(canvas, data) {
    var datasets = [
      window.TryggCharts.barDataset(canvas.dataset.valueLabel || "", data.values, 0),
    ];
    if (data.reference !== undefined && data.reference !== null) {
      datasets.push({
        type: "line",
        label: data.referenceLabel || "",
        data: data.labels.map(function () { return data.reference; }),
        borderColor: palette[1],
        backgroundColor: palette[1],
        borderDash: [6, 4],
        pointRadius: 0,
      });
    }
    return {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        animation: false,
        indexAxis: data.reference === undefined ? "y" : "x",
        plugins: { tooltip: window.TryggCharts.hiddenTooltip(canvas.dataset.hiddenLabel || "–") },
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
      },
    };
  }

  var builders = {
    line: lineChart,
    bar: barChart,
    indicators: window.TryggCharts.indicatorChart,
  };

  // htmx drops <script> elements from swapped content (allowScriptTags is
  // off), so the chart data of a swapped response is read before the swap.
  var swapped = null;

  // Every <script id="dashboard-chart-data..."> of a document, merged: the
  // injury figures and the programme's indicators come in separate blocks.
  function readData(root) {
    var merged = null;
    root.querySelectorAll('script[id^="dashboard-chart-data"]').forEach(function (source) {
      var part = JSON.parse(source.textContent);
      merged = merged || {};
      Object.keys(part).forEach(function (key) { merged[key] = part[key]; });
    });
    return merged;
  }

  function chartData() {
    return swapped !== null ? swapped : readData(document);
  }

  function draw() {
    var all = chartData();
    if (!all || typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = all[canvas.dataset.chart];
      var build = builders[canvas.dataset.chartType];
      if (!data || !build) {
        return;
      }
      var existing = window.Chart.getChart(canvas);
      if (existing) {
        existing.destroy();
      }
      new window.Chart(canvas, build(canvas, data));
    });
  }

  function keepSwappedData(event) {
    var html = event.detail.serverResponse;
    if (typeof html !== "string" || html.indexOf("dashboard-chart-data") === -1) {
      return;
    }
    var parsed = readData(new DOMParser().parseFromString(html, "text/html"));
    if (parsed) {
      swapped = parsed;
    }
  }

  function start() {
    draw();
    document.body.addEventListener("htmx:beforeSwap", keepSwappedData);
    document.body.addEventListener("htmx:afterSettle", draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

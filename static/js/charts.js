// The one Chart.js helper of the portal: colours, the indicator chart (each
// indicator with its dashed comparison line) and bar datasets in which a
// hidden figure is marked, not drawn as an empty bar. Pages load it before
// their own script and build every chart through window.TryggCharts.
(function () {
  "use strict";
  var palette = ["#0172ad", "#b71c1c", "#1b5e20", "#8a5a00", "#5e35b1"];
  var hiddenColour = "rgba(120, 120, 120, 0.35)";

  function colour(index) {
    return palette[index % palette.length];
  }

  // Indicator values by year, and the comparison values where there are any.
  function indicatorChart(canvas, data) {
    var comparison = canvas.dataset.comparisonLabel || "";
    var datasets = [];
    data.datasets.forEach(function (set, index) {
      datasets.push({
        label: set.label,
        data: set.data,
        borderColor: colour(index),
        backgroundColor: colour(index),
        spanGaps: true,
      });
      if (set.comparison.some(function (v) { return v !== null; })) {
        datasets.push({
          label: comparison ? set.label + " – " + comparison : set.label,
          data: set.comparison,
          borderColor: colour(index),
          backgroundColor: colour(index),
          borderDash: [6, 4],
          pointRadius: 0,
          spanGaps: true,
        });
      }
    });
    return {
      type: "line",
      data: { labels: data.years, datasets: datasets },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true } } },
    };
  }

  // Published counts as bars. A hidden figure (null) gets a grey stub of a
  // tenth of the largest bar, so the reader sees a value is there but hidden;
  // its label says "hidden" and the tooltip shows no number.
  function barDataset(label, values, index) {
    var shown = values.filter(function (v) { return v !== null; });
    var stub = Math.max(1, Math.max.apply(null, shown.concat([0])) / 10);
    return {
      type: "bar",
      label: label,
      data: values.map(function (v) { return v === null ? stub : v; }),
      hidden_values: values.map(function (v) { return v === null; }),
      backgroundColor: values.map(function (v, i) {
        return v === null ? hiddenColour : colour(index || 0);
      }),
    };
  }

  // Tooltips of bar charts: "hidden" instead of the stub's length.
  function hiddenTooltip(hiddenText) {
    return {
      callbacks: {
        label: function (item) {
          var hidden = item.dataset.hidden_values;
          if (hidden && hidden[item.dataIndex]) {
            return item.dataset.label + ": " + hiddenText;
          }
          return item.dataset.label + ": " + item.formattedValue;
        },
      },
    };
  }

  window.TryggCharts = {
    palette: palette,
    colour: colour,
    indicatorChart: indicatorChart,
    barDataset: barDataset,
    hiddenTooltip: hiddenTooltip,
  };
})();

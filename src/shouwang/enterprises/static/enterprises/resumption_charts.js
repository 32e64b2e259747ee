// The resumption dashboard's two charts: rate per category over time (lines) and rate
// per street now (bars). Data: the json_script "resumption-charts".
(function () {
  function draw(element, data, type) {
    var chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + " %"; } },
      legend: { top: 0 },
      grid: { left: 44, right: 16, bottom: 64, top: 40 },
      xAxis: { type: "category", data: data.categories, axisLabel: { rotate: data.categories.length > 6 ? 35 : 0 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value} %" } },
      series: data.series.map(function (s) {
        return { name: s.name, type: type, data: s.values, showSymbol: false, connectNulls: true };
      }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("resumption-charts");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var lines = document.querySelector("[data-resumption-lines]");
    var bars = document.querySelector("[data-resumption-bars]");
    if (lines) draw(lines, data.lines, "line");
    if (bars) draw(bars, data.bars, "bar");
  });
})();

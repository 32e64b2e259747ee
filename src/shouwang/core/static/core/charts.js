// Bar charts for numbers people compare. A chart is a <div class="sw-chart"
// data-chart-source="ID"> whose data sits in a json_script element:
// {"categories": [...], "series": [{"name": ..., "values": [...]}, ...]}.
(function () {
  function render(element) {
    var source = document.getElementById(element.dataset.chartSource);
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(element);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 16, bottom: 64, top: 36 },
      xAxis: { type: "category", data: data.categories, axisLabel: { rotate: data.categories.length > 6 ? 35 : 0 } },
      yAxis: { type: "value" },
      series: data.series.map(function (s) { return { name: s.name, type: "bar", data: s.values }; }),
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".sw-chart[data-chart-source]").forEach(render);
  });
})();

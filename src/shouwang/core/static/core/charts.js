// Charts for numbers people compare. A chart is a <div class="sw-chart"
// data-chart-source="ID" [data-chart-key="lines.0"]> whose data sits in a json_script
// element (at the dotted key inside it, when given):
// {"type": "bar"|"line"|"gauge", "categories": [...], "series": [{"name", "values"}], "value"}
// Bars are the default. A chart re-renders when htmx swaps new data in.
(function () {
  function lookup(data, key) {
    if (!key) return data;
    return key.split(".").reduce(function (node, part) { return node == null ? node : node[part]; }, data);
  }

  var VALUE_LABEL_ROOM = 16;  // px: the narrowest value labels (0, 5, 10) and their gap

  // How far left of its tick a category label reaches, turned by `rotate` degrees.
  function leftReach(label, rotate) {
    if (!rotate || label == null) return 0;
    var context = leftReach.context || (leftReach.context = document.createElement("canvas").getContext("2d"));
    context.font = "12px sans-serif";  // ECharts' axis label font
    return context.measureText(String(label)).width * Math.cos(rotate * Math.PI / 180);
  }

  function option(data, dark) {
    var text = dark ? "#eee" : "#333";
    if (data.type === "gauge") {
      return {
        series: [{
          // The arc shows the value; a needle as well ran across the words in the middle.
          type: "gauge", min: 0, max: 100, progress: { show: true },
          pointer: { show: false }, anchor: { show: false },
          detail: {
            formatter: data.value == null ? "—" : "{value} %", color: text, fontSize: 24,
            offsetCenter: [0, "20%"],
          },
          title: { color: text, offsetCenter: [0, "-25%"] },
          // 0, 50 and 100 only: the ones beside the value ran into it in a small gauge.
          axisLabel: { color: text, formatter: function (v) { return v % 50 === 0 ? v : ""; } },
          data: [{ value: data.value == null ? 0 : data.value, name: data.title || "" }],
        }],
      };
    }
    // Counts (vehicles, persons) have no 0.2 of a vehicle: whole values, whole ticks.
    var whole = data.series.every(function (s) {
      return s.values.every(function (v) { return v == null || Number.isInteger(v); });
    });
    var rotate = data.categories.length > 6 ? 35 : 0;
    return {
      textStyle: { color: text },
      tooltip: { trigger: "axis" },
      legend: { top: 0, textStyle: { color: text } },
      // The grid holds its axis labels (long names, rotated, were cut at both ends), all
      // but the first name's reach left of the value axis when rotated: room for that,
      // less the VALUE_LABEL_ROOM the value axis's own labels already take.
      grid: { left: Math.max(8, leftReach(data.categories[0], rotate) - VALUE_LABEL_ROOM), right: 24, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: "category", data: data.categories, axisLabel: { color: text, rotate: rotate } },
      yAxis: { type: "value", minInterval: whole ? 1 : 0, axisLabel: { color: text } },
      series: data.series.map(function (s) {
        return { name: s.name, type: data.type === "line" ? "line" : "bar", data: s.values, connectNulls: false };
      }),
    };
  }

  function render(element) {
    var source = document.getElementById(element.dataset.chartSource);
    if (!source || !window.echarts) return;
    var data = lookup(JSON.parse(source.textContent), element.dataset.chartKey);
    if (!data) return;
    var chart = echarts.getInstanceByDom(element) || echarts.init(element);
    chart.setOption(option(data, element.dataset.chartTheme === "dark"), true);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function renderAll(root) {
    (root || document).querySelectorAll(".sw-chart[data-chart-source]").forEach(render);
  }
  document.addEventListener("DOMContentLoaded", function () { renderAll(); });
  document.addEventListener("htmx:afterSettle", function (event) { renderAll(event.target); });
})();

// The drawn-signature pad: <div data-signature-pad> holding a <canvas>, a hidden input
// named in data-input, and a button[data-clear]. The form refuses to submit an empty pad.
(function () {
  function setUp(pad) {
    var canvas = pad.querySelector("canvas");
    var input = pad.querySelector("input[type=hidden]");
    var context = canvas.getContext("2d");
    var drawing = false, strokes = 0;

    function fit() {
      var ratio = window.devicePixelRatio || 1;
      canvas.width = canvas.clientWidth * ratio;
      canvas.height = canvas.clientHeight * ratio;
      context.scale(ratio, ratio);
      context.lineWidth = 2.5; context.lineCap = "round"; context.strokeStyle = "#111";
      strokes = 0; input.value = "";
    }
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true; canvas.setPointerCapture(event.pointerId);
      var p = point(event); context.beginPath(); context.moveTo(p.x, p.y);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = point(event); context.lineTo(p.x, p.y); context.stroke();
    });
    function end() {
      if (!drawing) return;
      drawing = false; strokes += 1; input.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    pad.querySelector("[data-clear]").addEventListener("click", function () {
      context.clearRect(0, 0, canvas.width, canvas.height); strokes = 0; input.value = "";
    });
    pad.closest("form").addEventListener("submit", function (event) {
      if (!strokes) { event.preventDefault(); pad.querySelector("[data-empty]").hidden = false; }
    });
    fit();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-signature-pad]").forEach(setUp);
  });
})();

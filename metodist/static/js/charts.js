// Chart.js charts of the page: each canvas names the json_script element that holds its configuration.
document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
  "use strict";
  var config = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
  new Chart(canvas, config);
});

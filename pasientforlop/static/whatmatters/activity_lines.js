// "What matters to me": show one empty activity line at a time, and add the next one in place
// with a button. Without JavaScript every free line (up to 10) is shown and works the same.
(function () {
  "use strict";
  function setUp(container) {
    var button = document.querySelector("[data-add-line][aria-controls='" + container.id + "']");
    if (!button) return;
    var empty = Array.prototype.filter.call(container.querySelectorAll(".wm-line"), function (line) {
      var id = line.querySelector("input[name=activity_id]");
      var text = line.querySelector("input[name=activity_text]");
      return id && !id.value && text && !text.value;
    });
    var hidden = empty.slice(1);
    hidden.forEach(function (line) { line.hidden = true; });
    if (!hidden.length) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = hidden.shift();
      if (next) {
        next.hidden = false;
        next.querySelector("input[name=activity_text]").focus();
      }
      if (!hidden.length) button.hidden = true;
    });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-activity-lines]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// Searchable multi-select (progressive enhancement). For every <select multiple
// data-searchable>, adds a search field that filters the options as you type (ignoring case
// and accents), and a live summary of what is chosen with a button to remove each choice.
// The select itself stays in the form and works with the keyboard as before; without
// JavaScript it is a plain (tall) multi-select.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(select) {
    var id = select.id || "ms-" + Math.random().toString(36).slice(2);
    select.id = id;
    select.size = Math.max(select.size || 0, 10);

    var wrap = document.createElement("div");
    wrap.className = "ln-ms-search";
    var label = document.createElement("label");
    label.className = "ds-label";
    label.htmlFor = id + "-search";
    label.textContent = select.dataset.searchLabel || "Search";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id + "-search";
    input.className = "ds-input";
    input.setAttribute("aria-controls", id);
    input.autocomplete = "off";
    wrap.appendChild(label);
    wrap.appendChild(input);
    select.parentNode.insertBefore(wrap, select);

    var summary = document.createElement("div");
    summary.className = "ln-ms-chosen";
    summary.id = id + "-chosen";
    var status = document.createElement("p");
    status.setAttribute("aria-live", "polite");
    status.className = "ds-paragraph";
    var list = document.createElement("ul");
    list.className = "ln-ms-list";
    summary.appendChild(status);
    summary.appendChild(list);
    select.parentNode.insertBefore(summary, select.nextSibling);

    function filter() {
      var needle = fold(input.value.trim());
      var shown = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !needle || fold(option.text).indexOf(needle) !== -1;
        option.hidden = !match;
        if (match) shown += 1;
      });
      input.setAttribute("data-shown", String(shown));
    }

    function render() {
      var chosen = Array.prototype.filter.call(select.options, function (o) {
        return o.selected;
      });
      status.textContent = (select.dataset.chosenLabel || "Chosen") + ": " + chosen.length;
      list.textContent = "";
      chosen.forEach(function (option) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "ds-button";
        button.setAttribute("data-variant", "tertiary");
        button.setAttribute("data-size", "sm");
        button.textContent = option.text + " ✕";
        button.setAttribute(
          "aria-label",
          (select.dataset.removeLabel || "Remove") + " " + option.text
        );
        button.addEventListener("click", function () {
          option.selected = false;
          render();
          input.focus();
        });
        item.appendChild(button);
        list.appendChild(item);
      });
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
    select.addEventListener("change", render);
    render();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(
      document.querySelectorAll("select[multiple][data-searchable]"),
      enhance
    );
  });
})();

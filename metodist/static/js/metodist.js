// The behaviour of every page, from data-* attributes: the Content-Security-Policy runs no inline script,
// no on*= handler and no style attribute. Content swapped in by htmx is enhanced like the page.
(function () {
  "use strict";

  // Sizes computed by the server: numbers only, so no markup can smuggle a style in.
  function applySizes(root) {
    root.querySelectorAll("[data-width-percent]").forEach(function (el) {
      el.style.width = Number(el.dataset.widthPercent) + "%";
    });
    root.querySelectorAll("[data-height-px]").forEach(function (el) {
      el.style.height = Number(el.dataset.heightPx) + "px";
    });
    root.querySelectorAll("[data-indent]").forEach(function (el) {
      el.style.paddingLeft = Number(el.dataset.indent) + 0.5 + "rem";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    applySizes(document);
  });
  document.addEventListener("htmx:load", function (event) {
    applySizes(event.target);
  });

  // A select that submits its form when changed (filters).
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]")) {
      event.target.form.submit();
    }
  });

  // "Add a row" of a formset: copy its empty form with the next index and raise TOTAL_FORMS.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) {
      return;
    }
    var prefix = button.dataset.formsetAdd;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(prefix + "-empty");
    var html = template.innerHTML.replaceAll("__prefix__", total.value);
    document.getElementById(prefix + "-rows").insertAdjacentHTML("beforeend", html);
    total.value = Number(total.value) + 1;
  });
})();

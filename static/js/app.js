// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  function init(root) {
    // The account switcher submits on change; its button stays for no-JS use.
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      var form = select.form;
      form.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });
      select.addEventListener("change", function () { form.requestSubmit(); });
    });
    // Copy buttons: <button data-copy="#target">.
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.querySelector(button.getAttribute("data-copy"));
        if (target && navigator.clipboard) {
          navigator.clipboard.writeText(target.textContent.trim()).then(function () {
            button.textContent = "Copied";
          });
        }
      });
    });
    // A table's "select this page" box: <input type="checkbox" data-check-all>.
    root.querySelectorAll("input[data-check-all]").forEach(function (box) {
      box.addEventListener("change", function () {
        box.closest("table").querySelectorAll("tbody input[type=checkbox]").forEach(function (row) {
          row.checked = box.checked;
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();

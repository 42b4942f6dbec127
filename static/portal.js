// Small enhancements on top of pages that already work without JavaScript.
(function () {
  "use strict";
  // Move focus to the error summary so screen readers start with what went wrong (GOV.UK pattern).
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
  // htmx: send the CSRF token as a header too, and keep focus sensible after a swap.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
  });
  document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.detail.target); });
})();

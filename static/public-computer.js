// Log-in and sign-up forms: ticking "I am on a shared or public computer" stops the browser from offering to
// remember what is typed (e-mail address, name, password). Without JavaScript the server renders the form
// that way after a send, and the log-in page has a link "Log in on a shared or public computer".
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-public-computer]");
    if (!box || !box.form) { return; }
    var fields = Array.prototype.filter.call(box.form.querySelectorAll("input[autocomplete]"), function (input) {
      return input.type !== "checkbox" && input.type !== "hidden";
    });
    fields.forEach(function (input) {
      var own = input.getAttribute("autocomplete");
      // A page sent for a shared computer has "off" everywhere: unticked, the browser may then decide ("on").
      input.dataset.ownAutocomplete = own === "off" ? "on" : own;
    });
    function apply() {
      fields.forEach(function (input) {
        input.setAttribute("autocomplete", box.checked ? "off" : input.dataset.ownAutocomplete);
      });
    }
    box.addEventListener("change", apply);
    apply();
  });
})();

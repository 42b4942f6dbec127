// Log-in and sign-up forms: ticking "I am on a shared or public computer" stops the browser from offering to
// remember what is typed (e-mail address, name, password), and makes the "Log in with DigiD" link on the
// log-in page start a shared-computer log-in too (public=1), since the choice is about the computer, not the
// way of logging in. Without JavaScript the server renders the form that way after a send, and the log-in
// page has links "Log in with DigiD on a shared or public computer" and "Log in on a shared or public computer".
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
    var links = Array.prototype.slice.call(document.querySelectorAll("a[data-digid-start]"));
    links.forEach(function (link) { link.dataset.ownHref = link.getAttribute("href"); });
    function shared(href) {
      if (/[?&]public=1(&|$)/.test(href)) { return href; }
      return href + (href.indexOf("?") < 0 ? "?" : "&") + "public=1";
    }
    function apply() {
      fields.forEach(function (input) {
        input.setAttribute("autocomplete", box.checked ? "off" : input.dataset.ownAutocomplete);
      });
      // Unticked, a link keeps the address the server gave it (on a shared-computer page, public=1 stays).
      links.forEach(function (link) {
        link.setAttribute("href", box.checked ? shared(link.dataset.ownHref) : link.dataset.ownHref);
      });
    }
    box.addEventListener("change", apply);
    apply();
  });
})();

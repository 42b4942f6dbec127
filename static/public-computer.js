// Log-in form: ticking "I am on a shared or public computer" stops the browser from offering to remember the
// e-mail address and password. Without JavaScript the link "Log in on a shared or public computer" does that.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-public-computer]");
    if (!box) { return; }
    var email = document.getElementById("email");
    var password = document.getElementById("password");
    function apply() {
      if (email) { email.setAttribute("autocomplete", box.checked ? "off" : "username"); }
      if (password) { password.setAttribute("autocomplete", box.checked ? "off" : "current-password"); }
    }
    box.addEventListener("change", apply);
    apply();
  });
})();

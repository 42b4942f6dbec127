// Time-out warning (WCAG 2.2.1): two minutes before the idle time-out, a modal dialog says so and offers to
// stay logged in. "Stay logged in" POSTs to the server (with the CSRF token), which counts the idle time again
// from then; it works as often as needed. At the time-out the page reloads, and the server sends the visitor to
// the log-in page, which brings them back here. Without JavaScript nothing of this shows.
(function () {
  "use strict";
  var holder, dialog, stayButton, lastFocus, timers = [];

  function text(name) { return holder.getAttribute("data-" + name) || ""; }

  function clearTimers() {
    timers.forEach(function (t) { clearTimeout(t); });
    timers = [];
  }

  function schedule(secondsLeft) {
    clearTimers();
    var warn = parseInt(text("warn-seconds"), 10) || 120;
    // Near the 12-hour limit the session cannot be extended: no second warning that cannot help.
    if (!dialog || secondsLeft > warn) {
      timers.push(setTimeout(openDialog, Math.max(0, secondsLeft - warn) * 1000));
    }
    timers.push(setTimeout(function () { window.location.reload(); }, secondsLeft * 1000 + 1000));
  }

  function element(tag, attributes, content) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (content) { node.textContent = content; }
    return node;
  }

  function build() {
    dialog = element("dialog", {"class": "timeout-dialog", "role": "alertdialog", "aria-modal": "true",
                                "aria-labelledby": "timeout-title", "aria-describedby": "timeout-text"});
    dialog.appendChild(element("h2", {"id": "timeout-title", "class": "timeout-dialog__title"}, text("title")));
    dialog.appendChild(element("p", {"id": "timeout-text"}, text("text")));
    var actions = element("div", {"class": "timeout-dialog__actions"});
    stayButton = element("button", {"type": "button", "class": "button button--primary"}, text("stay"));
    stayButton.addEventListener("click", stay);
    actions.appendChild(stayButton);
    var form = element("form", {"method": "post", "action": text("logout-url"), "class": "inline-form"});
    form.appendChild(element("input", {"type": "hidden", "name": "csrf_token", "value": csrfToken()}));
    form.appendChild(element("button", {"class": "button button--secondary"}, text("logout")));
    actions.appendChild(form);
    dialog.appendChild(actions);
    // Escape means the visitor is here: the same as "stay logged in".
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); });
    document.body.appendChild(dialog);
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function openDialog() {
    if (!dialog) { build(); }
    if (dialog.open) { return; }
    lastFocus = document.activeElement;
    dialog.showModal();
    stayButton.focus();
  }

  function closeDialog() {
    if (dialog && dialog.open) { dialog.close(); }
    if (lastFocus && lastFocus.focus) { lastFocus.focus(); }
  }

  function stay() {
    stayButton.disabled = true;
    fetch(text("extend-url"), {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}
    }).then(function (response) {
      if (!response.ok) { throw new Error("not extended"); }
      return response.json();
    }).then(function (answer) {
      stayButton.disabled = false;
      closeDialog();
      schedule(answer.seconds_left);
    }).catch(function () { window.location.reload(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    holder = document.getElementById("session-timeout");
    if (!holder || typeof HTMLDialogElement === "undefined") { return; }
    var idle = parseInt(text("seconds-left"), 10);
    schedule(idle);
    // An htmx request keeps the session alive too (the server notes it to the minute): count from it.
    document.addEventListener("htmx:afterRequest", function () {
      if (!dialog || !dialog.open) { schedule(Math.max(0, idle - 60)); }
    });
  });
})();

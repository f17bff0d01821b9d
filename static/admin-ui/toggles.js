// Flag switches (flag list and flag page): save at once in the background and confirm on
// screen. Without JavaScript the same buttons submit #flag-toggle-form and the page reloads.
(function () {
  "use strict";
  if (window.flagToggles) return;  // included by more than one template on a page

  function toastRegion() {
    var region = document.getElementById("toast-region");
    if (!region) {
      region = document.createElement("ul");
      region.id = "toast-region";
      region.className = "messagelist toast-region";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function toast(text, level) {
    var item = document.createElement("li");
    item.className = level;
    item.textContent = text;
    var region = toastRegion();
    region.appendChild(item);
    setTimeout(function () { item.remove(); }, level === "error" ? 12000 : 5000);
  }

  function show(button, enabled) {
    button.setAttribute("aria-checked", enabled ? "true" : "false");
    button.classList.toggle("is-on", enabled);
    button.classList.toggle("is-off", !enabled);
    button.value = enabled ? "0" : "1";
    button.querySelector(".label").textContent = enabled ? "On" : "Off";
    var where = button.dataset.flag + " in " + button.dataset.environment;
    button.title = "Turn " + (enabled ? "off " : "on ") + where;
    var panel = document.getElementById("env-" + button.dataset.environment);
    if (panel && panel.contains(button)) panel.classList.toggle("is-enabled", enabled);
  }

  function strategyAdded(button) {
    var panel = document.getElementById("env-" + button.dataset.environment);
    var empty = panel && panel.querySelector(".strategy-empty");
    if (empty) empty.textContent = "The default strategy was added. Reload the page to edit it.";
  }

  function post(button) {
    var form = document.getElementById("flag-toggle-form");
    var body = new FormData(form);
    body.set("enabled", button.value);
    // Busy, not disabled: disabling would take the keyboard focus away from the switch.
    button.setAttribute("aria-busy", "true");
    return fetch(button.getAttribute("formaction"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        // Not our answer (signed out, a proxy page): let the browser show it.
        form.requestSubmit(button);
        return;
      }
      return response.json().then(function (answer) {
        if (response.ok) {
          show(button, answer.enabled);
          if (answer.strategyAdded) strategyAdded(button);
          toast(answer.message, "success");
        } else {
          toast(answer.message || "Not saved.", "error");
        }
      });
    }).catch(function () {
      toast("Not saved: the server could not be reached.", "error");
    }).finally(function () {
      button.removeAttribute("aria-busy");
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.flag-toggle");
    if (!button || button.disabled || !window.fetch) return;
    event.preventDefault();
    if (button.getAttribute("aria-busy") === "true") return;
    post(button);
  });

  // The live region exists before the first message: screen readers announce changes to a
  // region they already know, not one added together with its text.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", toastRegion);
  else toastRegion();

  window.flagToggles = { toast: toast };
})();

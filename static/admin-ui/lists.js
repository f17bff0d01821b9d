// List filters are menus: one open at a time, closed by Escape or a click elsewhere, and never
// re-opened by Django's remembered state after choosing (the choice navigates).
(function () {
  "use strict";
  function menus() { return document.querySelectorAll("#changelist-filter details.filter-menu"); }
  function closeAll(except) {
    menus().forEach(function (d) { if (d !== except) d.removeAttribute("open"); });
  }
  document.addEventListener("DOMContentLoaded", function () { closeAll(null); });
  document.addEventListener("toggle", function (e) {
    if (e.target.matches && e.target.matches("details.filter-menu") && e.target.open) closeAll(e.target);
  }, true);
  document.addEventListener("click", function (e) {
    if (!e.target.closest("#changelist-filter details.filter-menu")) closeAll(null);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var open = document.querySelector("#changelist-filter details.filter-menu[open]");
    if (!open) return;
    open.removeAttribute("open");
    open.querySelector("summary").focus();
  });
})();

// Django's filter widget (two lists with a filter box) labels its search icon with aria-label
// on a plain span, which assistive technology ignores; as an image the label is announced.
window.addEventListener("load", function () {
  document.querySelectorAll(".search-label-icon[aria-label]").forEach(function (icon) {
    icon.setAttribute("role", "img");
  });
});

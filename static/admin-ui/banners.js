// Opens a banner's dialog; a static file so the admin's Content-Security-Policy
// (script-src 'self', no inline script) lets it run.
document.addEventListener("click", function (event) {
  var opener = event.target.closest("[data-banner-dialog]");
  if (!opener) return;
  var dialog = document.getElementById(opener.getAttribute("data-banner-dialog"));
  if (dialog && dialog.showModal) dialog.showModal();
});

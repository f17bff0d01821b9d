// Small conveniences: copy-to-clipboard, and the flag page's strategy shortcuts.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const text = document.getElementById(button.dataset.copy).textContent;
  navigator.clipboard.writeText(text).then(() => { button.textContent = "Copied"; });
});

// Flag page: "Add strategy" opens that environment's inline editor and adds an empty strategy.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-add-strategy]");
  if (!link) return;
  const group = document.getElementById(`${link.dataset.addStrategy}-group`);
  if (!group) return;
  event.preventDefault();
  group.closest("details").open = true;
  const add = group.querySelector(".add-row a");
  if (add) add.click();
  group.scrollIntoView({ behavior: "smooth", block: "start" });
});


/* Command menu: Ctrl/Cmd+K (or the header's Search button) opens a quick search over flags,
   projects, segments and admin pages. A result opens the object itself; the number of results
   is shown and announced (aria-live); recently visited pages are remembered once each. */
(function () {
  "use strict";
  var RECENT_KEY = "unleash.commandMenu.recent";
  var MAX_RECENT = 8;
  var root, input, list, status, opener = null, items = [], active = 0, timer = null, cache = {};
  var shownQuery = null, enterPending = false;  // Enter typed before its results arrived

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function readRecent() {
    try {
      var stored = JSON.parse(localStorage.getItem(RECENT_KEY) || "[]");
      return Array.isArray(stored) ? dedupe(stored) : [];
    } catch (e) { return []; }
  }

  // One entry per page and per label: a list seen with other filters is the same place.
  function dedupe(entries) {
    var urls = {}, labels = {};
    return entries.filter(function (r) {
      if (!r || typeof r.url !== "string" || typeof r.label !== "string") return false;
      var key = r.label.toLowerCase();
      if (urls[r.url] || labels[key]) return false;
      urls[r.url] = labels[key] = true;
      return true;
    });
  }

  function pageLabel() {
    var parts = document.title.split("|");
    return parts.length > 1 ? parts.slice(0, -1).join("|").trim() : document.title.trim();
  }

  function rememberPage() {
    var label = pageLabel();
    if (!label || location.pathname.indexOf("/admin/login") === 0 || document.querySelector(".errornote")) return;
    var recent = dedupe([{ url: location.pathname + location.search, label: label }].concat(readRecent()));
    try { localStorage.setItem(RECENT_KEY, JSON.stringify(recent.slice(0, MAX_RECENT))); } catch (e) { /* full or disabled */ }
  }

  function adminPages() {
    var links = document.querySelectorAll("#command-menu-pages a");
    return Array.prototype.map.call(links, function (a) {
      return { url: a.getAttribute("href"), label: a.textContent, kind: a.dataset.section || "Page" };
    });
  }

  function getJSON(url) {
    if (cache[url]) return cache[url];
    cache[url] = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; });
    return cache[url];
  }

  function matches(text, query) { return text.toLowerCase().indexOf(query) !== -1; }

  function flagUrl(name) { return "/admin/flags/feature/by-name/" + encodeURIComponent(name) + "/"; }

  function search(query) {
    var q = query.trim().toLowerCase();
    if (!q) {
      return Promise.resolve(readRecent().map(function (r) {
        return { url: r.url, label: r.label, kind: "Recent" };
      }));
    }
    var pages = adminPages().filter(function (p) { return matches(p.label, q); });
    var flags = getJSON("/api/admin/search/features?limit=8&query=" + encodeURIComponent(query.trim()))
      .then(function (body) {
        // Names that start with, then contain, the query come before matches in tags or text.
        function rank(f) { var n = f.name.toLowerCase(); return n.indexOf(q) === 0 ? 0 : (n.indexOf(q) > 0 ? 1 : 2); }
        return (body.features || []).slice().sort(function (a, b) { return rank(a) - rank(b); })
          .map(function (f) {
            return { url: flagUrl(f.name), label: f.name, kind: "Flag · " + f.project };
          });
      });
    var projects = getJSON("/api/admin/projects").then(function (body) {
      return (body.projects || []).filter(function (p) { return matches(p.id + " " + p.name, q); })
        .map(function (p) {
          return { url: "/admin/flags/project/" + encodeURIComponent(p.id) + "/change/", label: p.name, kind: "Project" };
        });
    });
    var segments = getJSON("/api/admin/segments").then(function (body) {
      return (body.segments || []).filter(function (s) { return matches(s.name, q); })
        .map(function (s) { return { url: "/admin/flags/segment/" + s.id + "/change/", label: s.name, kind: "Segment" }; });
    });
    return Promise.all([flags, projects, segments]).then(function (parts) {
      return parts[0].concat(parts[1], parts[2], pages).slice(0, 20);
    });
  }

  function announce(results) {
    var query = input.value.trim();
    if (!results.length) status.textContent = query ? "No matches for “" + query + "”" : "No recently visited pages";
    else if (!query) status.textContent = results.length + " recently visited page" + (results.length === 1 ? "" : "s");
    else status.textContent = results.length + " result" + (results.length === 1 ? "" : "s") + " for “" + query + "”";
  }

  function render(results) {
    items = results;
    active = 0;
    shownQuery = input.value;
    list.textContent = "";
    announce(results);
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    results.forEach(function (r, i) {
      var li = el("li", "command-menu__item");
      li.setAttribute("role", "option");
      li.id = "command-menu-item-" + i;
      li.appendChild(el("span", "command-menu__label", r.label));
      li.appendChild(el("span", "command-menu__kind", r.kind));
      li.addEventListener("mousedown", function (e) { e.preventDefault(); go(i); });
      list.appendChild(li);
    });
    highlight();
    if (enterPending) { enterPending = false; go(0); }
  }

  function highlight() {
    Array.prototype.forEach.call(list.children, function (li, i) {
      li.classList.toggle("is-active", i === active);
      li.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    if (list.children[active]) {
      input.setAttribute("aria-activedescendant", "command-menu-item-" + active);
      list.children[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function go(i) {
    if (items[i]) location.href = items[i].url;
  }

  function update() {
    var query = input.value;
    status.textContent = query.trim() ? "Searching…" : "";
    search(query).then(function (results) { if (input.value === query) render(results); });
  }

  function onKey(e) {
    if (e.key === "ArrowDown") { active = Math.min(active + 1, items.length - 1); highlight(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); highlight(); e.preventDefault(); }
    else if (e.key === "Enter") {
      e.preventDefault();
      if (input.value !== shownQuery) { enterPending = true; clearTimeout(timer); update(); }
      else go(active);
    }
    else if (e.key === "Escape") { close(); e.preventDefault(); }
    else if (e.key === "Tab") { e.preventDefault(); }  // the dialog holds focus while open
  }

  function build() {
    root = el("div", "command-menu");
    root.hidden = true;
    var panel = el("div", "command-menu__panel");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "true");
    panel.setAttribute("aria-label", "Search flags, projects, segments and pages");
    input = el("input", "command-menu__input");
    input.type = "text";
    input.placeholder = "Search flags, projects, segments, pages…";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-label", "Search");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", "command-menu-list");
    input.setAttribute("aria-expanded", "false");
    input.autocomplete = "off";
    list = el("ul", "command-menu__list");
    list.id = "command-menu-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Results");
    status = el("div", "command-menu__status");
    status.id = "command-menu-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", "command-menu-status");
    panel.appendChild(input);
    panel.appendChild(status);
    panel.appendChild(list);
    panel.appendChild(el("div", "command-menu__hint", "↑↓ to move · Enter to open · Esc to close"));
    root.appendChild(panel);
    root.addEventListener("mousedown", function (e) { if (e.target === root) close(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 120); });
    input.addEventListener("keydown", onKey);
    document.body.appendChild(root);
  }

  function open() {
    if (!root) build();
    opener = document.activeElement;
    root.hidden = false;
    input.value = "";
    enterPending = false;
    update();
    input.focus();
  }

  function close() {
    if (!root || root.hidden) return;
    root.hidden = true;
    if (opener && opener.focus) opener.focus();
  }

  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && (e.key === "k" || e.key === "K")) {
      e.preventDefault();
      if (root && !root.hidden) close(); else open();
    }
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-command-menu-open]")) { e.preventDefault(); open(); }
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", rememberPage);
  else rememberPage();
  window.commandMenu = { open: open, close: close };
})();

/* Command menu: Ctrl/Cmd+K opens a quick search over flags, projects, segments and admin
   pages, with recently visited admin pages remembered in localStorage. No dependencies. */
(function () {
  "use strict";
  var RECENT_KEY = "unleash.commandMenu.recent";
  var MAX_RECENT = 8;
  var root, input, list, items = [], active = 0, timer = null, cache = {};

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function readRecent() {
    try { return JSON.parse(localStorage.getItem(RECENT_KEY) || "[]"); } catch (e) { return []; }
  }

  function rememberPage() {
    var title = document.title.split("|")[0].trim();
    if (!title || location.pathname.indexOf("/admin/login") === 0) return;
    var url = location.pathname + location.search;
    var recent = readRecent().filter(function (r) { return r.url !== url; });
    recent.unshift({ url: url, label: title });
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
        return (body.features || []).map(function (f) {
          return { url: "/admin/flags/feature/?q=" + encodeURIComponent(f.name), label: f.name, kind: "Flag · " + f.project };
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

  function render(results) {
    items = results;
    active = 0;
    list.textContent = "";
    if (!results.length) {
      list.appendChild(el("li", "command-menu__empty", input.value ? "No matches" : "No recently visited pages"));
      return;
    }
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
  }

  function highlight() {
    Array.prototype.forEach.call(list.children, function (li, i) {
      li.classList.toggle("is-active", i === active);
      li.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    if (list.children[active]) input.setAttribute("aria-activedescendant", "command-menu-item-" + active);
  }

  function go(i) {
    if (items[i]) location.href = items[i].url;
  }

  function update() {
    var query = input.value;
    search(query).then(function (results) { if (input.value === query) render(results); });
  }

  function onKey(e) {
    if (e.key === "ArrowDown") { active = Math.min(active + 1, items.length - 1); highlight(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = Math.max(active - 1, 0); highlight(); e.preventDefault(); }
    else if (e.key === "Enter") { go(active); e.preventDefault(); }
    else if (e.key === "Escape") { close(); }
  }

  function build() {
    root = el("div", "command-menu");
    root.hidden = true;
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-label", "Quick search");
    var panel = el("div", "command-menu__panel");
    input = el("input", "command-menu__input");
    input.type = "search";
    input.placeholder = "Search flags, projects, segments, pages…";
    input.setAttribute("aria-controls", "command-menu-list");
    list = el("ul", "command-menu__list");
    list.id = "command-menu-list";
    list.setAttribute("role", "listbox");
    panel.appendChild(input);
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
    root.hidden = false;
    input.value = "";
    update();
    input.focus();
  }

  function close() { if (root) root.hidden = true; }

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

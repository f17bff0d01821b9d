/* Shared parts of the guided editors: the page's editor config, row errors, chip lists.
   Each editor turns a hidden JSON textarea (flags/admin/forms.py) into form controls and
   writes JSON back on every change; the server parses and validates it. */
(function () {
  "use strict";
  if (window.FlagEditors) return;
  var builders = {};
  var config = null;

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "dataset") Object.assign(node.dataset, props.dataset);
      else if (key.indexOf("aria-") === 0 || key === "role" || key === "for" || key === "list") node.setAttribute(key, props[key]);
      else node[key] = props[key];
    });
    (children || []).forEach(function (child) { if (child != null) node.append(child); });
    return node;
  }

  function readConfig() {
    if (config) return config;
    var blob = document.getElementById("flag-editor-config");
    try { config = blob ? JSON.parse(blob.textContent) : {}; } catch (e) { config = {}; }
    config.contextFields = config.contextFields || [
      "appName", "environment", "userId", "sessionId", "remoteAddress", "currentTime"
    ].map(function (name) { return { name: name, description: "", legalValues: [], stickiness: false }; });
    config.stickiness = config.stickiness || ["default", "userId", "sessionId", "random"];
    config.strategies = config.strategies || [];
    config.flag = config.flag || "";
    return config;
  }

  function parseJSON(text, fallback) {
    try { var value = JSON.parse(text); return value == null ? fallback : value; } catch (e) { return undefined; }
  }

  function rowErrors(textarea) {
    try { return JSON.parse(textarea.dataset.errors || "[]"); } catch (e) { return []; }
  }

  function select(options, value, props) {
    // options: [value] or [[value, label]]; an unknown current value is kept as the first choice
    var node = el("select", props);
    var pairs = options.map(function (o) { return Array.isArray(o) ? o : [o, o]; });
    if (value && !pairs.some(function (p) { return p[0] === value; })) pairs.unshift([value, value]);
    pairs.forEach(function (p) { node.append(el("option", { value: p[0], textContent: p[1], selected: p[0] === value })); });
    return node;
  }

  function message(node, text) {
    // One message under a control or row; empty text removes it.
    var old = node.querySelector(":scope > .editor-error");
    if (old) old.remove();
    node.classList.toggle("has-error", !!text);
    if (text) node.append(el("p", { className: "editor-error", textContent: text }));
  }

  var uid = 0;
  function nextId(prefix) { uid += 1; return prefix + "-" + uid; }

  // A list of values as removable chips plus an input: Enter, comma or Tab adds, paste splits.
  function chips(opts) {
    var values = (opts.values || []).slice();
    var box = el("div", { className: "chips" });
    var list = el("span", { className: "chips-list" });
    var input = el("input", { type: "text", className: "chips-input", placeholder: opts.placeholder || "Type a value, then Enter", "aria-label": opts.label || "Add a value" });
    if (opts.suggestions && opts.suggestions.length) {
      var listId = nextId("chips-suggest");
      var datalist = el("datalist", { id: listId });
      opts.suggestions.forEach(function (v) { datalist.append(el("option", { value: v })); });
      input.setAttribute("list", listId);
      box.append(datalist);
    }
    function render() {
      list.textContent = "";
      values.forEach(function (value, index) {
        var problem = opts.validate ? opts.validate(value) : null;
        var chip = el("span", { className: "chip" + (problem ? " is-invalid" : ""), title: problem || "" }, [
          el("span", { className: "chip-text", textContent: value }),
          el("button", { type: "button", className: "chip-remove", textContent: "×", "aria-label": "Remove " + value }),
        ]);
        chip.querySelector("button").addEventListener("click", function () { values.splice(index, 1); render(); changed(); input.focus(); });
        list.append(chip);
      });
      var bad = values.map(function (v) { return opts.validate ? opts.validate(v) : null; }).filter(Boolean);
      message(box, bad.length ? bad[0] : "");
    }
    function changed() { if (opts.onChange) opts.onChange(values.slice()); }
    function add(text) {
      var added = false;
      text.split(",").map(function (v) { return v.trim(); }).filter(Boolean).forEach(function (v) {
        if (values.indexOf(v) === -1) { values.push(v); added = true; }
      });
      if (added) { render(); changed(); }
    }
    input.addEventListener("keydown", function (e) {
      if ((e.key === "Enter" || e.key === ",") && input.value.trim()) { e.preventDefault(); add(input.value); input.value = ""; }
      else if (e.key === "Enter") e.preventDefault();  // never submits the page
      else if (e.key === "Backspace" && !input.value && values.length) { values.pop(); render(); changed(); }
    });
    input.addEventListener("blur", function () { if (input.value.trim()) { add(input.value); input.value = ""; } });
    input.addEventListener("paste", function (e) {
      var text = (e.clipboardData || window.clipboardData).getData("text");
      if (text.indexOf(",") !== -1 || text.indexOf("\n") !== -1) { e.preventDefault(); add(text.replace(/\n/g, ",")); }
    });
    box.append(list, input);
    box.addEventListener("click", function (e) { if (e.target === box || e.target === list) input.focus(); });
    render();
    return { node: box, input: input, values: function () { return values.slice(); } };
  }

  function init(root) {
    Object.keys(builders).forEach(function (kind) {
      root.querySelectorAll("textarea.editor-json[data-editor='" + kind + "']:not([data-ready])").forEach(function (textarea) {
        if (textarea.name.indexOf("__prefix__") !== -1) return;  // the empty form Django clones
        textarea.dataset.ready = "1";
        builders[kind](textarea);
      });
    });
  }

  function register(kind, build) {
    builders[kind] = build;
    if (document.readyState !== "loading") init(document);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("formset:added", function (event) { init(event.target); });

  window.FlagEditors = {
    el: el, select: select, chips: chips, message: message, nextId: nextId,
    config: readConfig, parseJSON: parseJSON, rowErrors: rowErrors, register: register, init: init,
  };
})();

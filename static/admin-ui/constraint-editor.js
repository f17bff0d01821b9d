// Row-per-constraint editor over a JSON textarea; the server validates what it writes.
(function () {
  "use strict";
  const SINGLE = /^(NUM_|DATE_|SEMVER_|REGEX)/;

  function el(tag, props, children) {
    const node = Object.assign(document.createElement(tag), props || {});
    (children || []).forEach((c) => node.append(c));
    return node;
  }

  function select(options, value) {
    const node = el("select");
    const all = options.includes(value) || !value ? options : [value].concat(options);
    all.forEach((o) => node.append(el("option", { value: o, textContent: o, selected: o === value })));
    return node;
  }

  function check(label, checked) {
    const box = el("input", { type: "checkbox", checked: !!checked });
    return [box, el("label", {}, [box, " " + label])];
  }

  function parse(text) {
    try { const v = JSON.parse(text || "[]"); return v === null ? [] : Array.isArray(v) ? v : null; }
    catch (e) { return null; }
  }

  function build(textarea) {
    const names = JSON.parse(textarea.dataset.contextNames || "[]");
    const operators = JSON.parse(textarea.dataset.operators || "[]");
    const rows = el("div");
    const box = el("div", { className: "ce" });
    const add = el("button", { type: "button", className: "button", textContent: "Add constraint" });
    const raw = el("details", {}, [el("summary", { textContent: "JSON" })]);
    textarea.parentNode.insertBefore(box, textarea);
    raw.append(textarea);
    box.append(rows, add, raw);

    function write() {
      const list = [...rows.querySelectorAll(".ce-row")].map((row) => row.read());
      textarea.value = JSON.stringify(list, null, 2);
    }

    function row(c) {
      const context = select(names, c.contextName || names[0]);
      const operator = select(operators, c.operator || "IN");
      const values = el("input", { type: "text", placeholder: "values, comma-separated" });
      const single = SINGLE.test(c.operator || "");
      values.value = single ? (c.value || "") : (c.values || []).join(", ");
      const [inv, invLabel] = check("not", c.inverted);
      const [ci, ciLabel] = check("ignore case", c.caseInsensitive);
      const remove = el("button", { type: "button", className: "button", textContent: "✕", title: "Remove" });
      const node = el("div", { className: "ce-row" }, [context, operator, values, invLabel, ciLabel, remove]);
      node.read = () => {
        const out = { contextName: context.value, operator: operator.value, inverted: inv.checked, caseInsensitive: ci.checked };
        const text = values.value.trim();
        if (SINGLE.test(operator.value)) out.value = text;
        else out.values = text ? text.split(",").map((v) => v.trim()).filter(Boolean) : [];
        return out;
      };
      remove.addEventListener("click", () => { node.remove(); write(); render(); });
      node.addEventListener("input", write);
      node.addEventListener("change", write);
      return node;
    }

    function render() {
      rows.querySelectorAll(".ce-empty").forEach((n) => n.remove());
      if (!rows.querySelector(".ce-row")) rows.append(el("p", { className: "ce-empty", textContent: "No constraints: applies to everyone." }));
    }

    const initial = parse(textarea.value);
    if (initial === null) { raw.open = true; return; }  // leave invalid JSON for the user to fix
    initial.forEach((c) => rows.append(row(c)));
    render();
    add.addEventListener("click", () => { rows.append(row({})); write(); render(); });
  }

  function init(root) {
    root.querySelectorAll("textarea.constraint-json:not([data-ce])").forEach((t) => {
      if (t.name.includes("__prefix__")) return;
      t.dataset.ce = "1";
      build(t);
    });
  }

  document.addEventListener("DOMContentLoaded", () => init(document));
  document.addEventListener("formset:added", (event) => init(event.target));
})();

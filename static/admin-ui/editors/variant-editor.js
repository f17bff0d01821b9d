/* Variants as rows: name, weight (fixed or sharing the rest), stickiness and a payload typed
   as what it is; a JSON payload is edited as JSON and checked as you type. The bar shows how
   requests are split, balanced as the server balances it. */
(function () {
  "use strict";
  var E = window.FlagEditors;
  var PAYLOADS = [["", "No payload"], ["string", "String"], ["json", "JSON"], ["number", "Number"], ["csv", "CSV"]];
  var COLOURS = ["#3b4cc0", "#1f8a4c", "#c2410c", "#7c3aed", "#0e7490", "#b45309", "#be123c", "#4d7c0f"];

  // Fixed weights keep theirs; variable ones share what is left of 1000, remainder first.
  function balanced(variants) {
    var fixed = 0, variable = [];
    variants.forEach(function (v) { if (v.weightType === "fix") fixed += v.weight || 0; else variable.push(v); });
    if (variable.length) {
      var share = Math.floor((1000 - fixed) / variable.length), rest = (1000 - fixed) % variable.length;
      variable.forEach(function (v, i) { v.weight = Math.max(0, share + (i < rest ? 1 : 0)); });
    }
    return variants;
  }

  function pretty(type, value) {
    if (type !== "json") return value;
    try { return JSON.stringify(JSON.parse(value), null, 2); } catch (e) { return value; }
  }

  function build(textarea) {
    var initial = E.parseJSON(textarea.value || "[]", []);
    if (!Array.isArray(initial)) return;
    var cfg = E.config();
    var rows = E.el("div", { className: "ve-rows" });
    var bar = E.el("div", { className: "ve-bar", role: "img", "aria-label": "Distribution" });
    var legend = E.el("ul", { className: "ve-legend" });
    var add = E.el("button", { type: "button", className: "button ve-add", textContent: "+ Add variant" });
    var box = E.el("div", { className: "ve", role: "group", "aria-label": "Variants" }, [rows, add, E.el("div", { className: "ve-distribution" }, [bar, legend])]);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(box, textarea);

    function all() { return Array.prototype.map.call(rows.querySelectorAll(":scope > .ve-row"), function (r) { return r.read(); }); }

    function write() {
      var list = all();
      textarea.value = list.length ? JSON.stringify(list, null, 2) : "[]";
      draw(list);
    }

    function draw(list) {
      var shares = balanced(list.map(function (v) { return { name: v.name, weightType: v.weightType, weight: v.weight }; }));
      bar.textContent = ""; legend.textContent = "";
      box.classList.toggle("is-empty", !shares.length);
      var total = shares.reduce(function (sum, v) { return sum + v.weight; }, 0);
      shares.forEach(function (v, i) {
        var percent = (v.weight / 10).toFixed(1).replace(/\.0$/, "") + "%";
        var colour = COLOURS[i % COLOURS.length];
        bar.append(E.el("span", { className: "ve-slice", title: (v.name || "?") + ": " + percent, style: "width:" + (v.weight / 10) + "%;background:" + colour }));
        legend.append(E.el("li", {}, [E.el("span", { className: "ve-swatch", style: "background:" + colour }), (v.name || "(no name)") + " " + percent]));
        var row = rows.querySelectorAll(":scope > .ve-row")[i];
        if (row && v.weightType !== "fix") row.querySelector(".ve-weight").value = (v.weight / 10).toFixed(1).replace(/\.0$/, "");
      });
      if (shares.length && total !== 1000) legend.append(E.el("li", { className: "ve-warning", textContent: "Weights add up to " + (total / 10) + "%: they must make 100%." }));
    }

    function row(v) {
      var name = E.el("input", { type: "text", className: "ve-name", value: v.name || "", placeholder: "e.g. blue", "aria-label": "Variant name" });
      var weightType = E.select([["variable", "Share the rest"], ["fix", "Fixed"]], v.weightType || "variable", { className: "ve-weight-type", "aria-label": "Weight type" });
      var weight = E.el("input", { type: "number", min: 0, max: 100, step: 0.1, className: "ve-weight", value: v.weight != null ? v.weight / 10 : "", "aria-label": "Weight (%)" });
      var stickiness = E.select(cfg.stickiness, v.stickiness || "default", { className: "ve-stickiness", "aria-label": "Stickiness" });
      var payload = v.payload || {};
      var payloadType = E.select(PAYLOADS, payload.type || "", { className: "ve-payload-type", "aria-label": "Payload type" });
      var value = E.el("textarea", { className: "ve-payload", rows: 3, value: pretty(payload.type, payload.value || ""), "aria-label": "Payload" });
      var payloadBox = E.el("div", { className: "ve-payload-box" }, [value]);
      var remove = E.el("button", { type: "button", className: "button ve-remove", textContent: "Remove", "aria-label": "Remove this variant" });
      var overrides = v.overrides || [];
      var node = E.el("div", { className: "ve-row" }, [
        E.el("div", { className: "ve-line" }, [
          name, weightType, E.el("span", { className: "ve-weight-box" }, [weight, "%"]), stickiness, payloadType, remove,
        ]),
        payloadBox,
        overrides.length ? E.el("p", { className: "help", textContent: overrides.length + " override(s) kept as they are." }) : null,
      ]);
      function checkPayload() {
        var type = payloadType.value;
        payloadBox.hidden = !type;
        value.classList.toggle("is-json", type === "json");
        var problem = "";
        if (type === "json" && value.value.trim()) {
          try { JSON.parse(value.value); } catch (e) { problem = "Not valid JSON yet: " + e.message; }
        }
        if (type === "number" && value.value.trim() && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.value.trim())) problem = "Not a number";
        E.message(payloadBox, problem);
      }
      function syncWeight() { weight.disabled = weightType.value !== "fix"; }
      node.read = function () {
        var out = { name: name.value.trim(), weightType: weightType.value, stickiness: stickiness.value };
        out.weight = weightType.value === "fix" ? Math.round(parseFloat(weight.value || "0") * 10) : 0;
        if (payloadType.value) out.payload = { type: payloadType.value, value: value.value };
        if (overrides.length) out.overrides = overrides;
        return out;
      };
      [name, weight, value].forEach(function (n) { n.addEventListener("input", function () { checkPayload(); write(); }); });
      [weightType, stickiness, payloadType].forEach(function (n) { n.addEventListener("change", function () { syncWeight(); checkPayload(); write(); }); });
      remove.addEventListener("click", function () { node.remove(); write(); add.focus(); });
      syncWeight(); checkPayload();
      return node;
    }

    initial.forEach(function (v) { rows.append(row(v)); });
    draw(initial.map(function (v) { return { name: v.name, weightType: v.weightType, weight: v.weight }; }));
    E.rowErrors(textarea).forEach(function (error) {
      var target = error.row != null ? rows.querySelectorAll(":scope > .ve-row")[error.row] : box;
      if (target) E.message(target, error.message);
    });
    add.addEventListener("click", function () {
      var fresh = row({ stickiness: "default", weightType: "variable" });
      rows.append(fresh); write();
      fresh.querySelector(".ve-name").focus();
    });
  }

  E.register("variants", build);
})();

/* Constraints as rows: context field, operator, and an input that fits the operator
   (chips for lists, a number, a date and time with its zone, a checked version). */
(function () {
  "use strict";
  var E = window.FlagEditors;
  var OPERATORS = [
    ["Lists", [["IN", "is one of"], ["NOT_IN", "is not one of"]]],
    ["Text", [["STR_CONTAINS", "contains"], ["STR_STARTS_WITH", "starts with"], ["STR_ENDS_WITH", "ends with"]]],
    ["Numbers", [["NUM_EQ", "="], ["NUM_GT", ">"], ["NUM_GTE", "≥"], ["NUM_LT", "<"], ["NUM_LTE", "≤"]]],
    ["Dates", [["DATE_AFTER", "is after"], ["DATE_BEFORE", "is before"]]],
    ["Versions", [["SEMVER_EQ", "version ="], ["SEMVER_GT", "version >"], ["SEMVER_GTE", "version ≥"], ["SEMVER_LT", "version <"], ["SEMVER_LTE", "version ≤"]]],
    ["Other", [["REGEX", "matches regex"], ["IN_CIDR", "IP is in range"]]],
  ];
  var SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

  function family(op) {
    if (/^NUM_/.test(op)) return "number";
    if (/^DATE_/.test(op)) return "date";
    if (/^SEMVER_/.test(op)) return "semver";
    if (op === "REGEX") return "regex";
    return "list";
  }

  function operatorSelect(value) {
    var node = E.el("select", { className: "ce-operator", "aria-label": "Operator" });
    var known = false;
    OPERATORS.forEach(function (group) {
      var optgroup = E.el("optgroup", { label: group[0] });
      group[1].forEach(function (pair) {
        known = known || pair[0] === value;
        optgroup.append(E.el("option", { value: pair[0], textContent: pair[1], selected: pair[0] === value }));
      });
      node.append(optgroup);
    });
    if (value && !known) node.prepend(E.el("option", { value: value, textContent: value, selected: true }));
    return node;
  }

  function pad(n) { return String(n).padStart(2, "0"); }
  var LOCAL_ZONE = (Intl.DateTimeFormat().resolvedOptions().timeZone || "local time");

  // A date, an optional time (midnight when empty) and the zone they are in; stored in UTC.
  function dateInput(value, onChange) {
    var date = E.el("input", { type: "date", className: "ce-date", "aria-label": "Date" });
    var time = E.el("input", { type: "time", className: "ce-time", "aria-label": "Time (empty: midnight)" });
    var zone = E.select([["UTC", "UTC"], ["local", LOCAL_ZONE]], "UTC", { className: "ce-zone", "aria-label": "Time zone" });
    var shown = E.el("span", { className: "ce-stored" });
    var parsed = value ? new Date(value) : null;
    if (parsed && !isNaN(parsed)) {
      date.value = parsed.getUTCFullYear() + "-" + pad(parsed.getUTCMonth() + 1) + "-" + pad(parsed.getUTCDate());
      time.value = pad(parsed.getUTCHours()) + ":" + pad(parsed.getUTCMinutes());
    }
    function read() {
      if (!date.value) return "";
      var t = time.value || "00:00";
      if (zone.value === "UTC") return date.value + "T" + t + ":00.000Z";
      var local = new Date(date.value + "T" + t);
      return isNaN(local) ? "" : local.toISOString();
    }
    function update() {
      var stored = read();
      shown.textContent = stored ? "Stored as " + stored : "Pick a date; without a time it means midnight.";
      onChange();
    }
    [date, time, zone].forEach(function (n) { n.addEventListener("input", update); n.addEventListener("change", update); });
    var node = E.el("span", { className: "ce-datetime" }, [date, time, zone, shown]);
    shown.textContent = value ? "Stored as " + read() : "Pick a date; without a time it means midnight.";
    return { node: node, read: read };
  }

  function legalValuesOf(name) {
    var field = E.config().contextFields.filter(function (f) { return f.name === name; })[0];
    return field ? field.legalValues || [] : [];
  }

  // Legal values as checkboxes: the context field says which values exist.
  function legalChoice(legal, values, onChange) {
    var node = E.el("span", { className: "ce-legal", role: "group", "aria-label": "Values" });
    legal.forEach(function (item) {
      var box = E.el("input", { type: "checkbox", value: item.value, checked: values.indexOf(item.value) !== -1 });
      box.addEventListener("change", onChange);
      node.append(E.el("label", { className: "ce-legal-item", title: item.description || "" }, [box, " " + item.value]));
    });
    return {
      node: node,
      read: function () {
        return Array.prototype.filter.call(node.querySelectorAll("input"), function (b) { return b.checked; })
          .map(function (b) { return b.value; });
      },
    };
  }

  function valueInput(operator, contextName, c, onChange) {
    var kind = family(operator);
    var legal = legalValuesOf(contextName).map(function (v) { return v.value; });
    if (kind === "list") {
      var values = c.values || (c.value ? [c.value] : []);
      if ((operator === "IN" || operator === "NOT_IN") && legal.length) {
        var choice = legalChoice(legalValuesOf(contextName), values, onChange);
        return { node: choice.node, read: function () { return { values: choice.read() }; } };
      }
      var list = E.chips({
        values: values,
        suggestions: legal,
        label: "Values for " + contextName,
        placeholder: "Type a value, then Enter",
        validate: operator === "IN_CIDR" ? function (v) { return /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(v) ? null : "“" + v + "” is not an IP address or range"; } : null,
        onChange: onChange,
      });
      return { node: list.node, read: function () { return { values: list.values() }; } };
    }
    var single = c.value != null ? c.value : (c.values && c.values.length === 1 ? c.values[0] : "");
    if (kind === "date") {
      var picker = dateInput(single, onChange);
      return { node: picker.node, read: function () { return { value: picker.read() }; } };
    }
    var input;
    if (legal.length && kind !== "regex") {
      input = E.select([["", "Pick a value"]].concat(legal.map(function (v) { return [v, v]; })), single, { className: "ce-value" });
    } else {
      input = E.el("input", { type: kind === "number" ? "number" : "text", step: "any", className: "ce-value", value: single });
      input.placeholder = { number: "A number, e.g. 42", semver: "A version, e.g. 1.2.3", regex: "A regular expression, e.g. ^beta-" }[kind];
    }
    input.setAttribute("aria-label", "Value");
    var wrap = E.el("span", { className: "ce-single" }, [input]);
    function check() {
      if (kind === "semver") E.message(wrap, input.value && !SEMVER.test(input.value.trim()) ? "Use a version such as 1.2.3 or 2.0.0-beta.1" : "");
      onChange();
    }
    input.addEventListener("input", check);
    input.addEventListener("change", check);
    return { node: wrap, read: function () { return { value: input.value.trim() }; } };
  }

  function build(textarea) {
    var initial = E.parseJSON(textarea.value || "[]", []);
    if (!Array.isArray(initial)) return;  // not ours to rewrite: leave the text as it is
    var cfg = E.config();
    var names = cfg.contextFields.map(function (f) { return [f.name, f.name]; });
    var rows = E.el("div", { className: "ce-rows" });
    var add = E.el("button", { type: "button", className: "button ce-add", textContent: "+ Add constraint" });
    var box = E.el("div", { className: "ce", role: "group", "aria-label": "Constraints" }, [rows, add]);
    textarea.hidden = true;
    textarea.parentNode.insertBefore(box, textarea);

    function write() {
      var list = Array.prototype.map.call(rows.querySelectorAll(":scope > .ce-row"), function (r) { return r.read(); });
      textarea.value = JSON.stringify(list, null, 2);
      empty();
    }

    function empty() {
      var note = rows.querySelector(".ce-empty");
      if (note) note.remove();
      if (!rows.querySelector(".ce-row")) rows.append(E.el("p", { className: "ce-empty", textContent: "No constraints: this strategy applies to every request." }));
    }

    function row(c) {
      var context = E.select(names, c.contextName || "userId", { className: "ce-context", "aria-label": "Context field" });
      var operator = operatorSelect(c.operator || "IN");
      var inverted = E.el("input", { type: "checkbox", checked: !!c.inverted });
      var caseless = E.el("input", { type: "checkbox", checked: !!c.caseInsensitive });
      var caseLabel = E.el("label", { className: "ce-flag" }, [caseless, " ignore case"]);
      var remove = E.el("button", { type: "button", className: "button ce-remove", textContent: "Remove", "aria-label": "Remove this constraint" });
      var slot = E.el("span", { className: "ce-slot" });
      var node = E.el("div", { className: "ce-row" }, [
        E.el("div", { className: "ce-line" }, [context, E.el("label", { className: "ce-flag" }, [inverted, " not"]), operator, caseLabel, remove]),
        slot,
      ]);
      var value;
      function place() {
        var current = value ? value.read() : c;
        value = valueInput(operator.value, context.value, current, write);
        slot.textContent = "";
        slot.append(value.node);
        caseLabel.hidden = !/^STR_/.test(operator.value);
        var field = cfg.contextFields.filter(function (f) { return f.name === context.value; })[0];
        context.title = field && field.description ? field.description : "";
      }
      node.read = function () {
        var out = { contextName: context.value, operator: operator.value, inverted: inverted.checked, caseInsensitive: caseless.checked && /^STR_/.test(operator.value) };
        var operand = value.read();
        if (operand.values) { out.values = operand.values; } else { out.value = operand.value; }
        return out;
      };
      operator.addEventListener("change", function () {
        var before = value.read();
        value = null;
        c = before.values ? { values: before.values } : { value: before.value };
        if (family(operator.value) !== "list" && c.values) c = { value: c.values[0] || "" };
        if (family(operator.value) === "list" && c.value != null) c = { values: c.value ? [c.value] : [] };
        if (family(operator.value) === "date" && !/^\d{4}-/.test(c.value || "")) c = { value: "" };
        place(); write();
      });
      context.addEventListener("change", function () { value = null; c = {}; place(); write(); });
      [inverted, caseless].forEach(function (b) { b.addEventListener("change", write); });
      remove.addEventListener("click", function () { node.remove(); write(); add.focus(); });
      node.addEventListener("input", function () { E.message(node, ""); });
      place();
      return node;
    }

    initial.forEach(function (c) { rows.append(row(c)); });
    E.rowErrors(textarea).forEach(function (error) {
      var target = error.row != null ? rows.querySelectorAll(":scope > .ce-row")[error.row] : box;
      if (target) E.message(target, error.message);
    });
    add.addEventListener("click", function () {
      var fresh = row({ contextName: "userId", operator: "IN", values: [] });
      rows.append(fresh); write();
      fresh.querySelector("select").focus();
    });
    empty();
  }

  E.register("constraints", build);
})();

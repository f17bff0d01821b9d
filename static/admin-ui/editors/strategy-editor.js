/* A strategy's parameters as its type declares them: a rollout slider, a stickiness choice,
   a group id that defaults to the flag's name, checked lists of user ids, IPs or hosts. */
(function () {
  "use strict";
  var E = window.FlagEditors;
  var IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)(\/\d{1,3})?$/;
  var HOST = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
  var LIST_CHECKS = {
    IPs: function (v) {
      var ok = IP.test(v) && (v.indexOf(":") !== -1 || v.split("/")[0].split(".").every(function (n) { return +n <= 255; }));
      return ok ? null : "“" + v + "” is not an IP address or a CIDR range such as 10.0.0.0/8";
    },
    hostNames: function (v) { return HOST.test(v) ? null : "“" + v + "” is not a host name such as web-1.example.com"; },
  };
  var LABELS = { rollout: "Rollout", stickiness: "Stickiness", groupId: "Group id", userIds: "User ids", IPs: "IP addresses", hostNames: "Host names" };

  function definition(name) {
    return E.config().strategies.filter(function (d) { return d.name === name; })[0] || { name: name, parameters: [], description: "" };
  }

  function percentage(value, onChange, label) {
    var number = E.el("input", { type: "number", min: 0, max: 100, step: 1, className: "se-percent", value: value === "" ? "100" : value, "aria-label": label + " (%)" });
    var slider = E.el("input", { type: "range", min: 0, max: 100, step: 1, className: "se-slider", value: number.value, "aria-label": label });
    slider.addEventListener("input", function () { number.value = slider.value; onChange(); });
    number.addEventListener("input", function () { if (number.value !== "") slider.value = number.value; onChange(); });
    return { node: E.el("span", { className: "se-range" }, [slider, number, "%"]), read: function () { return number.value.trim(); } };
  }

  function control(spec, value, onChange) {
    var cfg = E.config();
    var label = LABELS[spec.name] || spec.name;
    if (spec.type === "percentage") return percentage(value, onChange, label);
    if (spec.name === "stickiness") {
      var sticky = E.select(cfg.stickiness, value || "default", { className: "se-stickiness", "aria-label": label });
      sticky.addEventListener("change", onChange);
      return { node: sticky, read: function () { return sticky.value; } };
    }
    if (spec.type === "list") {
      var list = E.chips({
        values: (value || "").split(",").map(function (v) { return v.trim(); }).filter(Boolean),
        validate: LIST_CHECKS[spec.name] || null,
        label: label,
        onChange: onChange,
      });
      return { node: list.node, read: function () { return list.values().join(","); } };
    }
    if (spec.type === "boolean") {
      var box = E.el("input", { type: "checkbox", checked: value === "true", "aria-label": label });
      box.addEventListener("change", onChange);
      return { node: box, read: function () { return box.checked ? "true" : "false"; } };
    }
    var input = E.el("input", { type: spec.type === "number" ? "number" : "text", step: "any", className: "vTextField", value: value || "", "aria-label": label });
    if (spec.name === "groupId") input.placeholder = cfg.flag;
    input.addEventListener("input", onChange);
    return { node: input, read: function () { return input.value.trim(); } };
  }

  function build(textarea) {
    var params = E.parseJSON(textarea.value || "{}", {});
    if (params === undefined || Array.isArray(params) || typeof params !== "object") {
      // `key = value` lines (an older page): read them as parameters.
      params = {};
      (textarea.value || "").split("\n").forEach(function (line) {
        var at = line.indexOf("=");
        if (at > 0) params[line.slice(0, at).trim()] = line.slice(at + 1).trim();
      });
    }
    var nameSelect = document.getElementById(textarea.id.replace(/parameters$/, "name"));
    var box = E.el("div", { className: "se", role: "group", "aria-label": "Parameters" });
    var about = E.el("p", { className: "se-about help" });
    textarea.hidden = true;
    textarea.parentNode.insertBefore(box, textarea);
    var controls = {};
    var isNew = !textarea.value || textarea.value.trim() === "{}" || textarea.value.trim() === "";

    function write() {
      var out = {};
      Object.keys(params).forEach(function (k) { out[k] = params[k]; });
      Object.keys(controls).forEach(function (k) { out[k] = controls[k].read(); });
      textarea.value = JSON.stringify(out);
    }

    function render() {
      Object.keys(controls).forEach(function (k) { params[k] = controls[k].read(); });
      controls = {};
      box.textContent = "";
      var def = definition(nameSelect ? nameSelect.value : "");
      about.textContent = def.description || "";
      if (def.description) box.append(about);
      if (def.name === "flexibleRollout" && isNew) {
        // A new strategy starts as Unleash's UI starts it; a stored one is shown as it is.
        params.rollout = params.rollout || "100";
        params.stickiness = params.stickiness || "default";
        params.groupId = params.groupId || E.config().flag;
      }
      var declared = def.parameters || [];
      if (!declared.length) box.append(E.el("p", { className: "se-none help", textContent: def.name === "default" ? "On for everyone who passes the constraints below." : "This strategy type takes no parameters." }));
      declared.forEach(function (spec) {
        var c = control(spec, params[spec.name] != null ? String(params[spec.name]) : "", write);
        controls[spec.name] = c;
        var id = E.nextId("se");
        var label = E.el("label", { className: "se-label" + (spec.required ? " required" : ""), textContent: LABELS[spec.name] || spec.name, "for": id });
        var target = c.node.matches("input, select") ? c.node : c.node.querySelector("input, select");
        if (target) target.id = id;
        var row = E.el("div", { className: "se-param", dataset: { param: spec.name } }, [label, c.node]);
        if (spec.description) row.append(E.el("p", { className: "help", textContent: spec.description }));
        box.append(row);
      });
      // Parameters the type does not declare (an edited definition, an import) are kept as they are.
      var extra = Object.keys(params).filter(function (k) { return !controls[k] && declared.length; });
      if (extra.length) box.append(E.el("p", { className: "help", textContent: "Also kept: " + extra.map(function (k) { return k + " = " + params[k]; }).join(", ") }));
      if (!declared.length) Object.keys(params).forEach(function (k) { if (def.name === "default") delete params[k]; });
      if (isNew) write();  // a stored strategy's parameters change only when edited
    }

    if (nameSelect) nameSelect.addEventListener("change", function () {
      // Only what the new type declares is carried over; others are dropped.
      var def = definition(nameSelect.value);
      var keep = {};
      (def.parameters || []).forEach(function (spec) { if (controls[spec.name]) keep[spec.name] = controls[spec.name].read(); else if (params[spec.name] != null) keep[spec.name] = params[spec.name]; });
      controls = {};
      params = keep;
      isNew = true;
      render();
    });
    render();
    isNew = false;
    E.rowErrors(textarea).forEach(function (error) {
      var row = box.querySelector("[data-param='" + error.param + "']") || box;
      E.message(row, (LABELS[error.param] || error.param || "Parameters") + " " + error.message);
    });
  }

  E.register("parameters", build);
})();

(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("details.finding"));
  var counter = document.getElementById("shown");
  var haystack = null;  // lower-cased text of each finding, built on the first text search

  function checked(name) {
    var set = {};
    form.querySelectorAll('input[name="' + name + '"]:checked').forEach(function (box) {
      set[box.value] = true;
    });
    return set;
  }

  function apply() {
    var sev = checked("sev"), engine = checked("engine"), status = checked("status");
    var rule = form.elements.rule.value;
    var query = form.elements.q.value.trim().toLowerCase();
    if (query && haystack === null) {
      haystack = items.map(function (el) { return el.textContent.toLowerCase(); });
    }
    var shown = 0;
    for (var i = 0; i < items.length; i++) {
      var d = items[i].dataset;
      var ok = sev[d.sev] === true && status[d.status] === true &&
        d.engines.split(" ").some(function (e) { return engine[e] === true; }) &&
        (rule === "" || d.rules.split("\n").indexOf(rule) >= 0) &&
        (query === "" || haystack[i].indexOf(query) >= 0);
      if (items[i].hidden === ok) { items[i].hidden = !ok; }
      if (ok) { shown++; }
    }
    counter.textContent = shown + " of " + items.length + " shown";
  }

  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("expand").addEventListener("click", function () {
    items.forEach(function (el) { if (!el.hidden) { el.open = true; } });
  });
  document.getElementById("collapse").addEventListener("click", function () {
    items.forEach(function (el) { el.open = false; });
  });
  // A link such as report.html#sev=critical,high&q=app/ opens with those filters set.
  var wanted = new URLSearchParams(window.location.hash.slice(1));
  ["sev", "status", "engine"].forEach(function (name) {
    if (!wanted.has(name)) { return; }
    var values = wanted.get(name).split(",");
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      box.checked = values.indexOf(box.value) >= 0;
    });
  });
  if (wanted.has("rule")) { form.elements.rule.value = wanted.get("rule"); }
  if (wanted.has("q")) { form.elements.q.value = wanted.get("q"); }
  apply();
  // A finding's rule link (#rule-N) opens that rule's entry in the rules section.
  function openRule() {
    var id = window.location.hash.slice(1);
    var target = id.indexOf("rule-") === 0 ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openRule);
  openRule();
})();
// "Accept…": the ledger entry and the `sastflow triage accept` command for a finding (or for the
// selected ones), built here from the finding's data attributes. Nothing is sent anywhere; every
// value reaches the page as text (value/textContent), never as markup.
(function () {
  "use strict";
  var dialog = document.getElementById("accept-dialog");
  if (!dialog) { return; }
  var form = document.getElementById("accept-form");
  var selection = document.getElementById("selection");
  var pickedList = document.getElementById("picked-list");
  var targets = [];

  function entryOf(box) {
    var d = box.dataset;
    var group = d.group ? d.group.split("\n").map(function (line) {
      var cut = line.indexOf(" ");
      return { fp: line.slice(0, cut), rule: line.slice(cut + 1) };
    }) : [];
    var where = box.closest("details.finding").querySelector("summary .loc");
    return { fp: d.fp, rule: d.rule, path: d.path, group: group, loc: where.textContent };
  }

  // The ledger editor's own scalars (sastflow/triage/edit.py): plain when safe, else quoted.
  var PLAIN = /^[A-Za-z_][A-Za-z0-9_.\/@+-]*$/;
  var RESERVED = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
  var SHORT = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  var NEEDS = /["\\\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/g;
  function quoted(v) {
    return '"' + v.replace(NEEDS, function (c) {
      return SHORT[c] || "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    }) + '"';
  }
  function scalar(v) {
    return PLAIN.test(v) && RESERVED.indexOf(v.toLowerCase()) < 0 ? v : quoted(v);
  }
  // Python's shlex.quote, so the command reads back word for word.
  function sh(v) {
    if (v === "") { return "''"; }
    return /^[A-Za-z0-9_@%+=:,.\/-]+$/.test(v) ? v : "'" + v.replace(/'/g, "'\"'\"'") + "'";
  }
  var LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

  function isoDate(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate());
  }
  function expiry(text) {
    var relative = /^\+([0-9]{1,5})d$/.exec(text);
    if (relative) {
      var days = parseInt(relative[1], 10);
      if (days < 1) { return null; }
      var now = new Date();
      return isoDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days));
    }
    var parts = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!parts) { return null; }
    var y = +parts[1], m = +parts[2], d = +parts[3];
    var date = new Date(y, m - 1, d);
    return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? text : null;
  }

  function yamlEntry(t, v) {
    var lines = [
      "  - fingerprint: " + quoted(t.fp),
      "    rule: " + scalar(t.rule),
      "    path: " + scalar(t.path),
      "    reason: " + quoted(v.reason),
      "    approved_by: " + scalar(v.by),
      "    expires: " + v.expires
    ];
    if (v.ticket) { lines.push("    ticket: " + scalar(v.ticket)); }
    if (t.group.length) {
      lines.push("    group:");
      t.group.forEach(function (m) {
        lines.push("      - fingerprint: " + quoted(m.fp));
        lines.push("        rule: " + scalar(m.rule));
      });
    }
    return lines.join("\n") + "\n";
  }
  function command(t, v) {
    var argv = ["sastflow", "triage", "accept", t.fp, "--rule", t.rule, "--path", t.path,
      "--reason", v.reason, "--expires", v.expires, "--by", v.by];
    if (v.ticket) { argv.push("--ticket", v.ticket); }
    t.group.forEach(function (m) { argv.push("--group", m.fp + ":" + m.rule); });
    return argv.map(sh).join(" ");
  }

  function render() {
    var f = form.elements;
    var v = { reason: f.reason.value.trim(), ticket: f.ticket.value.trim(), by: f.by.value.trim() };
    v.expires = expiry(f.expires.value.trim());
    var problems = [];
    if (!v.reason) { problems.push("the reason is empty: say why the finding is acceptable"); }
    if (v.expires === null) { problems.push("expires must be +Nd or a date YYYY-MM-DD"); }
    if (!LOGIN.test(v.by)) { problems.push("approved by must be a GitHub login (without @)"); }
    document.getElementById("accept-problem").textContent = problems.join("; ");
    var ok = problems.length === 0;
    document.getElementById("accept-command").value =
      ok ? targets.map(function (t) { return command(t, v); }).join("\n") : "";
    document.getElementById("accept-yaml").value =
      ok ? targets.map(function (t) { return yamlEntry(t, v); }).join("") : "";
  }

  function open(list) {
    targets = list;
    document.getElementById("accept-what").textContent = list.length === 1
      ? list[0].rule + " at " + list[0].loc : list.length + " selected findings";
    render();
    dialog.showModal();
    form.elements.reason.focus();
  }

  function picked() {
    return Array.prototype.slice.call(document.querySelectorAll("input.pick:checked"))
      .map(function (box) { return entryOf(box.closest(".actions")); });
  }
  function showPicked() {
    var list = picked();
    document.getElementById("picked").textContent = String(list.length);
    selection.classList.toggle("empty", list.length === 0);
    while (pickedList.firstChild) { pickedList.removeChild(pickedList.firstChild); }
    list.forEach(function (t) {
      var item = document.createElement("li");
      item.textContent = t.loc + " · " + t.rule;
      pickedList.appendChild(item);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button) { return; }
    if (button.classList.contains("accept-one")) {
      open([entryOf(button.closest(".actions"))]);
    } else if (button.id === "accept-picked") {
      var list = picked();
      if (list.length) { open(list); }
    } else if (button.id === "clear-picked") {
      document.querySelectorAll("input.pick:checked").forEach(function (box) { box.checked = false; });
      showPicked();
    } else if (button.dataset.copy) {
      var area = document.getElementById(button.dataset.copy);
      area.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value);
      } else {
        document.execCommand("copy");
      }
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("pick")) { showPicked(); }
  });
  form.addEventListener("input", render);
})();

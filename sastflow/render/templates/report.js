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

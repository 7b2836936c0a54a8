/* Caresq policy site: date marks, checklists, self-checks, copy and print.
   Progressive enhancement: without this script every page is a readable list.
   Nothing leaves the browser: ticks live in localStorage only. */
(function () {
  "use strict";

  function todayIso() {
    var d = new Date();
    var m = String(d.getMonth() + 1).padStart(2, "0");
    var day = String(d.getDate()).padStart(2, "0");
    return d.getFullYear() + "-" + m + "-" + day;
  }

  /* Past, next and upcoming steps, decided here because a static page must not freeze "today". */
  function markTimelines(today) {
    document.querySelectorAll("ol.cq-timeline").forEach(function (list) {
      var nextFound = false;
      list.querySelectorAll("li.cq-milestone[data-start]").forEach(function (item) {
        var label = item.querySelector("[data-status-label]");
        item.classList.remove("cq-past", "cq-next", "cq-upcoming");
        var status;
        if (item.dataset.end < today) { status = "past"; }
        else if (!nextFound) { status = "next"; nextFound = true; }
        else { status = "upcoming"; }
        item.classList.add("cq-" + status);
        if (label) {
          label.textContent = { past: " · verstreken", next: " · eerstvolgende", upcoming: "" }[status];
        }
      });
    });
    document.querySelectorAll(".cq-next[data-milestones]").forEach(function (el) {
      var items = JSON.parse(el.dataset.milestones || "[]");
      var next = items.find(function (m) { return m.end >= today; });
      el.textContent = "";
      var a = document.createElement("a");
      if (next) {
        a.href = next.href;
        a.textContent = "Volgende stap: " + next.label + ", " + next.step;
      } else if (items.length) {
        var last = items[items.length - 1];
        a.href = last.href;
        a.textContent = "Alle stappen zijn verstreken; laatste: " + last.label + ", " + last.step;
      } else { return; }
      el.appendChild(a);
    });
  }

  function copyText(text, button) {
    var done = function () {
      if (!button) { return; }
      var old = button.textContent;
      button.textContent = "Gekopieerd";
      setTimeout(function () { button.textContent = old; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else { fallbackCopy(text); done(); }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  function readStore(key) {
    try { return JSON.parse(localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }

  function writeStore(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: ticks not kept */ }
  }

  /* A condition's whole text: its label plus, for long texts, the description below it. */
  function conditionText(li) {
    return Array.prototype.map.call(li.querySelectorAll("label, .cq-label-more"), function (el) { return el.textContent; })
      .join(" ").replace(/\s+/g, " ").trim();
  }

  function setupChecklist(root) {
    var key = root.dataset.storageKey;
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[data-condition]"));
    var tools = root.querySelector(".cq-checklist-tools");
    var notice = root.querySelector(".cq-notice");
    var total = root.querySelector(".cq-progress-total");
    if (tools) { tools.hidden = false; }
    var store = readStore(key);
    var dropped = [];
    boxes.forEach(function (box) {
      var saved = store[box.dataset.condition];
      if (!saved) { return; }
      if (saved.hash === box.dataset.hash) { box.checked = true; }
      else {
        dropped.push(conditionText(box.closest("li")).slice(0, 80));
        delete store[box.dataset.condition];
      }
    });
    if (dropped.length) {
      writeStore(key, store);
      notice.textContent = "De tekst van " + dropped.length + (dropped.length === 1 ? " voorwaarde is" : " voorwaarden zijn") +
        " gewijzigd sinds u die aanvinkte. Controleer opnieuw: " + dropped.join("; ");
    }

    function visible(el) { return !el.hidden; }

    function update() {
      var done = 0, all = 0;
      root.querySelectorAll("fieldset.cq-check-group").forEach(function (group) {
        var groupBoxes = group.querySelectorAll("input[data-condition]");
        var ticked = group.querySelectorAll("input[data-condition]:checked").length;
        group.querySelector(".cq-progress").textContent = ticked + " van " + groupBoxes.length + " voldaan";
        if (visible(group)) { done += ticked; all += groupBoxes.length; }
      });
      total.textContent = "Totaal: " + done + " van " + all + " voldaan";
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        if (box.checked) { store[box.dataset.condition] = { hash: box.dataset.hash }; }
        else { delete store[box.dataset.condition]; }
        writeStore(key, store);
        update();
      });
    });

    var reset = root.querySelector(".cq-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        store = {};
        try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
        boxes.forEach(function (box) { box.checked = false; });
        notice.textContent = "Uw antwoorden zijn gewist.";
        update();
      });
    }

    var filters = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
    function applyFilters() {
      var wanted = {};
      filters.forEach(function (select) { wanted[select.dataset.filter] = select.value; });
      root.querySelectorAll("fieldset.cq-check-group").forEach(function (group) {
        var show = true;
        if (wanted.form && group.dataset.form && group.dataset.form !== wanted.form) { show = false; }
        if (wanted.route && group.dataset.routes && group.dataset.routes.split(" ").indexOf(wanted.route) < 0) { show = false; }
        if (wanted.variant && group.dataset.variant && group.dataset.variant !== wanted.variant) { show = false; }
        group.hidden = !show;
      });
      update();
    }
    filters.forEach(function (select) { select.addEventListener("change", applyFilters); });

    var copy = root.querySelector(".cq-copy-text");
    if (copy) {
      copy.addEventListener("click", function () {
        var lines = [root.dataset.policy, ""];
        root.querySelectorAll("fieldset.cq-check-group").forEach(function (group) {
          if (group.hidden) { return; }
          lines.push(group.querySelector("legend").textContent.trim());
          group.querySelectorAll("li").forEach(function (li) {
            var box = li.querySelector("input[data-condition]");
            lines.push((box.checked ? "[x] " : "[ ] ") + conditionText(li));
          });
          lines.push("");
        });
        lines.push(total.textContent);
        copyText(lines.join("\n"), copy);
      });
    }
    var printed = document.createElement("p");
    printed.className = "cq-print-only cq-printed-on";
    printed.textContent = "Ingevuld en afgedrukt op " + new Date().toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" }) + ".";
    if (tools) { tools.parentNode.insertBefore(printed, tools); }
    applyFilters();
  }

  /* Which contract variant applies: rules come from the YAML, via data-rules. */
  function setupSelfCheck(form) {
    var rules = JSON.parse(form.dataset.rules);
    var result = form.querySelector(".cq-result");
    function evaluate() {
      var ticked = Array.prototype.slice.call(form.querySelectorAll("input[data-factor]:checked"))
        .map(function (box) { return box.dataset.factor; });
      var requires = form.querySelector("input[data-requires]");
      var lines = [];
      var clash = rules.exclusive.filter(function (group) {
        return group.filter(function (f) { return ticked.indexOf(f) >= 0; }).length > 1;
      });
      if (clash.length) {
        lines.push("Let op: volgens de bron sluiten deze factoren elkaar uit: " + clash.map(function (g) { return g.join(" en "); }).join("; ") + ".");
      }
      if (requires && !requires.checked) {
        result.textContent = "U komt pas voor een zorgovereenkomst in aanmerking als u aan alle algemene voorwaarden voldoet. " + lines.join(" ");
        return;
      }
      var count = ticked.length;
      var match = rules.variants.find(function (v) {
        return count >= v.min && (v.max === null || count <= v.max);
      });
      var text = "U voldoet aan " + count + (count === 1 ? " factor" : " factoren") + ". ";
      text += match ? "Van toepassing: " + match.name + " (" + match.range + " factoren)." : "Geen variant past bij dit aantal.";
      var unreachable = rules.variants.filter(function (v) { return !v.reachable; });
      if (unreachable.length) {
        text += " " + unreachable.map(function (v) { return v.name; }).join(", ") + " is volgens de bron niet haalbaar, omdat factoren elkaar uitsluiten.";
      }
      result.textContent = text + (lines.length ? " " + lines.join(" ") : "");
    }
    form.addEventListener("change", evaluate);
    /* The general conditions are the checklist groups named in `requires`: once every one
       of them is ticked above, tick "wij voldoen aan alle algemene voorwaarden" too. */
    var requiresBox = form.querySelector("input[data-requires]");
    function requiredBoxes() {
      return rules.requires.reduce(function (all, group) {
        var fieldset = document.querySelector('fieldset.cq-check-group[data-group="' + group + '"]');
        return fieldset ? all.concat(Array.prototype.slice.call(fieldset.querySelectorAll("input[data-condition]"))) : all;
      }, []);
    }
    function syncRequires() {
      var boxes = requiredBoxes();
      if (!requiresBox || !boxes.length) { return; }
      requiresBox.checked = boxes.every(function (box) { return box.checked; });
      evaluate();
    }
    requiredBoxes().forEach(function (box) { box.addEventListener("change", syncRequires); });
    if (requiresBox && requiredBoxes().length && requiredBoxes().every(function (box) { return box.checked; })) {
      requiresBox.checked = true;
    }
    evaluate();
  }

  function setupChangeFilter(select) {
    select.addEventListener("change", function () {
      document.querySelectorAll(".cq-change-entry").forEach(function (entry) {
        entry.hidden = Boolean(select.value) && entry.dataset.careType !== select.value;
      });
    });
  }

  /* On narrow screens Material's menu and search buttons are <label>s for hidden
     checkboxes and cannot be reached with Tab. Make them focusable, give them a
     name, and let Space press them as Enter already does. (On wide screens they are hidden.) */
  function keyboardHeaderButtons() {
    [["__drawer", "Menu"], ["__search", "Zoeken"]].forEach(function (pair) {
      var label = document.querySelector('.md-header label.md-header__button[for="' + pair[0] + '"]');
      if (!label || label.hasAttribute("tabindex")) { return; }
      label.setAttribute("tabindex", "0");
      var name = document.createElement("span");
      name.className = "cq-visually-hidden";
      name.textContent = pair[1];
      label.appendChild(name);
      // Material already presses a focused label on Enter; Space is ours.
      label.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          label.click();
        }
      });
    });
  }

  function init() {
    keyboardHeaderButtons();
    markTimelines(todayIso());
    document.querySelectorAll(".cq-checklist[data-storage-key]").forEach(setupChecklist);
    document.querySelectorAll("form.cq-selfcheck[data-rules]").forEach(setupSelfCheck);
    document.querySelectorAll(".cq-change-filter").forEach(setupChangeFilter);
    document.querySelectorAll("button.cq-copy[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () { copyText(button.dataset.copy, button); });
    });
    document.querySelectorAll("button.cq-print").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();

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
  }

  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december"];

  /* The Inkoopkalender: upcoming steps first, passed ones folded, by the reader's date. The
     build split them by its own date; move each step to where it belongs today, in date order,
     with the month headings redrawn. */
  function splitCalendar(today) {
    var upcoming = document.querySelector(".cq-calendar-upcoming ol.cq-timeline");
    var past = document.querySelector(".cq-past-steps ol.cq-timeline");
    if (!upcoming || !past) { return; }
    var items = Array.prototype.slice.call(document.querySelectorAll(
      ".cq-calendar-upcoming li.cq-milestone, .cq-past-steps li.cq-milestone"));
    items.sort(function (a, b) { return a.dataset.start < b.dataset.start ? -1 : (a.dataset.start > b.dataset.start ? 1 : 0); });
    [upcoming, past].forEach(function (list) { list.replaceChildren(); });
    var month = { upcoming: "", past: "" };
    var count = 0;
    items.forEach(function (item) {
      var passed = item.dataset.end < today;
      var list = passed ? past : upcoming, key = passed ? "past" : "upcoming";
      var label = MONTHS[Number(item.dataset.start.slice(5, 7)) - 1] + " " + item.dataset.start.slice(0, 4);
      if (label !== month[key]) {
        month[key] = label;
        list.appendChild(el("li", { "class": "cq-month", "aria-hidden": "true" }, [el("span", {}, [label])]));
      }
      list.appendChild(item);
      if (passed) { count += 1; }
    });
    document.querySelector(".cq-past-count").textContent = String(count);
    document.querySelector(".cq-calendar-upcoming .cq-none").hidden = count !== items.length;
  }

  /* "Wat komt eraan": per route the next step, or, once all have passed, what the NZa rules
     imply. Same choice and wording as generator/render/upcoming.py, with the reader's date. */
  var NZA_URL = "https://puc.overheid.nl/nza/doc/PUC_696458_22/";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function nextLines(data, today) {
    var found = data.routes.map(function (route) {
      var index = route.steps.find(function (i) { return data.steps[i].end >= today; });
      return { name: route.route, index: index === undefined ? null : index };
    });
    if (found.every(function (f) { return f.index === null; })) { return []; }
    var order = [], names = {};
    found.forEach(function (f) {
      var key = String(f.index);
      if (!(key in names)) { order.push(f.index); names[key] = []; }
      if (f.name) { names[key].push(f.name); }
    });
    if (order.length === 1) { return [{ routes: [], step: data.steps[order[0]] }]; }
    order.sort(function (a, b) {
      if (a === null || b === null) { return (a === null) - (b === null); }
      return data.steps[a].start < data.steps[b].start ? -1 : (data.steps[a].start > data.steps[b].start ? 1 : 0);
    });
    return order.map(function (i) { return { routes: names[String(i)], step: i === null ? null : data.steps[i] }; });
  }

  function expectedYear(latest, today) {
    var year = Number(today.slice(0, 4));
    return Math.max(latest + 1, today < year + "-04-01" ? year + 1 : year + 2);
  }

  function renderUpcoming(box, today) {
    var data = JSON.parse(box.dataset.upcoming);
    var lines = nextLines(data, today);
    var parts = [];
    if (lines.length) {
      parts.push(el("ul", { "class": "cq-next-steps" }, lines.map(function (line) {
        var content = line.step
          ? [el("a", { href: line.step.href }, [el("strong", {}, [line.step.label])]), ": " + line.step.step]
          : ["Alle stappen zijn verstreken"];
        if (line.routes.length) {
          content.push(" ", el("span", { "class": "cq-for" }, ["(voor " + line.routes.join(", ") + ")"]));
        }
        return el("li", {}, content);
      })));
    } else {
      var year = expectedYear(data.latest, today);
      parts.push(el("p", {}, ["Alle stappen voor " + data.latest + " zijn verstreken. Verwacht volgens de ",
        el("a", { href: NZA_URL }, ["regels van de NZa"]), ":"]));
      parts.push(el("ul", { "class": "cq-expected" }, [
        el("li", {}, [el("strong", {}, ["Vóór 1 april " + (year - 1)]), ": publicatie inkoopbeleid " + year]),
        el("li", {}, [el("strong", {}, ["Daarna, in principe 4 weken"]), ": vragen stellen over het nieuwe beleid"])
      ]));
    }
    var asof = new Date(today + "T12:00:00").toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });
    parts.push(el("p", { "class": "cq-asof" }, ["Stand op " + asof + "."]));
    box.replaceChildren.apply(box, parts);
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
    // "Ik bied kraamzorg" on the home page links here with ?zorgvorm=kraamzorg: that care
    // form comes preselected (an unknown value leaves the filter alone).
    var preset = { form: "zorgvorm", route: "route" };
    var query = new URLSearchParams(window.location.search);
    var preselected = false;
    filters.forEach(function (select) {
      var value = preset[select.dataset.filter] && query.get(preset[select.dataset.filter]);
      if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
        preselected = true;
      }
    });
    if (preselected) { applyFilters(); }

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

  /* The care-type filter of the change page. Without script the filter stays hidden and
     every entry shows. */
  function setupChangeFilter(select) {
    var row = select.closest(".cq-change-filter-row");
    var count = row && row.querySelector(".cq-change-count");
    function apply() {
      var entries = document.querySelectorAll(".cq-change-entry"), shown = 0;
      entries.forEach(function (entry) {
        entry.hidden = Boolean(select.value) && entry.dataset.careType !== select.value;
        if (!entry.hidden) { shown += 1; }
      });
      if (count) { count.textContent = shown + " van " + entries.length + " getoond"; }
    }
    select.addEventListener("change", apply);
    if (row) { row.hidden = false; }
    apply();
  }

  /* A link to a section inside a closed disclosure (the text differences, a folded section of
     the full policy) opens it, and every disclosure around it. */
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var details = target && target.closest("details");
    if (details) {
      for (; details; details = details.parentElement.closest("details")) { details.open = true; }
      target.scrollIntoView();
    }
  }

  /* The full policy's long sections are folded in the page: a phone shows their headings to
     scan. Wider screens and print show everything. */
  function setupFolds() {
    var folds = document.querySelectorAll("details.cq-fold");
    if (!folds.length) { return; }
    var openAll = function () { folds.forEach(function (fold) { fold.open = true; }); };
    if (window.matchMedia("(min-width: 45em)").matches) { openAll(); }
    window.addEventListener("beforeprint", openAll);
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

  /* The subscribe picker: care type, then whom it is for, then the calendar app. Built from
     the plain list of feeds in the page (data attributes), which it replaces. */
  function setupFeedPicker(root) {
    var form = root.querySelector("form.cq-picker");
    var list = root.querySelector(".cq-feed-list");
    if (!form || !list) { return; }
    var feeds = Array.prototype.map.call(list.querySelectorAll("li[data-https]"), function (item) {
      return item.dataset;
    });
    if (!feeds.length) { return; }
    var group = form.querySelector("#cq-feed-group");
    var choice = form.querySelector("#cq-feed-choice");
    var app = form.querySelector("#cq-feed-app");
    var address = form.querySelector("#cq-feed-address");
    var copy = form.querySelector("button.cq-copy");
    var help = form.querySelector(".cq-picker-help");
    var kinds = { zorgvorm: "Zorgvorm", route: "Route" };

    function fillChoices() {
      var current = group ? group.value : feeds[0].group;
      choice.replaceChildren();
      var optgroups = {};
      feeds.forEach(function (feed, index) {
        if (feed.group !== current) { return; }
        var option = document.createElement("option");
        option.value = String(index);
        option.textContent = feed.title;
        var parent = choice;
        if (kinds[feed.kind]) {
          if (!optgroups[feed.kind]) {
            optgroups[feed.kind] = document.createElement("optgroup");
            optgroups[feed.kind].label = kinds[feed.kind];
            choice.appendChild(optgroups[feed.kind]);
          }
          parent = optgroups[feed.kind];
        }
        parent.appendChild(option);
      });
      choice.disabled = choice.options.length < 2;
    }

    function show() {
      var feed = feeds[Number(choice.value)];
      if (!feed) { return; }
      address.value = feed.https;
      copy.dataset.copy = feed.https;
      form.querySelectorAll(".cq-picker-actions").forEach(function (actions) {
        actions.hidden = actions.dataset.app !== app.value;
        actions.querySelectorAll("a[data-feed]").forEach(function (link) {
          link.href = feed[link.dataset.feed];
        });
      });
      var howto = root.querySelector('[data-howto="' + app.value + '"]');
      help.replaceChildren();
      if (howto) { help.appendChild(howto.cloneNode(true)); }
      help.querySelectorAll("[data-howto]").forEach(function (node) { node.removeAttribute("data-howto"); });
    }

    if (group) { group.addEventListener("change", function () { fillChoices(); show(); }); }
    choice.addEventListener("change", show);
    app.addEventListener("change", show);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    fillChoices();
    show();
    form.hidden = false;
    list.hidden = true;
  }

  function init() {
    keyboardHeaderButtons();
    splitCalendar(todayIso());
    markTimelines(todayIso());
    document.querySelectorAll(".cq-upcoming[data-upcoming]").forEach(function (box) { renderUpcoming(box, todayIso()); });
    document.querySelectorAll(".cq-checklist[data-storage-key]").forEach(setupChecklist);
    document.querySelectorAll("form.cq-selfcheck[data-rules]").forEach(setupSelfCheck);
    document.querySelectorAll(".cq-change-filter").forEach(setupChangeFilter);
    document.querySelectorAll(".cq-subscribe").forEach(setupFeedPicker);
    setupFolds();
    openTarget();
    window.addEventListener("hashchange", openTarget);
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

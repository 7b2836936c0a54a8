/* The site's search: Pagefind (generator/plugin/search.py builds its index into
   pagefind/) in Material's search dialog (overrides/partials/search.html).

   Pagefind's script, its WebAssembly and the index chunks are fetched on the first
   query, not with the page. A result is a page with up to three of its sections,
   each with the passage around the matched words; Pagefind folds diacritics and
   searches "a quoted phrase" as a phrase.

   Keyboard as in the theme: / (or s, f) opens the search, Escape closes it, the arrow
   keys move through the results and Enter opens the first one. Excerpts are text
   from the index: only their <mark> elements are kept, everything else becomes text. */
(function () {
  "use strict";

  var PAGE_SIZE = 5; // each result fetches its page fragment (up to 15 kB): a phone sees about three
  var SECTIONS_PER_PAGE = 3;
  var DELAY_MS = 150;
  /* Pagefind favours short pages by default (pageLength 0.75); a policy page is long and
     holds the text that summaries on shorter pages repeat. 0.4 puts the policy's own
     section in the top three for the queries in tests/browser/test_search_forgives.py. */
  var RANKING = { pageLength: 0.4 };

  var toggle = document.getElementById("__search");
  var form = document.querySelector("form[data-cq-search]");
  var configElement = document.getElementById("__config");
  if (!toggle || !form || !configElement) { return; }
  var input = form.querySelector(".md-search__input");
  var dialog = form.closest(".md-search");
  var status = dialog.querySelector(".md-search-result__meta");
  var list = dialog.querySelector(".md-search-result__list");
  var more = dialog.querySelector(".cq-search-more");
  var initialStatus = status.textContent;

  var root = new URL(JSON.parse(configElement.textContent).base, window.location.href);
  if (!root.pathname.endsWith("/")) { root.pathname += "/"; }
  var engine = null; // the Pagefind module, loaded once
  var latest = 0; // number of the newest query: older answers are dropped
  var pending = null; // the results of the shown query not yet rendered
  var timer = null;

  function loadEngine() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname, excerptLength: 22, ranking: RANKING }).then(function () {
          return pagefind;
        });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function setOpen(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  /* Pagefind's excerpt is HTML-escaped text with <mark> around the matched words. */
  function excerptInto(element, excerpt) {
    var parsed = new DOMParser().parseFromString("<p>" + (excerpt || "") + "</p>", "text/html").body;
    parsed.querySelectorAll("p").forEach(function (p) {
      p.childNodes.forEach(function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          element.appendChild(mark);
        } else {
          element.appendChild(document.createTextNode(node.textContent));
        }
      });
    });
    return element;
  }

  function score(section) {
    return (section.weighted_locations || []).reduce(function (sum, location) {
      return sum + (location.balanced_score || location.weight || 0);
    }, 0);
  }

  /* Whether two matched words stand next to each other: the words of the query together. */
  function together(section) {
    var places = (section.locations || []).slice().sort(function (a, b) { return a - b; });
    return places.some(function (place, i) { return i > 0 && place - places[i - 1] === 1; });
  }

  /* The sections to show under a page: first those where the query's words stand
     together, then by the weight of their matches (headings weigh more); ties in page order. */
  function bestSections(data) {
    return (data.sub_results || [])
      .filter(function (section) { return section.url !== data.url && section.anchor; })
      .map(function (section, position) {
        return { section: section, position: position, together: together(section) ? 1 : 0, score: score(section) };
      })
      .sort(function (a, b) { return b.together - a.together || b.score - a.score || a.position - b.position; })
      .slice(0, SECTIONS_PER_PAGE)
      .map(function (entry) { return entry.section; });
  }

  function link(url, kind, title, excerpt) {
    var a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" + (kind === "page" ? " md-search-result__article--document" : "");
    if (kind === "page") {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var heading = document.createElement("p");
    heading.className = kind === "page" ? "cq-search-page" : "cq-search-section";
    heading.textContent = title;
    article.appendChild(heading);
    if (excerpt) {
      var teaser = document.createElement("p");
      teaser.className = "cq-search-excerpt";
      article.appendChild(excerptInto(teaser, excerpt));
    }
    a.appendChild(article);
    return a;
  }

  function renderPage(data) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var sections = bestSections(data);
    // With sections shown, the page's own line carries no excerpt: each section has its own.
    item.appendChild(link(data.url, "page", (data.meta && data.meta.title) || data.url, sections.length ? "" : data.excerpt));
    sections.forEach(function (section) {
      item.appendChild(link(section.url, "section", section.title, section.excerpt));
    });
    return item;
  }

  function showMore(query) {
    var batch = pending.splice(0, PAGE_SIZE);
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (query !== latest) { return; }
      pages.forEach(function (data) { list.appendChild(renderPage(data)); });
      more.hidden = pending.length === 0;
    });
  }

  /* Pagefind gives every page with the quoted phrase the same score. Among those, the
     pages rank as they would for the same words without quotes (same index chunks). */
  function rankPhrase(pagefind, term, found) {
    return pagefind.search(term.replace(/"/g, " ")).then(function (words) {
      var rank = {};
      words.results.forEach(function (result, position) { rank[result.id] = position; });
      var order = function (result) { return result.id in rank ? rank[result.id] : words.results.length; };
      found.results = found.results
        .map(function (result, position) { return { result: result, position: position }; })
        .sort(function (a, b) {
          return b.result.score - a.result.score || order(a.result) - order(b.result) || a.position - b.position;
        })
        .map(function (entry) { return entry.result; });
      return found;
    });
  }

  function count(total) {
    return total === 1 ? "1 pagina gevonden" : total + " pagina's gevonden";
  }

  function search(term) {
    var query = ++latest;
    list.setAttribute("aria-busy", "true");
    if (!term.trim()) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = initialStatus;
      list.setAttribute("aria-busy", "false");
      return Promise.resolve();
    }
    status.textContent = "Bezig met zoeken…";
    return loadEngine().then(function (pagefind) {
      return pagefind.search(term).then(function (found) {
        return term.indexOf('"') < 0 ? found : rankPhrase(pagefind, term, found);
      });
    }).then(function (found) {
      if (query !== latest) { return; }
      list.replaceChildren();
      pending = found.results.slice();
      return showMore(query).then(function () {
        if (query !== latest) { return; }
        status.textContent = pending.length || list.children.length ? count(found.results.length)
          : "Niets gevonden. Probeer een ander of korter woord.";
        list.setAttribute("aria-busy", "false");
      });
    }).catch(function () {
      if (query !== latest) { return; }
      status.textContent = "Zoeken lukt nu niet. Laad de pagina opnieuw en probeer het nog eens.";
      list.setAttribute("aria-busy", "false");
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  input.addEventListener("input", function () {
    list.setAttribute("aria-busy", "true");
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(input.value); }, DELAY_MS);
  });
  input.addEventListener("focus", function () {
    setOpen(true);
    loadEngine(); // start fetching while the reader types
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search(input.value).then(function () {
      var first = links()[0];
      if (first) { first.click(); }
    });
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { search(""); input.focus(); }, 0);
  });
  more.addEventListener("click", function () { showMore(latest); });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      input.focus();
      input.select();
    } else if (document.activeElement && dialog.contains(document.activeElement)) {
      document.activeElement.blur();
    }
  });
  // A result on the page already open only moves to an anchor: close the dialog.
  list.addEventListener("click", function (event) {
    if (event.target.closest(".md-search-result__link")) { setOpen(false); }
  });

  function typing(element) {
    return element && (element.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(element.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey) { return; }
    var active = document.activeElement;
    if (!toggle.checked) {
      if (!typing(active) && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        setOpen(true);
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false);
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var all = links();
      if (!all.length) { return; }
      event.preventDefault();
      var index = all.indexOf(active);
      var next = event.key === "ArrowDown" ? index + 1 : index - 1;
      if (next < 0) { input.focus(); return; }
      all[Math.min(next, all.length - 1)].focus();
      return;
    }
    if (active !== input && event.key.length === 1 && !typing(active)) {
      input.focus(); // typing on a focused result goes on in the search field
    }
  });
})();

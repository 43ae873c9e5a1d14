// Live blogs (articles/live_views.py): while the blog is open and the tab visible, ask every
// data-live-interval seconds (15 in production) for the entries newer than the newest on the
// page, insert them under the pinned ones and announce them politely to screen readers. The
// answer is an HTML fragment the edge caches keep a few seconds, so every reader at the same
// point shares one address. Without JavaScript the page is complete as served.
// Entries edited, unpinned or deleted (a legal takedown) cannot come as newer ones: the fragment
// carries the blog's revision stamp, and when it differs from the page's, the whole list is
// fetched again (the fragment of the entries after 0, pinned first) and replaces the page's.
// The fragment never carries more than the latest page: a reader further behind gets that page
// (data-live-replace) and its "Older entries" link. The key events summary comes with it, and
// with any new key event, and replaces the page's. Embeds in new entries load on a click as the
// page's do (static/site/embeds.js listens on the document; an open blog's page lets frames
// come from every accepted provider).
// Older pages (?from=) carry no data-live-poll: they never change as entries are posted.
(function () {
  "use strict";

  var blog = document.querySelector("[data-live-poll]");
  if (!blog || blog.getAttribute("data-live-state") !== "open") {
    return;
  }
  var list = blog.querySelector("[data-live-entries]");
  var announcer = blog.querySelector("[data-live-announcer]");
  var seconds = parseFloat(blog.getAttribute("data-live-interval")) || 15;
  var timer = null;
  var revised = false; // entries the page shows changed: refetch the whole list

  function newest() {
    return blog.getAttribute("data-live-newest") || "0";
  }

  function insert(update) {
    var entries = update.querySelectorAll("[data-live-entry]");
    var fresh = [];
    entries.forEach(function (entry) {
      if (!document.getElementById(entry.id)) {
        fresh.push(entry);
      }
    });
    if (!fresh.length) {
      return;
    }
    var empty = list.querySelector(".live-empty");
    if (empty) {
      empty.remove();
    }
    // The fragment is newest first; the newest goes above the unpinned entries.
    var anchor = list.querySelector("[data-live-entry]:not(.live-pinned)");
    fresh.forEach(function (entry) {
      list.insertBefore(document.importNode(entry, true), anchor);
    });
    announcer.textContent =
      fresh.length === 1 ? "1 new entry" : fresh.length + " new entries";
  }

  function replace(update) {
    var entries = update.querySelectorAll("[data-live-entry]");
    var fresh = document.createDocumentFragment();
    entries.forEach(function (entry) {
      fresh.appendChild(document.importNode(entry, true));
    });
    if (!entries.length) {
      var empty = document.createElement("p");
      empty.className = "live-empty";
      empty.textContent = "No entries yet.";
      fresh.appendChild(empty);
    }
    list.replaceChildren(fresh);
    swap("[data-live-pager]", update, function (pager) {
      list.after(pager);
    });
    blog.setAttribute("data-live-revision", update.getAttribute("data-live-revision"));
    blog.setAttribute("data-live-newest", update.getAttribute("data-live-newest"));
    announcer.textContent = "Entries were updated.";
  }

  // The page's part `selector` becomes the fragment's (none if the fragment has none);
  // `place` puts it where the page had none.
  function swap(selector, update, place) {
    var mine = blog.querySelector(selector);
    var theirs = update.querySelector(selector);
    var copy = theirs ? document.importNode(theirs, true) : null;
    if (mine && copy) {
      mine.replaceWith(copy);
    } else if (mine) {
      mine.remove();
    } else if (copy) {
      place(copy);
    }
  }

  // The key events as the fragment lists them; those whose entry this page shows link to it
  // here (the server links them to the page a fresh visit would find them on).
  function keyEvents(update) {
    swap("[data-live-key-events]", update, function (events) {
      announcer.before(events);
    });
    blog.querySelectorAll("[data-live-key]").forEach(function (link) {
      var id = "entry-" + link.getAttribute("data-live-key");
      if (document.getElementById(id)) {
        link.setAttribute("href", "#" + id);
      }
    });
  }

  function parse(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    return doc.querySelector("[data-live-newest]");
  }

  function refetch() {
    var address = blog.getAttribute("data-live-poll") + "0/";
    return fetch(address, { headers: { Accept: "text/html" }, credentials: "omit" })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (html) {
        var update = parse(html);
        if (update) {
          replace(update);
          keyEvents(update);
        }
      });
  }

  function apply(html) {
    var update = parse(html);
    if (!update) {
      return true;
    }
    if (update.getAttribute("data-live-revision") !== blog.getAttribute("data-live-revision")) {
      revised = true;
    } else if (update.hasAttribute("data-live-replace")) {
      replace(update); // the reader was further behind than the latest page
      keyEvents(update);
    } else {
      insert(update);
      if (update.querySelector("[data-live-key-events]")) {
        keyEvents(update);
      }
    }
    var latest = update.getAttribute("data-live-newest");
    if (parseInt(latest, 10) > parseInt(newest(), 10)) {
      blog.setAttribute("data-live-newest", latest);
    }
    if (update.getAttribute("data-live-state") !== "open") {
      blog.setAttribute("data-live-state", "closed");
      announcer.textContent = "Live coverage has ended.";
      return false;
    }
    return true;
  }

  function poll() {
    timer = null;
    var address = blog.getAttribute("data-live-poll") + newest() + "/";
    fetch(address, { headers: { Accept: "text/html" }, credentials: "omit" })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (html) {
        var going = apply(html);
        if (revised) {
          revised = false;
          return refetch().then(function () {
            return going;
          });
        }
        return going;
      })
      .then(function (going) {
        if (going) {
          schedule();
        }
      })
      .catch(schedule);
  }

  function schedule() {
    if (timer === null && !document.hidden) {
      timer = setTimeout(poll, seconds * 1000);
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else if (blog.getAttribute("data-live-state") === "open") {
      poll();
    }
  });
  schedule();
})();

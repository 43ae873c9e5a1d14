// The side-by-side preview of the article form (templates/admin/articles/article/
// _preview_panel.html): posts the form as it stands to the preview view (articles/preview.py)
// a moment after the last change, and shows the answer in the panel's frame (srcdoc: the page
// keeps its own CSP, and nothing is saved). Open or closed, tab and width are remembered.
(function () {
  "use strict";

  var DEBOUNCE_MS = 800;
  // Widgets that change the form without a DOM event (the body editor writing its textarea,
  // select2's jQuery "change" on bylines and photos) are caught by comparing the form's data.
  var POLL_MS = 1000;
  var STORE = "articles.preview";

  function start() {
    var panel = document.getElementById("preview-panel");
    var form = document.getElementById("article_form");
    var toggle = document.querySelector(".preview-toggle");
    if (!panel || !form || !toggle) return;
    var frame = panel.querySelector(".preview-frame");
    var status = panel.querySelector(".preview-status");
    var state = load();
    var timer = null;
    var sent = 0;
    var controller = null;
    var lastData = formData();

    toggle.closest(".preview-toggle-row").hidden = false;

    function load() {
      try {
        return Object.assign({ open: false, view: "article", width: "desktop" }, JSON.parse(localStorage.getItem(STORE) || "{}"));
      } catch (error) {
        return { open: false, view: "article", width: "desktop" };
      }
    }

    function save() {
      try {
        localStorage.setItem(STORE, JSON.stringify(state));
      } catch (error) { /* private mode: not remembered */ }
    }

    function formData() {
      return new URLSearchParams(new FormData(form)).toString();
    }

    function show() {
      panel.hidden = !state.open;
      document.body.classList.toggle("preview-open", state.open);
      toggle.setAttribute("aria-expanded", String(state.open));
      toggle.textContent = state.open ? "Hide preview" : "Show preview";
      panel.querySelectorAll("[data-view]").forEach(function (tab) {
        var selected = tab.dataset.view === state.view;
        tab.setAttribute("aria-selected", String(selected));
        tab.tabIndex = selected ? 0 : -1;
      });
      panel.querySelectorAll("[data-width]").forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.dataset.width === state.width));
      });
      panel.classList.toggle("preview-phone", state.width === "phone");
    }

    function schedule() {
      if (!state.open) return;
      clearTimeout(timer);
      timer = setTimeout(refresh, DEBOUNCE_MS);
    }

    function refresh() {
      if (!state.open) return;
      clearTimeout(timer);
      if (controller) controller.abort();
      controller = new AbortController();
      var number = ++sent;
      var data = new FormData(form); // the CSRF token is one of its fields
      lastData = new URLSearchParams(data).toString();
      var url = panel.dataset.url + "?view=" + encodeURIComponent(state.view);
      status.textContent = "Updating…";
      fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "XMLHttpRequest" },
        signal: controller.signal,
      })
        .then(function (response) {
          if (!response.ok) throw new Error("The preview could not be made (" + response.status + ").");
          return response.text();
        })
        .then(function (html) {
          if (number !== sent) return; // a newer one is on its way
          place(html);
          status.textContent = "Updated " + new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
        })
        .catch(function (error) {
          if (error.name !== "AbortError") status.textContent = error.message;
        });
    }

    function place(html) {
      var scroll = 0;
      try {
        scroll = frame.contentWindow ? frame.contentWindow.scrollY : 0;
      } catch (error) { /* not yet loaded */ }
      frame.addEventListener("load", function restore() {
        frame.removeEventListener("load", restore);
        var win = frame.contentWindow;
        if (!win) return;
        win.scrollTo(0, scroll);
        // Links lead to the public site, which may not be framed: open them in a tab.
        win.document.addEventListener("click", function (event) {
          var link = event.target.closest && event.target.closest("a[href]");
          if (!link) return;
          event.preventDefault();
          window.open(link.href, "_blank", "noopener");
        });
        win.document.addEventListener("submit", function (event) { event.preventDefault(); });
      });
      // The frame runs no scripts (sandboxed): the page's own are taken out rather than refused
      // one by one in the console.
      var page = new DOMParser().parseFromString(html, "text/html");
      page.querySelectorAll("script").forEach(function (script) { script.remove(); });
      frame.srcdoc = "<!DOCTYPE html>" + page.documentElement.outerHTML;
    }

    toggle.addEventListener("click", function () {
      state.open = !state.open;
      save();
      show();
      if (state.open) refresh();
    });
    panel.querySelector(".preview-close").addEventListener("click", function () {
      state.open = false;
      save();
      show();
      toggle.focus();
    });
    panel.querySelectorAll("[data-view]").forEach(function (tab) {
      tab.addEventListener("click", function () {
        state.view = tab.dataset.view;
        save();
        show();
        refresh();
      });
    });
    // Arrow keys move between the tabs, as in any tab list; Tab leaves it.
    panel.querySelector("[role=tablist]").addEventListener("keydown", function (event) {
      var tabs = Array.from(panel.querySelectorAll("[data-view]"));
      var at = tabs.indexOf(document.activeElement);
      var step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (at < 0 || !step) return;
      event.preventDefault();
      var next = tabs[(at + step + tabs.length) % tabs.length];
      next.focus();
      next.click();
    });
    panel.querySelectorAll("[data-width]").forEach(function (button) {
      button.addEventListener("click", function () {
        state.width = button.dataset.width;
        save();
        show();
      });
    });
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    document.addEventListener("prose-editor", schedule);
    setInterval(function () {
      if (!state.open) return;
      var data = formData();
      if (data !== lastData) {
        lastData = data;
        schedule();
      }
    }, POLL_MS);

    show();
    if (state.open) refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

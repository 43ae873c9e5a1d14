// Keeps this editor's unsaved work on the server every few seconds while the form changes (their
// own autosave: not a revision, seen by nobody else, never a change to the article), and warns
// before leaving the page with changes the Save button has not saved. See articles/autosave.py.
(function () {
  "use strict";
  const status = document.getElementById("autosave-status");
  const form = status && status.closest("form");
  const token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!status || !form || !token) return;

  const INTERVAL = 5000;
  const NOT_KEPT = new Set(["csrfmiddlewaretoken", "base_version", "replaces"]);
  // The page opened offering an earlier autosave back: there is one autosave per user and
  // article, so autosaving now would replace the work on offer. Nothing is sent until the user
  // restores it (a page that may replace it) or discards it (a page with none).
  const offered = status.hasAttribute("data-offered");

  // The form as it would be posted, compared as a whole on every tick rather than followed by
  // input events: the body editor writes the body into its textarea without one.
  function fields() {
    const kept = [];
    for (const [name, value] of new FormData(form)) {
      if (typeof value !== "string" || NOT_KEPT.has(name) || name.includes("__prefix__")) continue;
      kept.push([name, value]);
    }
    return kept;
  }
  const serialize = (kept) => JSON.stringify(kept);

  // A form shown again with errors, or restored from an autosave, is not what Save last saved.
  const unsavedFromStart =
    status.hasAttribute("data-restored") || document.querySelector(".errornote") !== null;
  let saved; // the form as Save left it (null: not known to match any save; unset: loading)
  let sent = null; // what the server holds as the autosave
  let tried = null; // the last state the server refused: not sent again until it changes
  let busy = false;
  let submitting = false;
  let replaces = status.dataset.replaces || ""; // the autosave this page may replace, if any
  let inFlight = null; // the AbortController of the autosave on its way

  function show(text, failed) {
    status.textContent = text;
    status.classList.toggle("autosave-failed", Boolean(failed));
  }

  async function tick() {
    if (busy || submitting || offered) return;
    const kept = fields();
    const now = serialize(kept);
    if (now === sent || now === tried) return;
    busy = true;
    const body = new FormData();
    for (const [name, value] of kept) body.append(name, value);
    const base = form.querySelector("input[name=base_version]");
    if (base) body.append("base_version", base.value);
    if (replaces) body.append("replaces", replaces);
    inFlight = new AbortController();
    try {
      const response = await fetch(status.dataset.url, {
        method: "POST",
        headers: { "X-CSRFToken": token.value },
        credentials: "same-origin",
        body: body,
        signal: inFlight.signal,
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) {
        sent = now;
        if (answer.id) replaces = String(answer.id); // the one this page made: its own
        show(`Autosaved ${answer.saved_at}`, false);
      } else {
        tried = now;
        const refused = response.status === 400 || response.status === 413;
        show(answer.error || (refused
          ? "Not autosaved: the form is too large to keep this way. Save it instead."
          : `Not autosaved (the server answered ${response.status}).`), true);
      }
    } catch (error) {
      // Aborted by Save: the form's own post carries the work (and the server refuses an
      // autosave that lands after its user's save anyway, see articles/autosave.py).
      if (error.name !== "AbortError") {
        show("Not autosaved: the server could not be reached. Trying again.", true);
      }
    } finally {
      busy = false;
      inFlight = null;
    }
  }

  function start() {
    // Taken on load, once the editors' scripts (deferred, like this one) have set up their
    // fields, so their own tidying of the stored text is not taken for a change.
    const now = serialize(fields());
    sent = now;
    saved = unsavedFromStart ? null : now;
    if (unsavedFromStart && !status.hasAttribute("data-restored")) sent = null;
    setInterval(tick, INTERVAL);
    status.setAttribute("data-ready", ""); // what is typed from now on is autosaved
  }

  // Whether a submit of the form saves it. "Preview in a new tab" submits it too, to another
  // address in another tab: this page stays, with its work unsaved, so autosave and the leave
  // warning go on (as for any button posting the form elsewhere: that is no Save either).
  function isSave(event) {
    const button = event.submitter;
    if (!button || button.form !== form) return true;
    const target = button.hasAttribute("formtarget") ? button.formTarget : form.target;
    if (target && target.toLowerCase() !== "_self") return false;
    return !button.hasAttribute("formaction") || button.formAction === form.action;
  }

  form.addEventListener("submit", function (event) {
    if (!isSave(event)) return;
    submitting = true;
    // An autosave on its way could land after the save and be offered back as unsaved work.
    if (inFlight) inFlight.abort();
    setTimeout(() => {
      if (event.defaultPrevented) submitting = false; // stopped by another script: still here
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (submitting || saved === undefined || serialize(fields()) === saved) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need it set to show the warning
  });
  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }
})();

// Keeps this editor's soft lock on the article alive while the page is open, says who else has
// it, and lets it go when the page is left. The lock only warns; the version check guards saves.
(function () {
  "use strict";
  const notice = document.getElementById("lock-notice");
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!notice || !token) return;

  async function renew() {
    try {
      const response = await fetch(notice.dataset.lockUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token.value },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const state = await response.json();
      notice.hidden = state.mine;
      if (!state.mine) {
        notice.textContent = `${state.holder} has this article open now (since ${state.since}). ` +
          "If you both save, the second save is stopped and shown the first one's changes.";
      }
    } catch (error) {
      // Offline for a moment: the lock simply expires on its own.
    }
  }

  setInterval(renew, 60 * 1000);
  window.addEventListener("pagehide", function () {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token.value);
    navigator.sendBeacon(notice.dataset.releaseUrl, body);
  });
})();

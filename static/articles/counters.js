// Character counters for the fields search engines and networks cut (data-counter-limit):
// "43 / 60" beside the field, live, and a warning past the limit, which is allowed.
(function () {
  "use strict";

  function length(text) {
    return Array.from(text).length; // characters, not UTF-16 units: "é" and "🎉" count once
  }

  function attach(field) {
    var limit = parseInt(field.dataset.counterLimit, 10);
    var counter = document.createElement("span");
    counter.className = "char-counter";
    counter.id = field.id + "-counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

    function update() {
      var used = length(field.value);
      var over = used > limit;
      counter.textContent = used + " / " + limit + (over ? ": longer than is shown, it will be cut" : "");
      counter.classList.toggle("char-counter-over", over);
    }
    field.addEventListener("input", update);
    update();
  }

  function start() {
    document.querySelectorAll("[data-counter-limit]").forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

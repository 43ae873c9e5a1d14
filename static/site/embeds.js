// Click-to-load embeds (articles/body.py renders the boxes): until a reader presses a box's
// button, the page asks the provider for nothing. The frame's address, title and sandbox come
// from the box's data attributes, written by the server from its allow-list (articles/embeds.py);
// the page's Content-Security-Policy allows frames from those providers only.
(function () {
  "use strict";

  function load(box) {
    var src = box.getAttribute("data-embed-frame") || "";
    if (src.indexOf("https://") !== 0) {
      return;
    }
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = box.getAttribute("data-embed-title") || "Embedded content";
    frame.loading = "lazy";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    var sandbox = box.getAttribute("data-embed-sandbox");
    if (sandbox) {
      frame.setAttribute("sandbox", sandbox);
    }
    frame.setAttribute("allow", "fullscreen; picture-in-picture; encrypted-media");
    frame.className = "embed-frame";
    var consent = box.querySelector(".embed-consent");
    box.replaceChild(frame, consent);
    box.classList.add("embed-loaded");
    frame.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.embed-load") : null;
    var box = button ? button.closest("figure.embed") : null;
    if (box) {
      load(box);
    }
  });
})();

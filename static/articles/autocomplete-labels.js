// Names the admin's autocomplete boxes (select2) for screen readers. select2 names its combobox
// only by the chosen value, so an empty one has no name at all; here it takes the field's label
// (or the select's own aria-label in an inline row), and the chosen value becomes its description.
// Loaded by the article's change form (templates/admin/articles/article/change_form.html).
(function () {
  "use strict";

  function name(combobox) {
    const container = combobox.closest(".select2-container");
    const select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT" || combobox.hasAttribute("aria-label")) return;
    const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    const text = label ? label.textContent.replace(/:\s*$/, "").trim() : select.getAttribute("aria-label");
    if (!text) return;
    const rendered = document.getElementById(combobox.getAttribute("aria-labelledby") || "");
    combobox.removeAttribute("aria-labelledby");
    combobox.setAttribute("aria-label", text);
    if (rendered) {
      // Its text is the chosen value, read as the combobox's description, not a second field.
      rendered.removeAttribute("role");
      rendered.removeAttribute("aria-readonly");
      combobox.setAttribute("aria-describedby", rendered.id);
    }
  }

  function nameAll() {
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(name);
  }

  // select2 builds its boxes once the page is ready, and again for each inline row added.
  new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("load", nameAll);
})();

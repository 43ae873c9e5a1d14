// @mention completion in the comment boxes (templates/admin/desk/_thread.html). Optional: without
// it, typing @username by hand works the same. Colleagues come from the panel's JSON list.
(function () {
  "use strict";
  const data = document.getElementById("desk-colleagues");
  if (!data) return;
  const people = JSON.parse(data.textContent);
  const MAX = 8;

  function wordAtCaret(box) {
    const before = box.value.slice(0, box.selectionStart);
    const match = /(^|[^\w.+\-@])@([\w.+\-]*)$/.exec(before);
    return match ? { start: before.length - match[2].length, text: match[2].toLowerCase() } : null;
  }

  function attach(box) {
    const list = document.createElement("ul");
    list.className = "mention-choices";
    list.id = box.id + "-mentions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.after(list);
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);
    let choices = [], active = 0, word = null;

    function close() { list.hidden = true; choices = []; box.removeAttribute("aria-activedescendant"); }
    function show() {
      list.replaceChildren(...choices.map(function (person, i) {
        const item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", String(i === active));
        item.textContent = "@" + person.username + (person.name ? " (" + person.name + ")" : "");
        item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(i); });
        return item;
      }));
      list.hidden = choices.length === 0;
      if (choices.length) box.setAttribute("aria-activedescendant", list.id + "-" + active);
    }
    function pick(i) {
      const name = choices[i].username + " ";
      const end = box.selectionStart;
      box.value = box.value.slice(0, word.start) + name + box.value.slice(end);
      box.selectionStart = box.selectionEnd = word.start + name.length;
      close();
      box.focus();
    }
    box.addEventListener("input", function () {
      word = wordAtCaret(box);
      if (!word) return close();
      choices = people.filter(function (p) {
        return p.username.toLowerCase().startsWith(word.text) || p.name.toLowerCase().startsWith(word.text);
      }).slice(0, MAX);
      active = 0;
      show();
    });
    box.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        active = (active + (event.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length;
        show();
      } else if (event.key === "Enter" || event.key === "Tab") {
        pick(active);
      } else if (event.key === "Escape") {
        close();
      } else {
        return;
      }
      event.preventDefault();
    });
    box.addEventListener("blur", close);
  }

  document.querySelectorAll("textarea[data-mentions]").forEach(attach);
})();

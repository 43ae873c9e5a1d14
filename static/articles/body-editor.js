// The article body as editors expect it: a writing area with a toolbar for exactly what the
// server keeps (paragraphs, subheads, emphasis, quotes, lists, links). The textarea stays the
// form field: it is filled from the writing area on every change, and "HTML" shows it instead.
// Pasted text arrives as plain text, so agency copy brings no stray formatting.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const textarea = document.getElementById("id_body");
  if (!textarea || textarea.readOnly || textarea.disabled) return;

  const BUTTONS = [
    ["P", "Paragraph", () => format("formatBlock", "p")],
    ["H2", "Subhead", () => format("formatBlock", "h2")],
    ["H3", "Smaller subhead", () => format("formatBlock", "h3")],
    ["B", "Bold", () => format("bold")],
    ["I", "Italic", () => format("italic")],
    ["“ ”", "Quote", () => format("formatBlock", "blockquote")],
    ["• List", "Bulleted list", () => format("insertUnorderedList")],
    ["1. List", "Numbered list", () => format("insertOrderedList")],
    ["Link", "Link the selected words", link],
    ["Unlink", "Remove the link", () => format("unlink")],
    ["HTML", "Show the HTML", toggleSource],
  ];

  const editor = document.createElement("div");
  editor.className = "body-editor";
  editor.contentEditable = "true";
  editor.setAttribute("role", "textbox");
  editor.setAttribute("aria-multiline", "true");
  editor.setAttribute("aria-label", "Body");
  editor.innerHTML = textarea.value || "<p><br></p>";

  const toolbar = document.createElement("div");
  toolbar.className = "body-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "Body formatting");
  for (const [text, title, action] of BUTTONS) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.title = title;
    button.setAttribute("aria-label", title);
    button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
    button.addEventListener("click", action);
    toolbar.appendChild(button);
  }

  textarea.hidden = true;
  textarea.before(toolbar, editor);
  document.execCommand("defaultParagraphSeparator", false, "p");

  const BLOCKS = new Set(["P", "H2", "H3", "H4", "BLOCKQUOTE", "UL", "OL"]);

  function sync() {
    // Text typed straight into the area (or after a list) goes into a paragraph of its own.
    let paragraph = null;
    for (const node of Array.from(editor.childNodes)) {
      if (node.nodeType === Node.ELEMENT_NODE && BLOCKS.has(node.tagName)) {
        paragraph = null;
      } else if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "DIV") {
        const replacement = document.createElement("p");
        replacement.append(...node.childNodes);
        node.replaceWith(replacement);
        paragraph = null;
      } else if (node.textContent.trim() || node.nodeName === "BR") {
        if (!paragraph) {
          paragraph = document.createElement("p");
          node.before(paragraph);
        }
        paragraph.appendChild(node);
      }
    }
    textarea.value = editor.innerHTML;
  }

  function format(command, value) {
    editor.focus();
    document.execCommand(command, false, value);
    sync();
  }

  function link() {
    const url = window.prompt("Link to (https://…)", "https://");
    if (url && /^(https?:|mailto:|tel:)/i.test(url.trim())) format("createLink", url.trim());
  }

  function toggleSource() {
    if (textarea.hidden) {
      sync();
      textarea.hidden = false;
      editor.hidden = true;
    } else {
      editor.innerHTML = textarea.value;
      textarea.hidden = true;
      editor.hidden = false;
    }
  }

  editor.addEventListener("input", sync);
  editor.addEventListener("paste", function (event) {
    event.preventDefault();
    const text = event.clipboardData.getData("text/plain");
    document.execCommand("insertText", false, text);
  });
  textarea.form.addEventListener("submit", function () {
    if (textarea.hidden) sync();
  });
});

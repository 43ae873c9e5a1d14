// The article body's editor: django-prose-editor's Tiptap, built from the extensions named in the
// textarea's data-django-prose-editor-articles attribute (articles/prose.py), which keeps the
// textarea up to date; the form posts the textarea, and the server cleans it with nh3.
// Like django-prose-editor's own "configurable" preset, except that Tiptap must not add its
// <style> element (the CSP allows style sheets from the site only): prose-body.css has its rules.
import * as editorModule from "django-prose-editor/editor"
import * as articleModule from "articles/prose-extensions"

const ATTRIBUTE = "data-django-prose-editor-articles"
const EXTENSIONS = { ...editorModule, ...articleModule }
const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i

function labelOf(textarea) {
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`)
  return label ? label.textContent.replace(/:\s*$/, "").trim() : "Text"
}

// The menu greys out a button that cannot act with a class only; say so to assistive technology
// too (and so axe does not hold a greyed-out button to the contrast of a working one).
function announceButtonStates(wrapper) {
  const sync = () => {
    for (const button of wrapper.querySelectorAll(".prose-menubar__button")) {
      button.setAttribute("aria-disabled", String(button.classList.contains("disabled")))
    }
  }
  new MutationObserver(sync).observe(wrapper, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["class"],
  })
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}")
  const extensions = Object.entries(config.extensions || {}).map(([name, options]) => {
    const extension = EXTENSIONS[name]
    if (!extension) throw new Error(`The body editor has no extension called ${name}.`)
    return typeof options === "object" ? extension.configure(options) : extension
  })
  const disabled = textarea.hasAttribute("disabled")
  const wrapper = document.createElement("div")
  wrapper.className = disabled ? "prose-editor disabled" : "prose-editor"
  textarea.before(wrapper)
  wrapper.append(textarea)
  announceButtonStates(wrapper)
  const editor = new editorModule.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    // The server sends the body cleaned by nh3; cleaned here too, as a paste is, so that a body
    // written by some other path never makes the browser parse a style or a handler.
    content: articleModule.cleanPastedHTML(textarea.value),
    injectCSS: false,
    editorProps: {
      attributes: { role: "textbox", "aria-multiline": "true", "aria-label": labelOf(textarea) },
    },
    onUpdate({ editor }) {
      const html = editor.getHTML()
      textarea.value = EMPTY.test(html) ? "" : html
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
    onDestroy() {
      wrapper.before(textarea)
      wrapper.remove()
    },
  })
  textarea.dispatchEvent(
    new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }),
  )
  return editor
}

editorModule.initializeEditors(createEditor, `[${ATTRIBUTE}]`)

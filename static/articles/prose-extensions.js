// The article body's own blocks for the editor (Tiptap), written as articles/html.py's contract
// says: a library photo and an embed are data-only figures, the server renders them for readers.
// articles/prose.py lists the HTML each one writes; a test holds that to the nh3 allow-list.
import {
  Extension,
  Heading,
  Link,
  Mark,
  Node,
  OrderedList,
  Plugin,
  updateAttrsDialog,
  wrappingInputRule,
} from "django-prose-editor/editor"

const LINK_SCHEMES = /^(https?:\/\/|mailto:|tel:)/i
const SITE_PATH = /^(\/(?!\/)|#)/ // a page of this site (nh3 keeps relative addresses)
const DOMAIN = /^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(?=$|[/?#:])/i
const EMAIL = /^[^\s@/:]+@[^\s@/]+\.[a-z]{2,}$/i

// What people type into the link dialog: "example.org/report" is a web address, "a@b.org" mail.
export function linkAddress(typed) {
  const href = (typed || "").trim()
  if (LINK_SCHEMES.test(href) || SITE_PATH.test(href)) return href
  if (EMAIL.test(href)) return `mailto:${href}`
  if (DOMAIN.test(href)) return `https://${href}`
  return href
}

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value
    else if (value !== null && value !== undefined) node.setAttribute(name, value)
  }
  node.append(...children)
  return node
}

// Subheads are h2 to h4 (h1 is the headline): a pasted h1 becomes an h2, an h5 or h6 an h4.
export const ArticleHeading = Heading.extend({
  parseHTML() {
    const levels = this.options.levels
    const [top, bottom] = [Math.min(...levels), Math.max(...levels)]
    return [
      ...levels.map((level) => ({ tag: `h${level}`, attrs: { level } })),
      { tag: "h1", attrs: { level: top } },
      { tag: "h5", attrs: { level: bottom } },
      { tag: "h6", attrs: { level: bottom } },
    ]
  },
})

// Links only to the web, mail, phone and this site (nh3 would drop the rest), no target or rel.
export const ArticleLink = Link.extend({
  addOptions() {
    return {
      ...this.parent?.(),
      autolink: true,
      defaultProtocol: "https",
      isAllowedUri: (url) => LINK_SCHEMES.test(url || "") || SITE_PATH.test(url || ""),
    }
  },
  addAttributes() {
    return {
      href: {
        default: null,
        parseHTML: (node) => node.getAttribute("href"),
        renderHTML: (attributes) => ({ href: linkAddress(attributes.href) }),
      },
      title: {
        default: null,
        parseHTML: (node) => node.getAttribute("title") || null,
        renderHTML: (attributes) => (attributes.title ? { title: attributes.title } : {}),
      },
    }
  },
})

// <q> and <cite>, which the allow-list keeps (wire copy has them): kept as they come, no buttons.
export const InlineQuote = Mark.create({
  name: "inlineQuote",
  addAttributes() {
    return { cite: { default: null, parseHTML: (node) => node.getAttribute("cite") || null } }
  },
  parseHTML() {
    return [{ tag: "q" }]
  },
  renderHTML({ HTMLAttributes }) {
    return ["q", HTMLAttributes, 0]
  },
})

export const Citation = Mark.create({
  name: "citation",
  parseHTML() {
    return [{ tag: "cite" }]
  },
  renderHTML() {
    return ["cite", 0]
  },
})

// Pasted HTML (Word, Google Docs, web pages) carries its formatting in style attributes, which
// the CSP forbids: the browser reports each one it parses, and Tiptap's rules that read element.style
// see nothing (Google Docs wraps a whole paste in <b style="font-weight:normal">, which then turns
// all of it bold). So the styles are taken out as text before anything parses them, what they
// meant that the body keeps (bold, italic, sub, sup) becomes elements, and the rest goes.
const STYLE_ATTRIBUTE = /(<[a-z][^>]*?\s)style\s*=/gi
// Event handlers go the same way: the CSP would block them, but reports each one it sees.
const HANDLER_ATTRIBUTE = /(<[a-z][^>]*?\s)on([a-z]+)\s*=/gi
const SCRIPT_OR_STYLE = /<(script|style)[\s>][\s\S]*?<\/\1>/gi
// None of these belongs in the body: gone before the editor parses the paste.
const NOT_TEXT = "img, picture, video, audio, iframe, object, embed, svg, canvas, link, meta, noscript, template"

function declarations(element) {
  const text = (element.getAttribute("data-pasted-style") || "").toLowerCase()
  return Object.fromEntries(
    text
      .split(";")
      .map((part) => part.split(":").map((piece) => piece.trim()))
      .filter(([name, value]) => name && value),
  )
}

function wrapChildren(element, tag) {
  const wrapper = element.ownerDocument.createElement(tag)
  wrapper.append(...element.childNodes)
  element.append(wrapper)
}

function renameAll(html, pattern, replacement) {
  // One attribute per tag at each pass: again until none is left.
  for (;;) {
    const renamed = html.replace(pattern, replacement)
    if (renamed === html) return html
    html = renamed
  }
}

export function cleanPastedHTML(html) {
  let text = html.replace(SCRIPT_OR_STYLE, "")
  text = renameAll(text, STYLE_ATTRIBUTE, "$1data-pasted-style=")
  text = renameAll(text, HANDLER_ATTRIBUTE, "$1data-pasted-on$2=")
  const doc = new DOMParser().parseFromString(text, "text/html")
  for (const element of doc.body.querySelectorAll(NOT_TEXT)) element.remove()
  for (const element of doc.body.querySelectorAll("[data-pasted-style]")) {
    const style = declarations(element)
    const weight = style["font-weight"]
    const tag = element.tagName.toLowerCase()
    if ((tag === "b" || tag === "strong") && /^(normal|[1-4]00)$/.test(weight || "")) {
      element.replaceWith(...element.childNodes) // Google Docs' wrapper: not bold at all
      continue
    }
    if (/^(bold(er)?|[6-9]00)$/.test(weight || "")) wrapChildren(element, "strong")
    if (style["font-style"] === "italic") wrapChildren(element, "em")
    if (style["vertical-align"] === "super") wrapChildren(element, "sup")
    if (style["vertical-align"] === "sub") wrapChildren(element, "sub")
    element.removeAttribute("data-pasted-style")
  }
  return doc.body.innerHTML
}

export const CleanPaste = Extension.create({
  name: "cleanPaste",
  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: cleanPastedHTML } })]
  },
})

// An ordered list is only <ol> (no start or type, which the allow-list drops), and "1. " makes one.
export const ArticleOrderedList = OrderedList.extend({
  addAttributes() {
    return {}
  },
  addNodeView: null,
  addOptions() {
    return { ...this.parent?.(), enableListAttributes: false }
  },
  addInputRules() {
    return [wrappingInputRule({ find: /^(\d+)\.\s$/, type: this.type })]
  },
})

// A block inserted while another is selected goes after it, rather than in its place.
function insertBlock(type, attrs) {
  return ({ state, commands }) => {
    const { selection } = state
    const at = selection.node ? selection.to : { from: selection.from, to: selection.to }
    return commands.insertContentAt(at, { type, attrs })
  }
}

function wrapperBlock({ name, tag, className, content, label, command }) {
  return Node.create({
    name,
    group: "block",
    content,
    defining: true,
    parseHTML() {
      return [{ tag: `${tag}.${className}`, priority: 60 }]
    },
    renderHTML() {
      return [tag, { class: className }, 0]
    },
    addCommands() {
      return {
        [command]:
          () =>
          ({ commands }) =>
            commands.toggleWrap(this.name),
      }
    },
    addMenuItems({ menu, buttons }) {
      menu.defineItem({
        name,
        groups: "nodes",
        button: buttons.text(label, label),
        command: (editor) => editor.chain().focus()[command]().run(),
        active: (editor) => editor.isActive(name),
        enabled: (editor) => editor.can()[command](),
      })
    },
  })
}

// <blockquote class="pull-quote"><p>…</p></blockquote>: a quote set large beside the text.
export const PullQuote = wrapperBlock({
  name: "pullQuote",
  tag: "blockquote",
  className: "pull-quote",
  content: "paragraph+",
  label: "Pull quote",
  command: "togglePullQuote",
})

// <aside class="fact-box">…</aside>: a box of facts, with its own subheads and lists.
export const FactBox = wrapperBlock({
  name: "factBox",
  tag: "aside",
  className: "fact-box",
  content: "(paragraph | heading | bulletList | orderedList)+",
  label: "Fact box",
  command: "toggleFactBox",
})

// --- a photo from the library: <figure data-photo="42"></figure> -----------------------------

async function findPhotos(url, query) {
  const response = await fetch(`${url}?${new URLSearchParams(query)}`, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
  if (!response.ok) throw new Error(`The photo library answered ${response.status}.`)
  return (await response.json()).results
}

function photoCard(photo) {
  const warnings = []
  if (!photo.credit) warnings.push("no credit")
  if (!photo.alt_text) warnings.push("no alt text")
  return [
    element("img", { src: photo.thumbnail, alt: photo.alt_text || "", class: "body-photo-thumb" }),
    element("span", { class: "body-photo-label" }, [
      element("strong", { text: photo.label }),
      element("span", { text: photo.credit || "" }),
      warnings.length
        ? element("span", { class: "body-photo-warning", text: `${warnings.join(", ")}: publishing will be refused` })
        : "",
    ]),
  ]
}

function choosePhoto(editor, url) {
  return new Promise((resolve) => {
    const search = element("input", {
      type: "search",
      id: "body-photo-search",
      placeholder: "caption, credit or photographer",
    })
    const results = element("ul", { class: "body-photo-results", "aria-live": "polite" })
    const cancel = element("button", { type: "button", text: "Cancel" })
    const dialog = element("dialog", { class: "prose-editor-dialog body-photo-dialog", "aria-labelledby": "body-photo-title" }, [
      element("h3", { class: "prose-editor-dialog-title", id: "body-photo-title", text: "Photo from the library" }),
      element("label", { for: "body-photo-search", text: "Search the library" }),
      search,
      results,
      cancel,
    ])
    let chosen = null
    let pending = 0
    const show = async () => {
      const ticket = ++pending
      let photos
      try {
        photos = await findPhotos(url, { term: search.value.trim() })
      } catch (error) {
        results.replaceChildren(element("li", { text: error.message }))
        return
      }
      if (ticket !== pending) return
      if (!photos.length) {
        results.replaceChildren(element("li", { text: "No photo matches." }))
        return
      }
      results.replaceChildren(
        ...photos.map((photo) => {
          const button = element("button", { type: "button", class: "body-photo-choice", "data-photo": photo.id }, photoCard(photo))
          button.addEventListener("click", () => {
            chosen = photo
            dialog.close()
          })
          return element("li", {}, [button])
        }),
      )
    }
    let timer
    search.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(show, 250)
    })
    search.addEventListener("keydown", (event) => {
      // The dialog is inside the article's form: Enter would save the article.
      if (event.key !== "Enter") return
      event.preventDefault()
      clearTimeout(timer)
      show()
    })
    cancel.addEventListener("click", () => dialog.close())
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve(chosen)
    })
    editor.view.dom.parentElement.append(dialog)
    dialog.showModal()
    show()
  })
}

export const LibraryPhoto = Node.create({
  name: "libraryPhoto",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,
  addOptions() {
    return { photosUrl: "" }
  },
  addAttributes() {
    return {
      photo: {
        default: null,
        parseHTML: (node) => node.getAttribute("data-photo"),
        renderHTML: (attributes) => ({ "data-photo": attributes.photo }),
      },
    }
  },
  parseHTML() {
    return [
      {
        tag: "figure[data-photo]",
        priority: 60,
        getAttrs: (node) => /^\d+$/.test(node.getAttribute("data-photo") || "") && null,
      },
    ]
  },
  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },
  addNodeView() {
    const url = this.options.photosUrl
    return ({ node }) => {
      const id = node.attrs.photo
      const dom = element("figure", { class: "body-block body-photo", contenteditable: "false", "data-photo": id }, [
        element("span", { class: "body-block-kind", text: `Library photo ${id}` }),
      ])
      findPhotos(url, { id })
        .then(([photo]) => {
          if (photo) dom.replaceChildren(...photoCard(photo))
          else dom.append(element("span", { class: "body-photo-warning", text: "not in the library" }))
        })
        .catch(() => {})
      return { dom, ignoreMutation: () => true }
    }
  },
  addCommands() {
    return {
      insertLibraryPhoto: (id) => insertBlock(this.name, { photo: String(id) }),
    }
  },
  addMenuItems({ menu, buttons }) {
    const url = this.options.photosUrl
    menu.defineItem({
      name: "libraryPhoto",
      groups: "nodes",
      button: buttons.text("Photo", "Photo from the library"),
      command: async (editor) => {
        const photo = await choosePhoto(editor, url)
        if (photo) editor.chain().focus().insertLibraryPhoto(photo.id).run()
        else editor.commands.focus()
      },
    })
  },
})

// --- an embed by its address: <figure data-embed="youtube" data-embed-id="…" data-embed-url="…"> --
// The server (articles.embeds, through the admin's embed/ address) says whether an address can
// be embedded and as what; it derives provider and id again on every save.

async function checkEmbed(address, checkUrl) {
  const response = await fetch(`${checkUrl}?${new URLSearchParams({ url: address })}`, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
  const answer = await response.json().catch(() => ({}))
  if (response.ok) return { embed: { provider: answer.provider, embedId: answer.id, url: answer.url } }
  return { error: answer.error || `The address could not be checked (the server answered ${response.status}).` }
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  selectable: true,
  draggable: true,
  addOptions() {
    return { checkUrl: "", wanted: "" }
  },
  addAttributes() {
    return {
      provider: { default: "", parseHTML: (node) => node.getAttribute("data-embed") || "", renderHTML: (a) => ({ "data-embed": a.provider || null }) },
      embedId: { default: "", parseHTML: (node) => node.getAttribute("data-embed-id") || "", renderHTML: (a) => ({ "data-embed-id": a.embedId || null }) },
      url: { default: "", parseHTML: (node) => node.getAttribute("data-embed-url") || "", renderHTML: (a) => ({ "data-embed-url": a.url || null }) },
    }
  },
  parseHTML() {
    return [{ tag: "figure[data-embed-url]", priority: 60, getAttrs: (node) => (node.getAttribute("data-embed-url") ? null : false) }]
  },
  renderHTML({ HTMLAttributes }) {
    return ["figure", HTMLAttributes]
  },
  addNodeView() {
    return ({ node }) => {
      const { provider, url } = node.attrs
      const dom = element("figure", { class: "body-block body-embed", contenteditable: "false" }, [
        element("span", { class: "body-block-kind", text: `Embed: ${provider || "unknown"}` }),
        element("span", { class: "body-embed-url", text: url }),
      ])
      return { dom, ignoreMutation: () => true }
    }
  },
  addCommands() {
    return {
      insertEmbed: (attrs) => insertBlock(this.name, attrs),
    }
  },
  addMenuItems({ menu, buttons }) {
    const { checkUrl, wanted } = this.options
    menu.defineItem({
      name: "embed",
      groups: "nodes",
      button: buttons.text("Embed", "Embed a video, post, chart or map by its address"),
      command: async (editor) => {
        let help = `Paste ${wanted}.`
        let url = ""
        for (;;) {
          const given = await updateAttrsDialog(
            { url: { type: "string", title: "Address", description: help, required: true } },
            { title: "Embed", submitText: "Insert" },
          )(editor, { url })
          if (!given) return editor.commands.focus()
          url = given.url
          const { embed, error } = await checkEmbed(given.url.trim(), checkUrl).catch(
            () => ({ error: "The address could not be checked: the server could not be reached." }),
          )
          if (embed) return editor.chain().focus().insertEmbed(embed).run()
          help = error
        }
      },
    })
  },
})

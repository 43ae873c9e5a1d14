"""The body editor: django-prose-editor (Tiptap/ProseMirror), writing only articles.html's HTML.

EXTENSIONS is what static/articles/prose-body.js builds the editor from, by name: Tiptap's own
extensions as django-prose-editor exports them, and the article's blocks from
static/articles/prose-extensions.js (pull quote, fact box, library photo, embed, and a link and an
ordered list without the attributes the allow-list drops, and
headings that take a pasted h1 as h2). `editor_allowlist()` is the HTML these
can write; a test holds it to articles.html's allow-list, and nh3 still cleans every save.
"""

from typing import Any

from django.urls import reverse_lazy
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.widgets import AdminProseEditorWidget, prose_editor_admin_media
from js_asset import ImportMap, Media, Script

from articles.embeds import WANTED
from articles.html import URL_SCHEMES

PRESET = "articles"  # the textarea's data-django-prose-editor-articles attribute carries the config

EXTENSIONS: dict[str, Any] = {
    "ArticleHeading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Subscript": True,
    "Superscript": True,
    "HardBreak": True,
    "BulletList": True,
    "ArticleOrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "InlineQuote": True,
    "Citation": True,
    "ArticleLink": {"protocols": sorted(URL_SCHEMES), "enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "PullQuote": True,
    "FactBox": True,
    "LibraryPhoto": {"photosUrl": reverse_lazy("admin:articles_article_photos")},
    "Embed": {"checkUrl": reverse_lazy("admin:articles_article_embed"), "wanted": WANTED},
    "CleanPaste": True,
    # Every button in the bar, none in a drop-down (django-prose-editor's own drop-down, for the
    # headings, opens from a <div> that the keyboard cannot reach).
    "Menu": {
        "groups": [
            {"group": group}
            for group in [
                "blockType -lists",
                "lists",
                "nodes -blockType -lists",
                "marks",
                "link",
                "table",
                "history",
            ]
        ]
    },
    # django-prose-editor turns the browser's spelling check off by default; reporters want it.
    "NoSpellCheck": False,
}

# The HTML each of the article's own extensions writes: (tags, attributes, classes).
ARTICLE_EXTENSIONS_HTML: dict[str, tuple[set[str], dict[str, set[str]], dict[str, set[str]]]] = {
    "ArticleHeading": ({"h2", "h3", "h4"}, {}, {}),
    "CleanPaste": (set(), {}, {}),
    "InlineQuote": ({"q"}, {"q": {"cite"}}, {}),
    "Citation": ({"cite"}, {}, {}),  # writes nothing: takes pasted styles out
    "ArticleOrderedList": ({"ol"}, {}, {}),
    "ArticleLink": ({"a"}, {"a": {"href", "title"}}, {}),
    "PullQuote": ({"blockquote"}, {}, {"blockquote": {"pull-quote"}}),
    "FactBox": ({"aside"}, {}, {"aside": {"fact-box"}}),
    "LibraryPhoto": ({"figure"}, {"figure": {"data-photo"}}, {}),
    "Embed": ({"figure"}, {"figure": {"data-embed", "data-embed-id", "data-embed-url"}}, {}),
}


def editor_allowlist() -> dict[str, Any]:
    """Tags, attributes, classes and URL schemes the configured editor can write, in nh3's terms."""
    own = {name: config for name, config in EXTENSIONS.items() if name in ARTICLE_EXTENSIONS_HTML}
    builtin = {name: config for name, config in EXTENSIONS.items() if name not in own}
    allowlist = allowlist_from_extensions(builtin)
    allowlist.setdefault("allowed_classes", {})
    allowlist["url_schemes"] = set(EXTENSIONS["ArticleLink"]["protocols"])
    for name in own:
        tags, attributes, classes = ARTICLE_EXTENSIONS_HTML[name]
        allowlist["tags"] |= tags
        for tag, names in attributes.items():
            allowlist["attributes"].setdefault(tag, set()).update(names)
        for tag, names in classes.items():
            allowlist["allowed_classes"].setdefault(tag, set()).update(names)
    return allowlist


class BodyEditorWidget(AdminProseEditorWidget):
    """The body's textarea, which prose-body.js replaces by the editor (and keeps up to date)."""

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, config={"extensions": EXTENSIONS}, preset=PRESET)

    @property
    def media(self):
        # js_asset's Media renders the import map with the CSP nonce the admin passes to
        # `{% csp_nonce_attr media %}`.
        return prose_editor_admin_media + Media(
            css={"all": ["articles/prose-body.css"]},
            js=[Script("articles/prose-body.js", type="module")],
            importmap=ImportMap({"articles/prose-extensions": "articles/prose-extensions.js"}),
        )

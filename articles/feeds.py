"""RSS 2.0 and Atom feeds: the latest articles, and those of a section, a tag or an author.

Every feed lists the same items the site shows (the visible teaser rows, articles.teasers), with
the byline's names, the section and tags as categories, and the lead photo as an enclosure.
Each item carries the article's body as HTML (RSS `content:encoded`, Atom `content`), read with
the rows in the same query: inline photos as figures with absolute addresses and their credit,
embeds as plain links (articles.body.render_export), never a frame or a script.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from taggit.models import Tag

from articles import body, live_views, surrogate_keys, teasers
from articles.cache import shows, shows_articles
from articles.live import excerpt as live_excerpt
from articles.models import Article, Author, Correction, LiveEntry, Section, join_names
from articles.templatetags.article_meta import absolute as absolute_url
from articles.templatetags.article_meta import lead_image
from articles.views import by_author, listed, tagged_with

ITEMS = 20


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def as_html(text: str | None) -> str | None:
    return None if text is None else escape(text)


CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"


class Rss(Rss201rev2Feed):
    """RSS 2.0 whose descriptions are plain text (standfirsts, notes, section descriptions).

    Readers render an RSS <description> as HTML, so the text is escaped once more here, in the
    one place every feed goes through: markup typed into any field reaches them as text.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed["description"] = as_html(self.feed["description"])

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1]["description"] = as_html(self.items[-1]["description"])

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class Atom(Atom1Feed):
    """Atom whose item descriptions are plain text, escaped for <summary type="html">.

    Titles, names and the subtitle are Atom text constructs already; only the summary is HTML.
    """

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1]["description"] = as_html(self.items[-1]["description"])

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class LatestRss(Feed):
    # Any SyndicationFeed: the Atom feeds below set Atom.
    feed_type: type[SyndicationFeed] = Rss
    language = settings.SITE_LANGUAGE

    # Django always passes title, description and link get_object()'s result (None here; the
    # section, tag or author below, whose overrides keep the `obj=None` default to stay compatible).
    def title(self, obj=None):
        return f"{settings.SITE_NAME}: latest news"

    def description(self, obj=None):
        return f"The latest articles published by {settings.SITE_NAME}."

    def link(self, obj=None):
        return absolute(reverse("articles:home"))

    def articles(self, obj):
        return listed()

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute(request.path)  # the canonical host, as on every page
        return feed

    # A feed answers as its page: the tag page is 404 until a public article uses the tag.
    empty_is_404 = False

    def items(self, obj=None):
        # The bodies come with the rows (a join), for each item's content.
        found = list(self.articles(obj).annotate(article_body=F("article__body"))[:ITEMS])
        if self.empty_is_404 and not found:
            raise Http404("Nothing has been published here yet.")
        shows_articles(teaser.article_id for teaser in found)
        return found

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.standfirst

    def item_extra_kwargs(self, item):
        photos = teasers.body_photos(item)
        return {"content_html": body.render_export(item.article_body, photos, absolute_url)}

    def item_link(self, item):
        return absolute(item.url)

    def item_pubdate(self, item):
        return item.first_published_at or item.published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_author_name(self, item):
        return join_names([credit.name for credit in teasers.credits(item)]) or None

    def item_categories(self, item):
        section = item.data["section"]
        return ([section["name"]] if section else []) + [t.name for t in teasers.topics(item)]

    def item_enclosures(self, item):
        image = lead_image(item)
        if image is None:
            return []
        return [Enclosure(image.url, str(image.size), image.mime_type)]


class LatestAtom(LatestRss):
    feed_type = Atom
    subtitle = LatestRss.description


class SectionRss(LatestRss):
    def get_object(self, request, slug):
        section = get_object_or_404(Section, slug=slug)
        shows(surrogate_keys.section(section.pk))
        return section

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj=None):
        return obj.description or f"The latest {obj.name} articles from {settings.SITE_NAME}."

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def articles(self, obj):
        return super().articles(obj).filter(section=obj)


class SectionAtom(SectionRss):
    feed_type = Atom
    subtitle = SectionRss.description


class TagRss(LatestRss):
    empty_is_404 = True

    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        shows(surrogate_keys.tag(tag.pk))
        return tag

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj=None):
        return f"Articles about {obj.name} from {settings.SITE_NAME}."

    def link(self, obj=None):
        return absolute(reverse("articles:tag", args=[obj.slug]))

    def articles(self, obj):
        return tagged_with(super().articles(obj), obj)


class TagAtom(TagRss):
    feed_type = Atom
    subtitle = TagRss.description


class AuthorRss(LatestRss):
    def get_object(self, request, slug):
        author = get_object_or_404(Author, slug=slug)
        shows(surrogate_keys.author(author.pk))
        return author

    def title(self, obj=None):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj=None):
        return f"Articles by {obj.name} in {settings.SITE_NAME}."

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def articles(self, obj):
        return by_author(super().articles(obj), obj)


class AuthorAtom(AuthorRss):
    feed_type = Atom
    subtitle = AuthorRss.description


class CorrectionsRss(Feed):
    """Every correction, clarification and update to a public article, newest first."""

    feed_type = Rss
    language = settings.SITE_LANGUAGE

    def title(self):
        return f"{settings.SITE_NAME}: corrections and updates"

    def description(self):
        return f"Corrections, clarifications and updates to articles in {settings.SITE_NAME}."

    def link(self):
        return absolute(reverse("articles:corrections"))

    def items(self):
        notes = Correction.objects.filter(article__in=Article.objects.published())
        found = list(notes.select_related("article__section").order_by("-published_at")[:ITEMS])
        shows(surrogate_keys.CORRECTIONS)
        shows_articles(note.article_id for note in found)
        return found

    def item_title(self, note):
        return f"{note.get_kind_display()}: {note.article.headline}"

    def item_description(self, note):
        return note.text

    def item_link(self, note):
        return absolute(note.article.get_absolute_url())

    def item_guid(self, note):
        return f"{absolute(note.article.get_absolute_url())}#note-{note.pk}"

    def item_pubdate(self, note):
        return note.published_at

    def item_categories(self, note):
        return [note.get_kind_display()]


# --- live blogs (articles.live_views): one item per entry, newest first --------------------


class LiveRss(Feed):
    """The entries of one public live blog."""

    feed_type: type[SyndicationFeed] = Rss
    language = settings.SITE_LANGUAGE
    ITEMS = 100

    def __call__(self, request, *args, **kwargs):
        return live_views.without_last_modified(super().__call__(request, *args, **kwargs))

    def get_object(self, request, pk):
        article = live_views.public_live_blog(pk)
        shows(surrogate_keys.article(article.pk))
        if article.live_closed_at is None:
            shows(live_views.OPEN)
        return article

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.headline}"

    def description(self, obj):
        return obj.standfirst or f"Live coverage from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute(request.path)
        return feed

    def items(self, obj):
        self.blog_url = absolute(obj.get_absolute_url())
        entries = list(LiveEntry.objects.for_readers(obj)[: self.ITEMS])
        # Each links to the page holding it: the article's (the pinned and the newest
        # PAGE_SIZE others) or the older page starting with it (live_views).
        others = [entry.pk for entry in entries if not entry.pinned]
        self.on_latest = {e.pk for e in entries if e.pinned} | set(others[: live_views.PAGE_SIZE])
        return entries

    def item_title(self, entry):
        return live_excerpt(entry)

    def item_description(self, entry):
        return live_excerpt(entry, 300)

    def item_extra_kwargs(self, entry):
        return {"content_html": body.render_export(*live_views.stored(entry), absolute_url)}

    def item_link(self, entry):
        if entry.pk in self.on_latest:
            return f"{self.blog_url}#entry-{entry.pk}"
        return f"{self.blog_url}?from={entry.pk}#entry-{entry.pk}"

    def item_pubdate(self, entry):
        return entry.posted_at

    def item_updateddate(self, entry):
        return entry.edited_at or entry.posted_at

    def item_author_name(self, entry):
        author = entry.author  # joined by for_readers(): no query, and no body rendered
        return (author.get_full_name() or author.username) if author else None


class LiveAtom(LiveRss):
    feed_type = Atom
    subtitle = LiveRss.description

from django.contrib.sitemaps.views import sitemap
from django.urls import path, re_path, register_converter
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles import feeds, live_views, surrogate_keys, views
from articles.cache import public_page
from articles.sitemaps import NewsSitemap, sitemaps
from articles.sitemaps import index as sitemap_index
from articles.tags import TopicConverter

# Tag slugs keep letters of every script ("zürich"); sections' and authors' are ASCII.
register_converter(TopicConverter, "topic")

app_name = "articles"


def feed(feed_class):
    """A feed served like every public page: from the page cache, answering conditional GETs."""
    return require_safe(public_page(feed_class(), keys=(surrogate_keys.FEEDS,)))


def live_feed(feed_class):
    """A live blog's feed: kept only briefly while the blog is open (articles.live_views)."""
    return live_views.kept_briefly_when_live(feed(feed_class))


def cached(view, *keys):
    return require_safe(public_page(view, keys=keys))


ARTICLE = r"^(?P<section>[-\w]+)/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/(?P<slug>[-\w]+)/$"

# The home page and section fronts ("home", "section") are the fronts app's: newsroom/urls.py
# puts them in this namespace.
urlpatterns = [
    path("search/", views.search, name="search"),
    path("tag/<topic:slug>/", views.tag, name="tag"),
    path("author/<slug:slug>/", views.author, name="author"),
    re_path(ARTICLE, live_views.kept_briefly_when_live(views.article), name="article"),
    # Live blogs: the entries newer than the reader's newest (static/site/live.js), and feeds.
    path("live/<int:pk>/since/<int:after>/", live_views.since, name="live_since"),
    path("live/<int:pk>/rss/", live_feed(feeds.LiveRss), name="live_rss"),
    path("live/<int:pk>/atom/", live_feed(feeds.LiveAtom), name="live_atom"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/rss/", feed(feeds.CorrectionsRss), name="corrections_rss"),
    path("preview/<str:token>/", views.shared, name="share"),
    # Feeds: the latest articles, and those of one section, tag or author; RSS 2.0 and Atom each.
    path("feeds/rss/", feed(feeds.LatestRss), name="feed_rss"),
    path("feeds/atom/", feed(feeds.LatestAtom), name="feed_atom"),
    path("section/<slug:slug>/rss/", feed(feeds.SectionRss), name="section_rss"),
    path("section/<slug:slug>/atom/", feed(feeds.SectionAtom), name="section_atom"),
    path("tag/<topic:slug>/rss/", feed(feeds.TagRss), name="tag_rss"),
    path("tag/<topic:slug>/atom/", feed(feeds.TagAtom), name="tag_atom"),
    path("author/<slug:slug>/rss/", feed(feeds.AuthorRss), name="author_rss"),
    path("author/<slug:slug>/atom/", feed(feeds.AuthorAtom), name="author_atom"),
    # Sitemaps for search engines, and the file that tells them where to look.
    # An index of one sitemap per kind of page, the articles' in pages of ARTICLES_PER_SITEMAP.
    path(
        "sitemap.xml",
        cached(sitemap_index, surrogate_keys.SITEMAPS),
        name="sitemap",
    ),
    path(
        "sitemap-<str:section>.xml",
        cached(sitemap, surrogate_keys.SITEMAPS),
        {"sitemaps": sitemaps},
        name="sitemap_part",
    ),
    path(
        "news-sitemap.xml",
        cached(sitemap, surrogate_keys.SITEMAPS),
        {"sitemaps": {"news": NewsSitemap}, "template_name": "articles/news_sitemap.xml"},
        name="news_sitemap",
    ),
    path(
        "robots.txt",
        cached(TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
        name="robots",
    ),
    # Browsers ask for it on pages that name no icon (the admin's): the site's own, not a 404.
    path("favicon.ico", views.favicon, name="favicon"),
]

"""Sitemaps: every public article, section, tag and author page; and the Google News sitemap."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from taggit.models import Tag

from articles.models import Article, Author, Section, Teaser

NEWS_DAYS = 2  # Google News reads only the last two days
NEWS_LIMIT = 1000  # and at most this many entries
ARTICLES_PER_SITEMAP = 2000  # small pages render fast after every publication retires the cache


class SiteSitemap(Sitemap):
    """Addresses on the canonical SITE_URL, whatever host the crawler asked."""

    def get_protocol(self, protocol=None):
        # SITE_URL's scheme, read per call like the domain (a `protocol` property would override
        # Sitemap's writable attribute); get_urls() asks here, and the default gave it precedence.
        return urlsplit(settings.SITE_URL).scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"
    limit = ARTICLES_PER_SITEMAP

    def get_latest_lastmod(self):
        # One aggregate, where Django's default would load every article.
        latest = Max(Greatest("updated_at", "published_at"))
        return self.items().aggregate(latest=latest)["latest"]

    def items(self):
        return Teaser.objects.visible().order_by("-published_at")

    def lastmod(self, item):
        return item.modified_at


class SectionSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        public = Q(articles__in=Article.objects.published())
        latest = Max("articles__published_at", filter=public)
        return Section.objects.annotate(latest=latest).order_by("position", "name")

    def lastmod(self, item):
        return item.latest


class TagSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        public = Tag.objects.filter(article__in=Article.objects.published())
        return public.distinct().order_by("name")

    def location(self, item):
        return reverse("articles:tag", args=[item.slug])


class AuthorSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        public = Author.objects.filter(bylines__article__in=Article.objects.published())
        return public.distinct().order_by("name")


class NewsSitemap(SiteSitemap):
    """Google News: articles from the last two days, with publication name and language."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_DAYS)
        teasers = Teaser.objects.visible().filter(published_at__gte=since)
        return teasers.order_by("-published_at")[:NEWS_LIMIT]

    def lastmod(self, item):
        return item.last_changed

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["publication_name"] = settings.SITE_NAME
            url["language"] = settings.SITE_LANGUAGE
        return urls


sitemaps = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


def index(request):
    """sitemap.xml: where each part is, on SITE_URL like every address in them, with its date."""
    parts = []
    dates: list[datetime] = []
    for name, sitemap_class in sitemaps.items():
        part = sitemap_class()
        location = settings.SITE_URL + reverse("articles:sitemap_part", args=[name])
        lastmod = part.get_latest_lastmod()
        for page in part.paginator.page_range:
            address = location + (f"?p={page}" if page > 1 else "")
            # Stub gap: django-stubs (like Django's dataclass) types last_mod `bool | None`, but
            # Django's own index() gives it get_latest_lastmod()'s datetime, as here.
            parts.append(SitemapIndexItem(address, lastmod))  # type: ignore[arg-type]
            if lastmod:
                dates.append(lastmod)
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": parts}, content_type="application/xml"
    )
    if dates:
        response.headers["Last-Modified"] = http_date(max(dates).timestamp())
    return response

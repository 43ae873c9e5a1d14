"""Public pages. Lists read teaser rows (Teaser.objects.visible()), one query per page; an article
page reads its row (notes to readers included) joined to the article."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe
from taggit.models import Tag, TaggedItem

from articles import body, live_views, log, surrogate_keys, teasers
from articles.cache import public_page, shows, shows_articles
from articles.log import ArticleAction
from articles.models import (
    Article,
    Author,
    Byline,
    Correction,
    PreviousSlug,
    ShareLink,
    Teaser,
)
from articles.related import related_teasers
from articles.search import ranked
from articles.teasers import teaser_of
from newsroom.numbers import whole_number

PER_PAGE = 20
MAX_PAGE = 1_000_000  # 20 million articles; a higher number is no page (and no SQL overflow)


def listed():
    """The teasers of what the public may see now, newest first."""
    return Teaser.objects.visible()


def tagged_with(teasers, tag):
    """Teasers of articles carrying `tag`, as an `IN (subquery)` the database runs from its indexes.

    Filtering through the tags joins on taggit's integer object_id cast to the article's bigint
    id, which defeats every index.
    """
    content_type = ContentType.objects.get_for_model(Article)
    tagged = TaggedItem.objects.filter(tag=tag, content_type=content_type)
    return teasers.filter(article_id__in=tagged.values("object_id"))


def by_author(teasers, author):
    # A subquery, not a join, so an author with two roles on one article lists it once.
    return teasers.filter(article_id__in=Byline.objects.filter(author=author).values("article"))


def record_share_view(link: ShareLink, request) -> None:
    user_agent = request.headers.get("User-Agent", "")[:300]
    log.record_share(
        ArticleAction.SHARE_USED,
        link,
        actor=request.user,
        detail=f"link #{link.pk}",
        user_agent=user_agent,
    )


def last_modified(teasers) -> float | None:
    """The latest change among the articles a page shows, as a Unix time."""
    times = [teaser.last_changed for teaser in teasers]
    return max(times).timestamp() if times else None


def paginate(request, queryset):
    paginator = Paginator(queryset, PER_PAGE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("There is no such page.") from None


@dataclass
class Window:
    """One page of a list, found without counting the list: PER_PAGE + 1 rows say if more follow.

    Readers page by "newer" and "older", so the total (a COUNT over the whole archive on every
    list page) buys nothing they see. The methods are those of Django's Page, which the
    templates also receive (the corrections page is counted).
    """

    number: int
    object_list: list
    more: bool

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def window(request, queryset) -> Window:
    number = whole_number(request.GET.get("page", "1"))
    if number is None or not 1 <= number <= MAX_PAGE:
        raise Http404("There is no such page.")
    start = (number - 1) * PER_PAGE
    rows = list(queryset[start : start + PER_PAGE + 1])
    if number > 1 and not rows:
        raise Http404("There is no such page.")
    return Window(number, rows[:PER_PAGE], len(rows) > PER_PAGE)


def list_page(request, template, teasers, context=None, *, empty_is_404=False):
    page = window(request, teasers)
    if empty_is_404 and not page.object_list:
        raise Http404("Nothing has been published here yet.")
    return show(request, template, {"page": page, **(context or {})}, page.object_list)


def show(request, template, context, teasers):
    shows_articles(teaser.article_id for teaser in teasers)
    response = render(request, template, context)
    modified = last_modified(teasers)
    if modified:
        response.headers["Last-Modified"] = http_date(modified)
    return response


@require_safe
@public_page
def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    shows(surrogate_keys.tag(tag.pk))
    teasers = tagged_with(listed(), tag)
    # A tag used only on drafts stays unknown to the public.
    return list_page(request, "articles/tag.html", teasers, {"tag": tag}, empty_is_404=True)


@require_safe
@public_page
def author(request, slug):
    author = get_object_or_404(Author, slug=slug)
    shows(surrogate_keys.author(author.pk))
    teasers = by_author(listed(), author)
    return list_page(request, "articles/author.html", teasers, {"author": author})


@require_safe
@public_page
def search(request):
    shows(surrogate_keys.SEARCH)
    query = request.GET.get("q", "").strip()[:200]
    if not query:
        return render(request, "articles/search.html", {"query": ""})
    # Ranked ids of a bounded set, never counted in full: see articles.search.
    results = ranked(Article.objects.published(), query)
    page = window(request, results.ids)
    teasers = Teaser.objects.in_bulk(page.object_list)
    page.object_list = [teasers[pk] for pk in page.object_list if pk in teasers]
    context = {"page": page, "query": query, "found": len(results.ids), "more": results.more}
    return show(request, "articles/search.html", context, page.object_list)


@require_safe
@public_page
def article(request, section, year, month, day, slug):
    # Slugs are unique: no ORDER BY to build for one row.
    articles = Article.objects.published().filter(slug=slug).order_by()
    articles = articles.select_related("teaser", "live_revision")  # the live blog's stamp
    found = next(iter(articles), None)
    if found is None:
        previous = get_object_or_404(
            PreviousSlug.objects.select_related("article__section"),
            slug=slug,
            article__in=Article.objects.published(),
        )
        return redirect(previous.article, permanent=True)
    teaser = teaser_of(found)
    if request.path != teaser.url:
        return redirect(teaser.url, permanent=True)
    context = article_context(found, teaser)
    # Unpublishing or embargoing a related story purges this page too (its key is here).
    shows_articles(related.article_id for related in context["related"])
    if found.is_live:
        context.update(live_views.reader_context(found, teaser.url, request.GET.get("from")))
    response = show(request, "articles/article.html", context, [teaser])
    if found.is_live:
        live_views.without_last_modified(response)
    live_origins = context.get("live", {}).get("frame_origins", [])
    return allow_frames(request, response, found.body, live_origins)


def allow_frames(request, response, html: str, also: list[str] | None = None):
    """The page may frame exactly the providers its body embeds (loaded on a reader's click),
    and those in `also` (a live blog's: live_views.frame_origins), and no others: Django's own
    per-view override (csp_override), with this page's policy. It is kept on the response, so
    a page served from the page cache keeps it too."""
    origins = sorted({*body.frame_origins(html), *(also or [])})
    if not origins:
        return response
    policy: dict = {**settings.SECURE_CSP, "frame-src": origins}
    return csp_override(policy)(lambda request: response)(request)


def article_context(article, teaser, **extra) -> dict:
    return {
        "article": article,
        "teaser": teaser,
        "notes": teasers.notes(teaser),
        "related": related_teasers(article, teaser),
        **extra,
    }


@require_safe
@public_page
def corrections(request):
    """Every note added to a public article, newest first: the newsroom's record of its errors."""
    notes = Correction.objects.filter(article__in=Article.objects.published())
    page = paginate(request, notes.select_related("article__section").order_by("-published_at"))
    shows(surrogate_keys.CORRECTIONS)
    shows_articles(note.article_id for note in page.object_list)
    response = render(request, "articles/corrections.html", {"page": page})
    if page.object_list:
        response.headers["Last-Modified"] = http_date(page.object_list[0].published_at.timestamp())
    return response


@require_safe
def shared(request, token):
    """An unpublished or embargoed article, for someone holding a share link; never cached."""
    link = ShareLink.from_token(token)
    if link is None:
        # The same answer for a forged, expired or revoked link: it names no article.
        response = render(request, "articles/share_gone.html", status=404)
    else:
        article = Article.objects.select_related("section", "lead_photo", "teaser").get(
            pk=link.article_id
        )
        record_share_view(link, request)
        context = article_context(article, teaser_of(article), preview=link)
        response = allow_frames(
            request, render(request, "articles/article.html", context), article.body
        )
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


@require_safe
def favicon(request):
    """The site's icon (static, hashed in production: looked up per request, not at import)."""
    return HttpResponsePermanentRedirect(static("site/icon.svg"))

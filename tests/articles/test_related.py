"""Related stories: the editor's first, automatic ones after, only what the public may see now,
on the page, in its JSON-LD and in the ninjs export, at a fixed cost and never stale."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import editing, teasers, workflow
from articles.admin import RelatedArticleInline
from articles.models import Article, RelatedArticle, Revision, Status
from articles.related import SHOWN, related_teasers
from tests.articles.site_fixtures import publish
from tests.factories import make_article, make_section
from tests.wire.test_export import SCHEMA, assert_valid

pytestmark = pytest.mark.django_db

ARTICLE_QUERIES = 3  # sections, the article with its teaser row, the related teasers


def published(**fields):
    fields.setdefault("section", make_section())
    return make_article(status=Status.PUBLISHED, **fields)


def choose(article, *related):
    for position, other in enumerate(related):
        RelatedArticle.objects.create(article=article, related=other, position=position)


def shown(article):
    return [t.article_id for t in related_teasers(article, teasers.teaser_of(article))]


def related_section(html):
    found = re.search(r'<aside class="story-related".*?</aside>', html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_chosen_stories_come_first_in_their_order_then_automatic_ones_fill_up():
    section = make_section("World")
    article = published(section=section, tags=["NATO"])
    same_tag = published(tags=["NATO"])
    same_section = published(section=section)
    unrelated = published()
    first, second = published(), published()
    choose(article, second, first)
    RelatedArticle.objects.filter(related=second).update(position=5)

    assert shown(article) == [first.pk, second.pk, same_tag.pk, same_section.pk]
    assert unrelated.pk not in shown(article)


def test_a_story_sharing_more_topics_ranks_above_the_newer_one_sharing_fewer():
    article = published(tags=["NATO", "Russia"])
    both = published(tags=["NATO", "Russia"])
    published(tags=["NATO"])  # newer, one topic only
    assert shown(article)[0] == both.pk


def test_never_the_article_itself_nor_a_story_twice():
    article = published(tags=["NATO"])
    other = published(tags=["NATO"])
    choose(article, other)  # chosen, and also similar
    RelatedArticle.objects.create(article=other, related=article)

    assert shown(article) == [other.pk]
    assert shown(other) == [article.pk]


def test_no_more_than_the_places_on_the_page_even_with_many_chosen():
    article = published(tags=["NATO"])
    choose(article, *[published() for _ in range(SHOWN + 3)])
    assert len(shown(article)) == SHOWN


@pytest.mark.parametrize("hide", ["unpublish", "embargo", "schedule"])
def test_a_story_taken_from_the_public_leaves_every_related_list_with_no_write_to_them(
    editor, hide
):
    target = published(tags=["NATO"])
    chosen_by = published()
    choose(chosen_by, target)
    similar = published(tags=["NATO"])
    assert target.pk in shown(chosen_by) and target.pk in shown(similar)

    later = timezone.now() + timedelta(days=1)
    if hide == "unpublish":
        workflow.perform(target, "unpublish", editor, note="Legal asked")
    else:
        field = "embargo_until" if hide == "embargo" else "published_at"
        Article.objects.filter(pk=target.pk).update(**{field: later})
        teasers.refresh([target.pk])

    assert target.pk not in shown(chosen_by)
    assert target.pk not in shown(similar)
    assert RelatedArticle.objects.filter(related=target).exists()  # the choice waits


def test_a_chosen_draft_appears_once_it_is_published():
    article = published()
    draft = make_article()
    choose(article, draft)
    assert shown(article) == []
    publish(draft)
    assert shown(article) == [draft.pk]


def test_the_page_lists_them_with_links_and_carries_their_keys(client, no_pillow):
    article = published(tags=["NATO"])
    chosen = published(headline="Talks resume in Geneva")
    choose(article, chosen)
    similar = published(headline="Allies meet", tags=["NATO"])

    with no_pillow():
        response = client.get(article.get_absolute_url())

    block = related_section(response.text)
    assert block.index("Talks resume in Geneva") < block.index("Allies meet")
    assert f'href="{chosen.get_absolute_url()}"' in block
    keys = response.headers["Surrogate-Key"].split()
    assert {f"a{chosen.pk}", f"a{similar.pk}", f"a{article.pk}"} <= set(keys)


def test_a_page_without_related_stories_has_no_empty_section(client):
    article = published()
    assert related_section(client.get(article.get_absolute_url()).text) == ""


@pytest.mark.usefixtures("fresh_cache", "no_page_cache")
@pytest.mark.parametrize("count", [1, 50])
def test_the_article_page_costs_the_same_with_1_or_50_related_stories(client, count):
    section = make_section()
    article = published(section=section, tags=["NATO", "Russia"])
    others = [published(section=section, tags=["NATO", "Russia"]) for _ in range(count)]
    choose(article, *others)
    url = article.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(related_section(response.text).split("<li>")) - 1 == min(count, SHOWN)
    assert len(queries) == ARTICLE_QUERIES


@pytest.mark.usefixtures("page_cache_on")
@pytest.mark.parametrize("hide", ["unpublish", "embargo"])
def test_hiding_a_related_story_purges_the_cached_pages_showing_it(
    client, editor, purged, django_capture_on_commit_callbacks, hide
):
    article = published()
    related = published(headline="Talks resume in Geneva")
    choose(article, related)
    url = article.get_absolute_url()
    assert "Talks resume in Geneva" in client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        if hide == "unpublish":
            workflow.perform(related, "unpublish", editor, note="Legal asked")
        else:
            related.embargo_until = timezone.now() + timedelta(days=1)
            editing.save_content(
                related, user=editor, source=Revision.Source.ADMIN, expected_version=related.version
            )

    assert any(f"a{related.pk}" in keys for keys in purged)
    assert "Talks resume in Geneva" not in client.get(url).text


def test_json_ld_names_the_related_stories_as_the_pages_related_links(client, settings):
    article = published(tags=["NATO"])
    other = published(tags=["NATO"])
    page = client.get(article.get_absolute_url()).text
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["mainEntityOfPage"]["relatedLink"] == [settings.SITE_URL + other.get_absolute_url()]


def test_json_ld_has_no_related_links_when_there_are_none(client):
    page = client.get(published().get_absolute_url()).text
    assert "relatedLink" not in page


def test_ninjs_carries_the_related_stories_as_valid_associations(client, settings):
    article = published(tags=["NATO"])
    other = published(tags=["NATO"], headline="Allies meet", standfirst="In Brussels.")
    document = client.get(reverse("wire:ninjs-detail", args=[article.pk])).json()

    [association] = [a for a in document["associations"] if a["rel"] == "seeAlso"]
    assert association["uri"].endswith(reverse("wire:ninjs-detail", args=[other.pk]))
    assert association["headlines"] == [{"role": "main", "value": "Allies meet"}]
    assert association["altIds"] == [
        {"role": "web", "value": settings.SITE_URL + other.get_absolute_url()}
    ]
    assert_valid(validator(), document)


def validator():
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource

    geojson = Resource.from_contents(
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
    )
    registry = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", geojson)
    return Draft202012Validator(SCHEMA, registry=registry, format_checker=FormatChecker())


# --- the editors' inline --------------------------------------------------------------------


def inline_formset(editor, article, rows):
    request = RequestFactory().post("/")
    request.user = editor
    inline = RelatedArticleInline(Article, admin.site)
    FormSet = inline.get_formset(request, article)
    data = {
        "related_choices-TOTAL_FORMS": str(len(rows)),
        "related_choices-INITIAL_FORMS": "0",
    }
    for n, (position, related) in enumerate(rows):
        data[f"related_choices-{n}-position"] = str(position)
        data[f"related_choices-{n}-related"] = str(related.pk)
    return FormSet(data, instance=article, prefix="related_choices")


def test_the_inline_saves_the_editors_choices_in_order(editor):
    article, first, second = published(), published(), published()
    formset = inline_formset(editor, article, [(1, second), (0, first)])
    assert formset.is_valid(), formset.errors
    formset.save()
    assert shown(article) == [first.pk, second.pk]


def test_choosing_the_article_itself_is_a_form_error(editor):
    article = published()
    formset = inline_formset(editor, article, [(0, article)])
    assert not formset.is_valid()
    assert "An article cannot be related to itself." in str(formset.errors)


def test_choosing_a_story_twice_is_a_form_error(editor):
    article, other = published(), published()
    formset = inline_formset(editor, article, [(0, other), (1, other)])
    assert not formset.is_valid()
    assert "duplicate" in str(formset.non_form_errors()).lower()


def test_the_change_page_offers_the_inline_with_autocomplete(client, editor):
    article = published()
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "Related stories (up to 4" in page
    assert 'name="related_choices-TOTAL_FORMS"' in page
    assert "admin-autocomplete" in page


def test_a_posted_self_choice_is_refused_on_the_page_and_nothing_is_saved(client, editor):
    from tests.articles.test_admin import form_data

    article = make_article(status=Status.EDIT)
    byline = article.bylines.get()
    data = form_data(
        section=article.section,
        author=byline.author,
        slug=article.slug,
        base_version=article.version,
        **{
            "bylines-INITIAL_FORMS": "1",
            "bylines-0-id": byline.pk,
            "bylines-0-article": article.pk,
            "related_choices-TOTAL_FORMS": "1",
            "related_choices-INITIAL_FORMS": "0",
            "related_choices-0-position": "0",
            "related_choices-0-related": article.pk,
        },
    )
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "An article cannot be related to itself." in response.text
    assert not RelatedArticle.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text similarity: PostgreSQL")
def test_on_postgresql_a_story_sharing_headline_words_is_proposed_without_shared_topics():
    article = published(headline="Glacier retreat speeds up in the Alps")
    similar = published(headline="Alpine glacier retreat measured")
    published(headline="Parliament passes the budget")
    assert shown(article)[0] == similar.pk


def test_a_form_posted_without_the_related_block_keeps_the_choices(client, editor):
    from tests.articles.test_admin import form_data

    article = make_article(status=Status.EDIT)
    other = published()
    choose(article, other)
    byline = article.bylines.get()
    data = form_data(
        section=article.section,
        author=byline.author,
        slug=article.slug,
        base_version=article.version,
        **{
            "bylines-INITIAL_FORMS": "1",
            "bylines-0-id": byline.pk,
            "bylines-0-article": article.pk,
        },
    )
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert list(RelatedArticle.objects.values_list("related_id", flat=True)) == [other.pk]


@pytest.mark.usefixtures("page_cache_on")
def test_a_choice_saved_on_a_published_article_reaches_its_cached_page(
    client, editor, django_capture_on_commit_callbacks
):
    from tests.articles.test_admin import form_data

    article = published()
    chosen = published(headline="Talks resume in Geneva")
    url = article.get_absolute_url()
    assert "Talks resume in Geneva" not in client.get(url).text
    byline = article.bylines.get()
    data = form_data(
        section=article.section,
        author=byline.author,
        slug=article.slug,
        base_version=article.version,
        **{
            "bylines-INITIAL_FORMS": "1",
            "bylines-0-id": byline.pk,
            "bylines-0-article": article.pk,
            "related_choices-TOTAL_FORMS": "1",
            "related_choices-INITIAL_FORMS": "0",
            "related_choices-0-position": "0",
            "related_choices-0-related": chosen.pk,
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
        },
    )
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    client.logout()
    assert response.status_code == 302
    assert "Talks resume in Geneva" in client.get(article.get_absolute_url()).text

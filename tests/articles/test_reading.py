"""The plain-SQL lookups of readers' pages give what the ORM would, in one query each."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from taggit.models import Tag, TaggedItem

from articles.context_processors import navigation
from articles.models import Article, Byline, Correction, Credit, Section, Status, Topic
from articles.models.reading import credits_by_article, topics_by_article
from articles.navigation import site_sections, with_sections
from media_assets.figures import figure
from media_assets.models import Photo
from media_assets.rendition_store import get_rendition, load_renditions, rendition_url
from tests import factories

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def test_credits_come_in_byline_order_with_each_authors_kind():
    tass = factories.make_author("TASS", kind="agency")
    reporter = factories.make_author("Ana Reporter")
    article = factories.make_article(bylines=[reporter, tass])
    Byline.objects.filter(article=article, author=tass).update(position=0, role="additional")
    Byline.objects.filter(article=article, author=reporter).update(position=1)
    other = factories.make_article(bylines=[factories.make_author("Ben")])

    found = credits_by_article([article.pk, other.pk])

    assert found[article.pk] == [
        Credit("additional", "TASS", tass.slug, "agency"),
        Credit("writer", "Ana Reporter", reporter.slug, "person"),
    ]
    assert [credit.name for credit in found[other.pk]] == ["Ben"]
    assert found[article.pk][0].is_agency and not found[article.pk][1].is_agency
    assert found[article.pk][1].url == reporter.get_absolute_url()
    expected = [Credit.of(b) for b in Byline.objects.filter(article=article).order_by("position")]
    assert found[article.pk] == expected


def test_topics_are_the_articles_own_tags_in_the_order_added():
    article = factories.make_article(tags=["Russia", "NATO", "INF Treaty"])
    untagged = factories.make_article()
    # The same object id under another model's content type is not this article's tag.
    photo_type = ContentType.objects.get_for_model(Photo)
    foreign = Tag.objects.create(name="Not an article tag", slug="not-an-article-tag")
    TaggedItem.objects.create(tag=foreign, content_type=photo_type, object_id=article.pk)

    found = topics_by_article([article.pk, untagged.pk])

    assert [topic.name for topic in found[article.pk]] == ["Russia", "NATO", "INF Treaty"]
    assert found[article.pk][1] == Topic("NATO", "nato")
    assert found[article.pk][1].url == "/tag/nato/"
    assert untagged.pk not in found
    assert credits_by_article([]) == {} and topics_by_article([]) == {}


def test_for_page_loads_credits_and_topics_for_every_article_in_two_queries(
    django_assert_num_queries,
):
    for n in range(3):
        factories.make_article(status=Status.PUBLISHED, tags=[f"Tag {n}", "Common"])
    # the articles, their credits, their topics (no lead photos, so no renditions)
    with django_assert_num_queries(3):
        articles = list(Article.objects.published().for_page())
        assert all(len(article.credits) == 1 for article in articles)
        assert all(len(article.topics) == 2 for article in articles)


def test_an_article_fetched_any_other_way_loads_its_credits_and_topics_on_first_use(
    django_assert_num_queries,
):
    made = factories.make_article(tags=["NATO"])
    author = made.bylines.get().author
    article = Article.objects.get(pk=made.pk)
    with django_assert_num_queries(2):
        assert [credit.name for credit in article.credits] == [author.name]
        assert [topic.name for topic in article.topics] == ["NATO"]
        assert article.credits and article.topics  # remembered


def test_photos_share_their_loaded_renditions_and_a_new_one_is_remembered(
    django_assert_num_queries,
):
    photo = factories.make_photo()
    get_rendition(photo, "width-400")
    first, second = Photo.objects.get(pk=photo.pk), Photo.objects.get(pk=photo.pk)
    with django_assert_num_queries(1):
        load_renditions([first, None, second])
    with django_assert_num_queries(0):
        assert get_rendition(first, "width-400").width == 400
    made = get_rendition(first, "max-200x200")  # made now, and known to both
    with django_assert_num_queries(0):
        assert get_rendition(second, "max-200x200").pk == made.pk
        assert rendition_url(made) in figure(second, "max-200x200")


def test_notes_come_oldest_first_as_the_orm_orders_them():
    article = factories.make_article(status=Status.PUBLISHED)
    later = article.corrections.create(kind="update", text="Later")
    earlier = article.corrections.create(kind="correction", text="Earlier")
    Correction.objects.filter(pk=earlier.pk).update(published_at=later.published_at - HOUR)
    notes = Article.objects.get(pk=article.pk).notes
    assert [note.text for note in notes] == ["Earlier", "Later"]
    assert notes == list(article.corrections.all())
    assert notes[0].published_at == later.published_at - HOUR  # aware, as the ORM gives it


def test_the_navigation_lists_sections_in_the_orms_order():
    factories.make_section("Sport", position=2)
    factories.make_section("World", position=1)
    factories.make_section("Business", position=2)
    listed = [section.name for section in navigation(RequestFactory().get("/"))["nav_sections"]]
    assert listed == [section.name for section in Section.objects.all()]
    assert listed == ["World", "Business", "Sport"]


def test_many_articles_are_read_in_batches_with_nothing_lost(
    monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr("articles.models.reading.BATCH", 2)
    made = [factories.make_article(tags=[f"Tag {n}"]) for n in range(5)]
    ids = [article.pk for article in made]
    with django_assert_num_queries(3):  # 5 ids in batches of 2
        found = topics_by_article(ids)
    assert [found[pk][0].name for pk in ids] == [f"Tag {n}" for n in range(5)]
    assert len(credits_by_article(ids)) == 5


def test_teasers_share_the_navigations_sections(django_assert_num_queries):
    world = factories.make_section("World")
    for _ in range(3):
        factories.make_article(status=Status.PUBLISHED, section=world)
    factories.make_article(status=Status.PUBLISHED, section=None)
    request = RequestFactory().get("/")
    articles = list(Article.objects.published().for_page(teaser=True))
    with django_assert_num_queries(1):  # the sections, once for the request
        with_sections(request, articles)
        navigation(request)
    nav_world = next(s for s in site_sections(request) if s.pk == world.pk)
    assert all(a.section is nav_world for a in articles if a.section_id)
    assert [a.section for a in articles if not a.section_id] == [None]


def test_refreshing_an_article_forgets_what_its_page_read():
    article = factories.make_article(status=Status.PUBLISHED, tags=["One"])
    assert len(article.credits) == 1 and [t.name for t in article.topics] == ["One"]
    assert article.notes == []
    Byline.objects.create(article=article, author=factories.make_author("Second"), position=5)
    article.tags.add("Two")
    article.corrections.create(text="A fix")
    article.refresh_from_db()
    assert [credit.name for credit in article.credits][-1] == "Second"
    assert [topic.name for topic in article.topics] == ["One", "Two"]
    assert [note.text for note in article.notes] == ["A fix"]

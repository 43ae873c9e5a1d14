"""Export → validate → import: the seed comes back with the same words, bylines and credit."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import teasers
from articles.models import Article, Author, Status
from tests import factories
from tests.wire.conftest import TODAY
from wire.importer import CREATED, import_data
from wire.schema import first_error

pytestmark = pytest.mark.django_db


def publish(article):
    # Tests set the state directly; in the application only workflow.perform() does so.
    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, published_at=now, first_published_at=now
    )
    article.refresh_from_db()


def byline_parts(article):
    return [(b.author.name, b.author.kind, b.role) for b in article.bylines.all()]


@pytest.fixture
def seed_published(seed_bytes, editor):
    """The seed imported, its picture attached by the photo desk from the recorded credit."""
    outcome = import_data("seed.txt", seed_bytes, user=editor, today=TODAY)
    picture = outcome.item.pictures.get()
    article = outcome.article
    article.lead_photo = factories.make_photo(
        caption=picture.caption, credit_line=picture.credit_line
    )
    article.section = factories.make_section("World")
    article.save()
    publish(article)
    return article


def test_seed_round_trip_keeps_headline_standfirst_body_bylines_and_credit(client, seed_published):
    response = client.get(reverse("wire:ninjs-detail", args=[seed_published.pk]))
    document = response.json()
    assert first_error(document, "3") is None
    outcome = import_data("export.json", response.content)
    assert outcome.result == CREATED, outcome.message
    copy = outcome.article
    assert copy.pk != seed_published.pk
    assert copy.status == Status.DRAFT
    assert copy.headline == seed_published.headline
    assert copy.standfirst == seed_published.standfirst
    assert copy.body == seed_published.body
    assert byline_parts(copy) == byline_parts(seed_published) == [("TASS", "agency", "writer")]
    [picture] = outcome.item.pictures.all()
    assert picture.credit == seed_published.credit == "© EPA-EFE/KOCA SULEJMANOVIC"
    assert picture.caption == "NATO Secretary General Jens Stoltenberg"
    assert copy.dateline_place == "BRUSELLS"
    assert outcome.item.place_unrecognised is True
    assert copy.section == seed_published.section  # the exported section is matched by name


def test_round_trip_of_people_and_roles(client):
    article = factories.make_article(
        status=Status.PUBLISHED,
        bylines=[factories.make_author("Ivan Petrov")],
        tags=["NATO"],
    )
    extra = factories.make_author("Anna Smirnova")
    article.bylines.create(author=extra, role="additional", position=1)
    agency = factories.make_author("TASS", kind=Author.Kind.AGENCY)
    article.bylines.create(author=agency, position=2)
    teasers.refresh([article.pk])  # as saving it in the admin does
    body = client.get(reverse("wire:ninjs-detail", args=[article.pk])).content
    assert json.loads(body)["by"] == "Ivan Petrov; additional reporting by Anna Smirnova"
    copy = import_data("export.json", body).article
    assert byline_parts(copy) == byline_parts(article)
    assert list(copy.tags.names()) == ["NATO"]


def test_exporting_again_after_an_edit_is_a_newer_version(client, seed_published):
    url = reverse("wire:ninjs-detail", args=[seed_published.pk])
    first = client.get(url).content
    import_data("export.json", first)
    later = timezone.now() + timedelta(minutes=1)
    Article.objects.filter(pk=seed_published.pk).update(
        headline="NATO still ready", updated_at=later
    )
    outcome = import_data("export.json", client.get(url).content)
    assert outcome.result == "updated"
    assert outcome.article.headline == "NATO still ready"

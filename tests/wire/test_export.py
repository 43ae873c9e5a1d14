"""/api/ninjs/: published articles as ninjs 3.1, validated with jsonschema; nothing else leaves."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from articles import teasers
from articles.models import Article, Author, Byline, Status
from tests import factories
from tests.wire.conftest import example
from wire.importer import import_data

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((settings.BASE_DIR / "wire" / "ninjs" / "ninjs-schema_3.1.json").read_text())


@pytest.fixture(scope="module")
def ninjs_31():
    geojson = Resource.from_contents(
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}
    )
    registry = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", geojson)
    return Draft202012Validator(SCHEMA, registry=registry, format_checker=FormatChecker())


def assert_valid(validator, document):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


@pytest.fixture
def published():
    photo = factories.make_photo(
        caption="NATO Secretary General Jens Stoltenberg",
        credit_line="EPA-EFE/KOCA SULEJMANOVIC",
        creator="Koca Sulejmanovic",
        copyright_notice="© EPA-EFE 2018",
        source="EPA-EFE",
    )
    article = factories.make_article(
        status=Status.PUBLISHED,
        headline="NATO stands ready to continue dialogue",
        standfirst="The alliance will take every required measure.",
        body="<p>First paragraph.</p><blockquote>A quote.</blockquote>",
        section=factories.make_section("World"),
        dateline_place="BRUSSELS",
        dateline_source="TASS",
        lead_photo=photo,
        bylines=[
            factories.make_author("Ivan Petrov"),
            factories.make_author("TASS", kind=Author.Kind.AGENCY),
        ],
        tags=["NATO", "Russia"],
    )
    return article


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return response.json() if status == 200 else None


def test_published_article_validates_and_carries_its_parts(client, published, ninjs_31):
    url = reverse("wire:ninjs-detail", args=[published.pk])
    assert url == f"/api/ninjs/{published.pk}/"
    doc = get_json(client, url)
    assert_valid(ninjs_31, doc)
    assert doc["uri"] == f"{settings.SITE_URL}/api/ninjs/{published.pk}/"
    assert doc["headlines"] == [{"role": "main", "value": "NATO stands ready to continue dialogue"}]
    assert doc["descriptions"][0]["value"] == "The alliance will take every required measure."
    assert doc["bodies"][0] == {
        "role": "main",
        "contentType": "text/html",
        "value": "<p>First paragraph.</p><blockquote>A quote.</blockquote>",
    }
    assert doc["by"] == "Ivan Petrov"
    assert doc["infoSources"] == [{"name": "TASS", "role": "originator"}]
    assert doc["located"] == "BRUSSELS"
    assert doc["firstCreated"] == published.first_published_at.isoformat()
    assert [s["name"] for s in doc["subjects"]] == ["World", "NATO", "Russia"]
    assert doc["subjects"][0]["rel"] == "section"
    assert doc["altIds"] == [
        {"role": "web", "value": settings.SITE_URL + published.get_absolute_url()}
    ]


def test_lead_photo_is_a_picture_association_with_credit_and_renditions(
    client, published, ninjs_31
):
    doc = get_json(client, reverse("wire:ninjs-detail", args=[published.pk]))
    [picture] = doc["associations"]
    assert picture["type"] == "picture"
    assert picture["by"] == "EPA-EFE/KOCA SULEJMANOVIC"
    assert picture["copyrightNotice"] == "© EPA-EFE 2018"
    assert picture["copyrightHolder"] == "EPA-EFE"
    assert picture["descriptions"][0]["value"] == "NATO Secretary General Jens Stoltenberg"
    names = [r["name"] for r in picture["renditions"]]
    assert names == ["original", "width-800", "crop-16x9", "crop-1x1"]
    original = picture["renditions"][0]
    assert (original["width"], original["height"]) == (640, 480)
    assert original["href"].startswith(settings.SITE_URL + settings.MEDIA_URL)
    crop = picture["renditions"][2]
    assert crop["width"] * 9 == crop["height"] * 16
    assert all(r["href"].startswith("http") for r in picture["renditions"])


def test_the_lead_credit_override_is_what_is_exported(client, published):
    Article.objects.filter(pk=published.pk).update(lead_credit="TASS/Press service")
    doc = get_json(client, reverse("wire:ninjs-detail", args=[published.pk]))
    assert doc["associations"][0]["by"] == "TASS/Press service"


def future_article():
    article = factories.make_article(status=Status.PUBLISHED)
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() + timedelta(hours=2))
    return article


@pytest.mark.parametrize(
    "make",
    [
        lambda: factories.make_article(status=Status.DRAFT),
        lambda: factories.make_article(status=Status.EDIT),
        future_article,
    ],
    ids=["draft", "in edit", "scheduled"],
)
def test_unpublished_articles_are_never_exported(client, published, make):
    hidden = make()
    assert client.get(reverse("wire:ninjs-detail", args=[hidden.pk])).status_code == 404
    listed = get_json(client, reverse("wire:ninjs-list"))
    assert [item["uri"].rstrip("/").rsplit("/", 1)[1] for item in listed["items"]] == [
        str(published.pk)
    ]
    assert listed["count"] == 1


def test_list_is_paginated_newest_first_with_links(client, ninjs_31):
    now = timezone.now()
    articles = [factories.make_article(status=Status.PUBLISHED) for _ in range(21)]
    for age, article in enumerate(articles):
        Article.objects.filter(pk=article.pk).update(published_at=now - timedelta(minutes=age))
    first = get_json(client, "/api/ninjs/")
    assert (first["count"], first["page"], first["pages"]) == (21, 1, 2)
    assert len(first["items"]) == 20
    assert first["items"][0]["headlines"][0]["value"] == articles[0].headline
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/ninjs/?page=2"
    second = get_json(client, "/api/ninjs/?page=2")
    assert [i["headlines"][0]["value"] for i in second["items"]] == [articles[20].headline]
    assert (second["next"], second["previous"]) == (None, "http://testserver/api/ninjs/?page=1")
    for item in first["items"] + second["items"]:
        assert_valid(ninjs_31, item)
    assert client.get("/api/ninjs/?page=3").status_code == 404
    assert client.get("/api/ninjs/?page=x").status_code == 404


def test_list_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for n in range(12):
        photo = factories.make_photo() if n % 3 == 0 else None
        extra = {"lead_photo": photo} if photo else {}
        factories.make_article(status=Status.PUBLISHED, tags=["a", f"t{n}"], **extra)
    client.get("/api/ninjs/")  # the first request makes the photos' renditions
    with django_assert_max_num_queries(5):  # count, articles, bylines, tags, renditions
        assert len(client.get("/api/ninjs/").json()["items"]) == 12


def test_detail_costs_a_fixed_number_of_queries(client, published, django_assert_max_num_queries):
    url = reverse("wire:ninjs-detail", args=[published.pk])
    client.get(url)
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def test_only_get_and_head_are_answered(client, published):
    url = reverse("wire:ninjs-detail", args=[published.pk])
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


def test_an_article_of_ours_credits_the_site(client, published):
    Byline.objects.filter(article=published, author__kind=Author.Kind.AGENCY).delete()
    teasers.refresh([published.pk])  # as saving it in the admin does
    doc = get_json(client, reverse("wire:ninjs-detail", args=[published.pk]))
    assert doc["infoSources"] == [{"name": settings.SITE_NAME, "role": "originator"}]
    assert doc["copyrightHolder"] == settings.SITE_NAME


def test_a_lead_photo_whose_file_is_missing_still_exports(client, published):
    photo = published.lead_photo
    photo.image.storage.delete(photo.image.name)
    photo.renditions.all().delete()  # none made yet, and none can be
    teasers.refresh([published.pk])
    doc = get_json(client, reverse("wire:ninjs-detail", args=[published.pk]))
    [picture] = doc["associations"]
    assert [r["name"] for r in picture["renditions"]] == ["original"]


def test_language_of_agency_copy_is_kept(client):
    outcome = import_data("dpa.json", example("3.0_dpa_text.json"))
    article = outcome.article
    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now(), first_published_at=timezone.now()
    )
    doc = get_json(client, reverse("wire:ninjs-detail", args=[article.pk]))
    assert doc["language"] == "de"
    assert doc["copyrightHolder"] == "dpa"
    assert doc["copyrightNotice"].startswith("Copyright 2019, dpa")

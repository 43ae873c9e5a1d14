"""Renaming, merging or deleting a tag in the admin rewrites the teaser rows that show it."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles import teasers
from articles.models import Teaser
from tests.articles.site_fixtures import publish
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def topics(article):
    return teasers.topics(Teaser.objects.get(article=article))


def inline(tag_pk):
    """The management form of taggit's tagged-items inline: no change to them."""
    return {
        "tagged_items-TOTAL_FORMS": "0",
        "tagged_items-INITIAL_FORMS": "0",
        "tagged_items-MIN_NUM_FORMS": "0",
        "tagged_items-MAX_NUM_FORMS": "1000",
    }


def test_a_renamed_tag_is_renamed_in_every_row(client, editor):
    article = publish(make_article(tags=["Nato"]))
    tag = Tag.objects.get(name="Nato")
    client.force_login(editor)
    url = reverse("admin:taggit_tag_change", args=[tag.pk])

    response = client.post(url, {"name": "NATO", "slug": "nato-alliance", **inline(tag.pk)})

    assert response.status_code == 302, response.context and response.context["errors"]
    assert [(t.name, t.slug) for t in topics(article)] == [("NATO", "nato-alliance")]


def test_merged_tags_leave_rows_with_the_tag_they_became(client, editor):
    article = publish(make_article(tags=["Nato"]))
    other = publish(make_article(tags=["N.A.T.O."]))
    client.force_login(editor)
    session = client.session
    session["selected_tag_ids"] = ",".join(str(t.pk) for t in Tag.objects.all())
    session.save()

    client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "NATO"})

    assert [t.name for t in topics(article)] == [t.name for t in topics(other)] == ["NATO"]


def test_a_deleted_tag_leaves_the_rows(client):
    article = publish(make_article(tags=["Mistake", "Kept"]))
    tag = Tag.objects.get(name="Mistake")
    client.force_login(make_user("chief", is_superuser=True))  # editors may not delete tags

    client.post(reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"})

    assert [t.name for t in topics(article)] == ["Kept"]

"""A published article shows its pictures as soon as it is saved: a picture newly chosen for it
(in the body, as lead or for the social card) meets the checks publishing makes, or the save is
refused with the form kept. Pictures it already showed are not checked again."""

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article, Status
from media_assets.models import Photo
from tests.articles.test_admin import change_url
from tests.articles.test_autosave import the_form
from tests.factories import make_article, make_photo, save_revision

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(editor):
    article = make_article(status=Status.EDIT, body="<p>The road was shut.</p>", no_photo=True)
    save_revision(article, editor)
    workflow.perform(article, "publish", editor)
    return Article.objects.get(pk=article.pk)


def uncredited():
    photo = make_photo(caption="Flooded street")
    Photo.objects.filter(pk=photo.pk).update(credit_line="", creator="", source="")
    return Photo.objects.get(pk=photo.pk)


def save(client, user, article, **changes):
    client.force_login(user)
    corrections = {  # a published article's form has its corrections inline, empty here
        f"corrections-{name}": "0" for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")
    }
    return client.post(change_url(article), {**the_form(article, **changes), **corrections})


def test_a_photo_without_credit_added_to_a_published_body_is_refused(client, editor, published):
    photo = uncredited()
    body = f'<p>The road was shut.</p><figure data-photo="{photo.pk}"></figure>'

    response = save(client, editor, published, body=body, headline="Road shut all day")

    assert response.status_code == 200  # the form again, with what was typed
    assert f"The photo “{photo}” (#{photo.pk}) in the body lacks a credit." in response.text
    assert "Road shut all day" in response.text
    stored = Article.objects.get(pk=published.pk)
    assert (stored.headline, stored.version) == (published.headline, published.version)


def test_a_credited_photo_added_to_a_published_body_is_saved(client, editor, published):
    photo = make_photo(credit_line="Jane Doe/Agency", alt_text="A flooded street")
    body = f'<p>The road was shut.</p><figure data-photo="{photo.pk}"></figure>'

    response = save(client, editor, published, body=body)

    assert response.status_code == 302
    assert f'data-photo="{photo.pk}"' in Article.objects.get(pk=published.pk).body


def test_a_photo_already_shown_is_not_checked_again_so_a_typo_can_be_fixed(
    client, editor, published
):
    photo = make_photo(credit_line="Jane Doe/Agency", alt_text="A flooded street")
    body = f'<p>The road was shut.</p><figure data-photo="{photo.pk}"></figure>'
    assert save(client, editor, published, body=body).status_code == 302
    Photo.objects.filter(pk=photo.pk).update(alt_text="")  # the desk emptied it since
    article = Article.objects.get(pk=published.pk)

    response = save(client, editor, article, headline="The road was shut all day")

    assert response.status_code == 302
    assert Article.objects.get(pk=published.pk).headline == "The road was shut all day"


@pytest.mark.parametrize("field", ["lead_photo", "social_image"])
def test_an_uncredited_lead_or_social_picture_on_a_published_article_is_refused(
    client, editor, published, field
):
    photo = uncredited()
    changes = {field: str(photo.pk)}
    if field == "lead_photo":
        changes["no_photo"] = ""  # unticked: the form posts nothing for it

    response = save(client, editor, published, **changes)

    assert response.status_code == 200
    assert "lacks a credit" in response.text
    assert getattr(Article.objects.get(pk=published.pk), f"{field}_id") is None


def test_a_draft_may_hold_an_uncredited_photo_until_it_is_published(client, editor):
    article = make_article(status=Status.DRAFT, body="<p>Text.</p>")
    save_revision(article, editor)
    photo = uncredited()

    response = save(client, editor, article, body=f'<figure data-photo="{photo.pk}"></figure>')

    assert response.status_code == 302
    problems = workflow.check_body_photos(Article.objects.get(pk=article.pk))
    assert problems == [f"The photo “{photo}” (#{photo.pk}) in the body lacks a credit."]


def test_the_preview_still_shows_a_photo_that_saving_would_refuse(client, editor, published):
    photo = uncredited()
    body = f'<p>The road was shut.</p><figure data-photo="{photo.pk}"></figure>'
    client.force_login(editor)
    preview = reverse("admin:articles_article_preview", args=[published.pk])

    response = client.post(preview, the_form(published, body=body))

    assert response.status_code == 200
    assert 'alt="A red rectangle"' in response.text  # the photo, shown as readers would see it

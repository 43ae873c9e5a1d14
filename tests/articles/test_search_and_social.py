"""Search and social: the desk's own title, description, card headline and picture reach the
published page's head, fall back to the article's own, are counted in the form, kept in
revisions and checked before publishing like the lead photo."""

import re

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles import editing, revisions, teaser_pictures, teasers, workflow
from articles.models import Article, Revision, Status
from media_assets.uploads import import_photo
from tests import factories
from tests.articles.site_fixtures import publish
from tests.articles.test_admin import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def card_photo():
    photo, _ = import_photo(
        factories.image_bytes(size=(1600, 1200)),
        filename="card.jpg",
        fields={"caption": "Waves", "alt_text": "Waves over a road", "credit_line": "EPA-EFE/X"},
    )
    return photo


def head(client, article):
    html = client.get(article.get_absolute_url()).text
    return html.split("</head>")[0]


def test_the_desk_s_search_and_social_fields_reach_the_published_page(client, settings, card_photo):
    settings.SITE_URL = "https://news.example"
    article = publish(
        factories.make_article(
            headline="Storm closes the coast road",
            standfirst="Drivers are asked to use the motorway.",
            lead_photo=factories.make_photo(),
            seo_title="Coast road closed by storm: what drivers need to know",
            meta_description="The A259 is shut between Brighton and Newhaven until Friday.",
            social_headline="The coast road is shut until Friday",
            social_image=card_photo,
        )
    )

    html = head(client, article)

    assert "<title>Coast road closed by storm: what drivers need to know | Newsroom</title>" in html
    description = "The A259 is shut between Brighton and Newhaven until Friday."
    assert f'<meta name="description" content="{description}">' in html
    assert f'<meta property="og:description" content="{description}">' in html
    assert '<meta property="og:title" content="The coast road is shut until Friday">' in html
    assert '<meta name="twitter:title" content="The coast road is shut until Friday">' in html
    card = teaser_pictures.image_data(card_photo, teaser_pictures.SOCIAL_SPEC)
    assert card["url"].startswith("/media/") and not card.get("original")
    assert f'<meta property="og:image" content="https://news.example{card["url"]}">' in html
    assert f'<meta property="og:image:width" content="{card["width"]}">' in html
    assert '<meta property="og:image:alt" content="Waves over a road">' in html
    assert f'<meta name="twitter:image" content="https://news.example{card["url"]}">' in html
    assert "<h1>Storm closes the coast road</h1>" in client.get(article.get_absolute_url()).text


def test_without_them_the_page_uses_headline_standfirst_and_lead_photo(client, settings):
    settings.SITE_URL = "https://news.example"
    lead = factories.make_photo(alt_text="A lectern")
    article = publish(
        factories.make_article(
            headline="Talks resume", standfirst="Both sides agree.", lead_photo=lead
        )
    )

    html = head(client, article)

    assert "<title>Talks resume | Newsroom</title>" in html
    assert '<meta name="description" content="Both sides agree.">' in html
    assert '<meta property="og:title" content="Talks resume">' in html
    lead_card = teasers.image(article.teaser, "crop-16x9")
    assert f'<meta property="og:image" content="https://news.example{lead_card["url"]}">' in html
    assert '<meta property="og:image:alt" content="A lectern">' in html


def test_a_change_of_the_social_picture_rewrites_the_rows_that_show_it(card_photo):
    article = publish(factories.make_article(social_image=card_photo))
    card_photo.alt_text = "Waves, described anew"
    card_photo.save()

    assert article.pk in teasers.refresh_for_photo(card_photo)

    row = Article.objects.get(pk=article.pk).teaser
    assert row.data["social_image"]["alt"] == "Waves, described anew"


def test_the_form_counts_each_field_against_what_is_shown(client, editor):
    article = factories.make_article()
    client.force_login(editor)

    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).text

    for name, limit in [("seo_title", 60), ("meta_description", 160), ("social_headline", 70)]:
        tag = re.search(rf'<[^>]*name="{name}"[^>]*>', html).group(0)
        assert f'data-counter-limit="{limit}"' in tag
    assert "articles/counters.js" in html
    assert "Search and social" in html
    assert 'name="social_image"' in html and "admin-autocomplete" in html


def test_an_editor_saves_the_fields_longer_than_counted_but_not_past_the_maximum(
    client, editor, card_photo
):
    section, author = factories.make_section(), factories.make_author()
    client.force_login(editor)
    fields = {
        "seo_title": "S" * 70,  # over the 60 shown: warned, allowed
        "meta_description": "D" * 200,
        "social_headline": "H" * 80,
        "social_image": card_photo.pk,
    }

    client.post(
        reverse("admin:articles_article_add"), form_data(section=section, author=author, **fields)
    )

    article = Article.objects.get()
    assert (article.seo_title, article.social_image) == ("S" * 70, card_photo)
    response = client.post(
        reverse("admin:articles_article_add"),
        form_data(section=section, author=author, slug="other", seo_title="S" * 121),
    )
    assert response.status_code == 200 and Article.objects.count() == 1


def test_revisions_keep_and_restore_the_fields(editor, card_photo):
    article = factories.make_article(seo_title="First SEO title", social_image=card_photo)
    first = factories.save_revision(article, editor)
    article.seo_title, article.social_image = "Second SEO title", None
    factories.save_revision(article, editor)

    changes = revisions.diff(first.content, article.revisions.first().content)
    assert {change.label for change in changes} == {"SEO title", "Social image"}
    editing.restore(article, first, user=editor, expected_version=article.version)

    article.refresh_from_db()
    assert (article.seo_title, article.social_image) == ("First SEO title", card_photo)


def test_a_revision_from_before_the_fields_restores_them_empty(editor):
    article = factories.make_article(meta_description="Set later")
    old = factories.save_revision(article, editor)
    for name in ("seo_title", "meta_description", "social_headline", "social_image"):
        old.content.pop(name)
    Revision.objects.filter(pk=old.pk).update(content=old.content)
    factories.save_revision(article, editor)

    editing.restore(
        article, Revision.objects.get(pk=old.pk), user=editor, expected_version=article.version
    )

    assert Article.objects.get(pk=article.pk).meta_description == ""


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"alt_text": ""}, "lacks alt text"),
        ({"credit_line": "", "creator": "", "source": ""}, "lacks a credit"),
    ],
)
def test_a_social_picture_without_credit_or_alt_text_blocks_publishing(editor, fields, problem):
    photo = factories.make_photo()
    for name, value in fields.items():
        setattr(photo, name, value)
    photo.save()
    article = factories.make_article(status=Status.EDIT, social_image=photo)

    with pytest.raises(workflow.TransitionBlocked) as blocked:
        workflow.perform(article, "publish", editor)

    assert any("social image" in m and problem in m for m in blocked.value.messages)
    assert Article.objects.get(pk=article.pk).status == Status.EDIT


def test_a_social_picture_still_without_its_crop_is_queued_at_publication(editor, task_queue):
    photo = factories.make_photo()
    DBTaskResult.objects.all().delete()  # as if the upload's task had run and its files gone
    article = factories.make_article(status=Status.EDIT, social_image=photo)

    workflow.perform(article, "publish", editor)

    tasks = DBTaskResult.objects.filter(args_kwargs__args__0=photo.pk)
    assert tasks.count() == 1
    assert Article.objects.get(pk=article.pk).teaser.data["social_image"]["pending"]

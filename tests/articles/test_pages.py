"""The public pages: what readers see, and what they never see."""

import re
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from articles import editing, teasers
from articles.cache import public_content_changed
from articles.models import Article, Byline, Correction, Status
from tests import factories
from tests.articles.site_fixtures import newsroom, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def story():
    tass = factories.make_author("TASS", kind="agency", bio="The Russian news agency.")
    section = factories.make_section("World")
    photo = factories.make_photo(
        caption="NATO Secretary General Jens Stoltenberg",
        alt_text="Jens Stoltenberg at a lectern",
        credit_line="EPA-EFE/KOCA SULEJMANOVIC",
    )
    article = factories.make_article(
        headline="NATO stands ready to continue dialogue with Russia over INF treaty",
        slug="nato-ready-for-dialogue",
        standfirst="NATO will take every required measure, its Secretary General said",
        body="<p>NATO stands ready to continue dialogue.</p>",
        section=section,
        bylines=[tass],
        tags=["NATO", "Russia", "INF Treaty"],
        lead_photo=photo,
        dateline_place="Brussels",
        dateline_date=date(2018, 10, 31),
        dateline_source="TASS",
    )
    return publish(article)


def test_home_page_shows_the_lead_story_with_its_photo_and_credit(client, story):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert story.headline in html
    assert "© EPA-EFE/KOCA SULEJMANOVIC" in html
    assert 'alt="Jens Stoltenberg at a lectern"' in html


def test_article_page_shows_its_parts_in_house_order(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    html = html[html.index("<main") :]  # the head repeats some of it for machines
    parts = [
        '<p class="kicker"><a href="/section/world/">World</a>',
        "<h1>NATO stands ready",
        "NATO will take every required measure",
        'By <a href="/author/tass/" rel="author">TASS</a>',
        "BRUSSELS, October 31. /TASS/.",
        "Published <time datetime=",
        "<figure",
        "NATO Secretary General Jens Stoltenberg",
        "© EPA-EFE/KOCA SULEJMANOVIC",
        "<p>NATO stands ready to continue dialogue.</p>",
        'href="/tag/inf-treaty/" rel="tag">INF Treaty</a>',
    ]
    positions = [html.find(part) for part in parts]
    assert -1 not in positions, [p for p, at in zip(parts, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
    assert html.count("<h1") == 1


def test_bylines_name_every_author_with_their_role_and_page(client):
    first, second, helper = (factories.make_author(n) for n in ("Ann Lee", "Bo Chan", "Cy Dorn"))
    article = publish(factories.make_article(bylines=[first, second]))
    Byline.objects.create(article=article, author=helper, position=2, role="additional")
    teasers.refresh([article.pk])  # as saving the article in the admin does
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        'By <a href="/author/ann-lee/" rel="author">Ann Lee</a> and '
        '<a href="/author/bo-chan/" rel="author">Bo Chan</a>; additional reporting by '
        '<a href="/author/cy-dorn/" rel="author">Cy Dorn</a>'
    ) in html


def test_article_url_has_section_date_and_slug(story):
    when = timezone.localtime(story.published_at)
    assert story.get_absolute_url() == f"/world/{when:%Y/%m/%d}/nato-ready-for-dialogue/"


def test_a_draft_is_not_found_by_the_public(client, editor):
    draft = factories.make_article(status=Status.DRAFT)
    in_edit = factories.make_article(status=Status.EDIT)
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(in_edit.get_absolute_url()).status_code == 404
    assert draft.headline not in client.get("/").content.decode()


def test_a_scheduled_article_stays_hidden_until_its_time(client):
    article = publish(factories.make_article(), when=timezone.now() + timedelta(hours=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.headline not in client.get("/").content.decode()
    assert article.headline not in client.get(article.section.get_absolute_url()).content.decode()


def test_an_old_slug_answers_with_a_permanent_redirect(client, story):
    old_url = story.get_absolute_url()
    story.slug = "nato-stands-ready"
    factories.save_revision(story, factories.make_user())
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_a_draft_old_slug_does_not_redirect(client):
    article = factories.make_article(slug="first-try")
    article.slug = "second-try"
    article.save()
    assert client.get("/news/2020/01/01/first-try/").status_code == 404


def test_a_wrong_section_or_date_redirects_to_the_canonical_url(client, story):
    canonical = story.get_absolute_url()
    for wrong in [
        "/sport/2018/10/31/nato-ready-for-dialogue/",
        "/world/1999/01/01/nato-ready-for-dialogue/",
    ]:
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == canonical


def test_section_page_lists_only_its_own_articles(client, story):
    other = publish(factories.make_article(headline="Cup final tonight"))
    html = client.get("/section/world/").content.decode()
    assert story.headline in html
    assert other.headline not in html
    assert "<h1>World</h1>" in html


def test_tag_page_lists_the_tagged_articles(client, story):
    untagged = publish(factories.make_article(headline="Weather is fine"))
    html = client.get("/tag/nato/").content.decode()
    assert story.headline in html
    assert untagged.headline not in html


def test_a_tag_used_only_on_drafts_is_not_found(client):
    factories.make_article(tags=["Secret plans"])
    assert client.get("/tag/secret-plans/").status_code == 404


def test_author_page_shows_bio_and_their_articles(client, story):
    someone_else = publish(factories.make_article(headline="Not by TASS"))
    html = client.get("/author/tass/").content.decode()
    assert "The Russian news agency." in html
    assert story.headline in html
    assert someone_else.headline not in html


def test_an_author_with_two_roles_on_one_article_lists_it_once(client):
    author = factories.make_author("Dee Eve")
    article = publish(factories.make_article(bylines=[author]))
    Byline.objects.create(article=article, author=author, position=1, role="photographer")
    html = client.get("/author/dee-eve/").content.decode()
    assert html.count(f">{article.headline}</a>") == 1


def test_lists_are_paginated_and_a_page_past_the_end_is_not_found(client):
    articles = newsroom(23, photo=False)
    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()
    assert articles[-1].headline in first  # the newest first
    assert 'rel="next" href="?page=2"' in first
    assert second.count('class="teaser-headline"') == 3
    assert client.get("/?page=3").status_code == 404
    assert client.get("/?page=x").status_code == 404


def test_unknown_pages_are_not_found_in_the_site_layout(client, story):
    response = client.get("/section/nowhere/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert 'class="skip-link"' in html
    assert '<a href="/section/world/">World</a>' in html


def test_the_error_page_renders_without_a_request_or_database():
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert '<html lang="en">' in html


def test_pages_refuse_to_be_posted_to(client, story):
    assert client.post("/").status_code == 405


def test_robots_txt_points_at_both_sitemaps(client, settings):
    settings.SITE_URL = "https://news.example"
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://news.example/sitemap.xml" in text
    assert "Sitemap: https://news.example/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_a_silent_fix_after_publication_does_not_show_as_an_update(client, story):
    later = story.published_at + timedelta(hours=3)
    Article.objects.filter(pk=story.pk).update(updated_at=later, headline="Typo fixed")
    public_content_changed()  # as the admin's save of a published article does
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Typo fixed" in html
    assert "updated <time" not in html


def test_a_correction_shows_the_note_and_when_the_article_was_updated(client, story):
    text = "An earlier version misnamed the minister."
    note = editing.add_note(Correction(article=story, kind="correction", text=text), user=None)
    html = client.get(story.get_absolute_url()).content.decode()
    later = note.published_at
    assert f'updated <time datetime="{timezone.localtime(later):%Y-%m-%dT%H:%M:%S}' in html
    assert f'<li id="note-{note.pk}"><strong>Correction</strong>' in html
    assert "An earlier version misnamed the minister." in html


def test_a_list_of_exactly_one_page_offers_no_older_page(client):
    newsroom(20, photo=False)
    html = client.get("/").content.decode()
    assert html.count('class="teaser-headline"') == 20
    assert 'rel="next"' not in html
    assert client.get("/?page=2").status_code == 404
    assert client.get("/?page=0").status_code == 404


def test_the_favicon_address_leads_to_the_site_s_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert re.search(r"/static/site/icon(\.[0-9a-f]{12})?\.svg$", response["Location"])

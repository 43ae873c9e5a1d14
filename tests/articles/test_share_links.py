"""Share links: signed, expiring, revocable; the page says what it is, is never indexed or cached,
and every view is recorded."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import ShareLink, Status
from audit.models import AuditEntry
from tests.factories import make_article


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()


def make_link(article, *, hours=24, **fields):
    return ShareLink.objects.create(
        article=article, expires_at=timezone.now() + timedelta(hours=hours), **fields
    )


def test_an_editor_makes_a_link_and_the_action_is_recorded(client, editor):
    article = make_article(headline="Budget leaks")
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_share", args=[article.pk]),
        {"hours": "72", "note": "Legal: J. Smith"},
        follow=True,
    )

    link = ShareLink.objects.get()
    assert link.created_by == editor and link.note == "Legal: J. Smith"
    assert timedelta(hours=71) < link.expires_at - timezone.now() <= timedelta(hours=72)
    assert link.get_absolute_url() in response.text
    assert AuditEntry.objects.get(action="share_created").actor == editor


@pytest.mark.parametrize("role", ["reporter", "photodesk"])
def test_only_editors_make_share_links(client, cast, role):
    article = make_article(created_by=cast[role])
    client.force_login(cast[role])
    response = client.post(reverse("admin:articles_article_share", args=[article.pk]))
    assert response.status_code in (403, 404)
    assert not ShareLink.objects.exists()


def test_a_public_article_gets_no_share_link(client, editor):
    article = make_article(status=Status.PUBLISHED)
    client.force_login(editor)
    client.post(reverse("admin:articles_article_share", args=[article.pk]), {"hours": "1"})
    assert not ShareLink.objects.exists()


def test_a_draft_opens_for_the_link_holder_marked_and_unindexed(client):
    article = make_article(headline="Budget leaks", body="<p>The draft text.</p>")
    link = make_link(article)

    response = client.get(link.get_absolute_url(), HTTP_USER_AGENT="Legal's browser")

    assert response.status_code == 200
    text = response.content.decode()
    assert "<strong>DRAFT</strong>" in text and "The draft text." in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert "application/ld+json" not in text
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response.headers["Cache-Control"]
    view = AuditEntry.objects.get(action="share_used")
    assert view.data == {"link": link.pk, "user_agent": "Legal's browser"}
    assert view.actor is None


def test_an_embargoed_article_says_so(client):
    until = timezone.now() + timedelta(days=1)
    article = make_article(status=Status.PUBLISHED, embargo_until=until)
    response = client.get(make_link(article).get_absolute_url())
    assert "<strong>EMBARGOED</strong>" in response.content.decode()


def test_every_view_is_recorded_and_none_is_cached(client):
    link = make_link(make_article())
    for _ in range(3):
        assert client.get(link.get_absolute_url()).status_code == 200
    assert AuditEntry.objects.filter(action="share_used", data__link=link.pk).count() == 3


def test_an_expired_link_is_a_404(client):
    link = make_link(make_article(), hours=-1)
    assert client.get(link.get_absolute_url()).status_code == 404
    assert not AuditEntry.objects.filter(action="share_used").exists()


def test_a_revoked_link_is_a_404(client, editor):
    article = make_article()
    link = make_link(article)
    client.force_login(editor)

    client.post(reverse("admin:articles_article_revoke", args=[article.pk, link.pk]))

    link.refresh_from_db()
    assert link.revoked_at is not None
    assert AuditEntry.objects.get(action="share_revoked").actor == editor
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 404


def test_a_forged_or_altered_token_is_a_404(client):
    link = make_link(make_article())
    key_only = reverse("articles:share", args=[link.key])
    tampered = link.get_absolute_url().rstrip("/")[:-1] + "x/"
    assert client.get(key_only).status_code == 404
    assert client.get(tampered).status_code == 404


def test_the_change_page_lists_links_with_their_views(client, editor):
    article = make_article()
    link = make_link(article, note="Legal")
    other = make_link(article, note="Desk")
    for _ in range(2):
        client.get(link.get_absolute_url())
    client.get(other.get_absolute_url())
    client.force_login(editor)

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert "Legal" in response.text and link.get_absolute_url() in response.text
    views = {shown.pk: shown.view_count for shown in response.context["share_links"]}
    assert views == {link.pk: 2, other.pk: 1}


def published_with_a_link(editor):
    """A draft shared for review, then published: the link predates publication."""
    article = make_article(status=Status.EDIT, body="<p>The legal text.</p>")
    link = make_link(article, note="Legal")
    workflow.perform(article, "publish", editor)
    return article, link


def test_unpublishing_revokes_every_share_link_and_records_it(client, editor):
    article, link = published_with_a_link(editor)
    other = make_link(article, note="Desk")  # made while public, by hand: revoked as well
    assert client.get(link.get_absolute_url()).status_code == 200

    workflow.perform(article, "unpublish", editor, note="Pulled for legal")

    for shared in (link, other):
        response = client.get(shared.get_absolute_url())
        assert response.status_code == 404
        assert "The legal text." not in response.text
        assert "This share link no longer opens an article" in response.text
        assert "no-store" in response.headers["Cache-Control"]
        shared.refresh_from_db()
        assert shared.revoked_at is not None
    revoked = AuditEntry.objects.filter(action="share_revoked")
    assert sorted(entry.data["link"] for entry in revoked) == sorted([link.pk, other.pk])
    assert {entry.actor for entry in revoked} == {editor}
    assert all("unpublished" in entry.detail for entry in revoked)


def test_a_link_made_after_the_pull_works_until_it_is_revoked(client, editor):
    article, link = published_with_a_link(editor)
    workflow.perform(article, "unpublish", editor, note="Pulled for legal")
    fresh = make_link(article, note="Legal, after the pull")
    assert client.get(fresh.get_absolute_url()).status_code == 200
    assert client.get(link.get_absolute_url()).status_code == 404


def test_publishing_keeps_the_links_of_an_embargoed_article(client, editor):
    article = make_article(status=Status.EDIT, embargo_until=timezone.now() + timedelta(days=1))
    link = make_link(article)
    workflow.perform(article, "publish", editor)
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200 and "<strong>EMBARGOED</strong>" in response.text

"""No lost edits: a stale save is refused with both texts kept; open articles show who has them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import locks
from articles.models import EditLock, Status
from audit.models import AuditEntry
from tests.articles.test_admin import change_url, form_data
from tests.factories import make_article, make_author, make_section, make_user, save_revision


@pytest.fixture
def second_editor(editor):
    from django.contrib.auth.models import Group

    user = make_user("second_editor")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def edit(**overrides):
    """A change form that leaves the existing bylines alone."""
    data = form_data(section=make_section(), author=make_author(), **overrides)
    return {**data, "bylines-TOTAL_FORMS": "0"}


def opened_by(user, article):
    """A browser session that has opened the article's change page."""
    client = Client()
    client.force_login(user)
    response = client.get(change_url(article))
    return client, response.context["adminform"].form["base_version"].value()


def test_the_second_of_two_saves_is_refused_and_both_texts_are_kept(editor, second_editor):
    article = make_article(headline="Original")
    save_revision(article, editor)
    first, first_version = opened_by(editor, article)
    second, second_version = opened_by(second_editor, article)

    saved = first.post(change_url(article), edit(headline="First", base_version=first_version))
    refused = second.post(
        change_url(article),
        edit(headline="Second", body="<p>Mine</p>", base_version=second_version),
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    article.refresh_from_db()
    assert article.headline == "First"
    assert "editor saved this article" in refused.text
    form = refused.context["adminform"].form
    assert (form["headline"].value(), form["body"].value()) == ("Second", "<p>Mine</p>")
    assert "Headline" in [c.label for c in form.changes_meanwhile]
    assert "<ins>First</ins>" in refused.text

    # Having read what changed, the second editor saves again on purpose, and it goes through.
    again = edit(headline="Second", base_version=form["base_version"].value())
    assert second.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Second"
    assert article.revisions.count() == 3  # as created, then the first save, then the second


def test_an_up_to_date_save_goes_through(editor):
    article = make_article()
    client, version = opened_by(editor, article)
    for n in range(2):
        response = client.post(
            change_url(article), edit(headline=f"Take {n}", base_version=version + n)
        )
        assert response.status_code == 302


def test_opening_an_article_shows_who_else_has_it_open(editor, second_editor):
    article = make_article()
    opened_by(editor, article)

    client = Client()
    client.force_login(second_editor)
    response = client.get(change_url(article))

    assert response.context["lock_holder"].user == editor
    assert "<strong>editor</strong> has had this article open since" in response.text
    assert EditLock.objects.get(article=article).user == editor


def test_a_lock_expires_on_its_own(editor, second_editor):
    article = make_article()
    locks.acquire(article, editor)
    EditLock.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert locks.acquire(article, second_editor) is None
    assert EditLock.objects.get(article=article).user == second_editor


def test_taking_over_moves_the_lock_and_tells_the_first_editor(editor, second_editor):
    article = make_article()
    first, _ = opened_by(editor, article)
    second = Client()
    second.force_login(second_editor)

    second.post(reverse("admin:articles_article_take_over", args=[article.pk]))

    assert EditLock.objects.get(article=article).user == second_editor
    assert AuditEntry.objects.get(action="lock_taken").actor == second_editor
    state = first.post(reverse("admin:articles_article_lock", args=[article.pk])).json()
    assert state == {"mine": False, "holder": "second_editor", "since": state["since"]}


def test_the_page_renews_and_releases_its_own_lock(editor):
    article = make_article()
    client, _ = opened_by(editor, article)
    EditLock.objects.update(expires_at=timezone.now() + timedelta(seconds=5))

    assert (
        client.post(reverse("admin:articles_article_lock", args=[article.pk])).json()["mine"]
        is True
    )
    assert EditLock.objects.get().expires_at > timezone.now() + timedelta(minutes=2)
    client.post(reverse("admin:articles_article_release", args=[article.pk]))
    assert not EditLock.objects.exists()


def test_lock_endpoints_refuse_what_the_user_may_not_see(client, reporter):
    article = make_article()
    client.force_login(reporter)
    assert (
        client.post(reverse("admin:articles_article_take_over", args=[article.pk])).status_code
        == 404
    )
    assert not EditLock.objects.exists()


def test_someone_who_can_only_read_the_article_takes_no_lock(reporter):
    article = make_article(created_by=reporter, status=Status.EDIT)
    opened_by(reporter, article)
    assert not EditLock.objects.exists()

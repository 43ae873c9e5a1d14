"""Autosave: an editor's unsaved work is kept for them alone, offered back on reopening, and never
touches the article (no version, no revision, no audit entry, no conflict for anyone)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Autosave, Byline, Status
from audit.models import AuditEntry
from tests.articles.test_admin import change_url, form_data
from tests.factories import make_article, make_author, make_section, make_user, save_revision

ADD_URL = reverse("admin:articles_article_add")


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def discard_url(article):
    return reverse("admin:articles_article_autosave_discard", args=[article.pk])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def the_form(article, **overrides):
    """The change form of `article` as its page would post it unchanged, bylines left alone."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": str(article.section_id or ""),
        "tags": ", ".join(sorted(article.tags.names())),
        "lead_photo": str(article.lead_photo_id or ""),
        "lead_caption": article.lead_caption,
        "lead_credit": article.lead_credit,
        "dateline_place": article.dateline_place,
        "dateline_date": "",
        "dateline_source": article.dateline_source,
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "base_version": str(article.version),
    }
    if article.no_photo:
        data["no_photo"] = "on"
    return {**data, **overrides}


@pytest.fixture
def second_editor(editor):
    user = make_user("second_editor")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def draft(reporter):
    article = make_article(created_by=reporter, headline="Storm closes the coast road")
    save_revision(article, reporter)
    article.refresh_from_db()
    return article


def test_an_autosave_keeps_the_form_for_its_user_and_leaves_the_article_alone(reporter, draft):
    before = Article.objects.values("version", "updated_at", "headline").get(pk=draft.pk)
    revisions, audit = draft.revisions.count(), AuditEntry.objects.count()
    client = logged_in(reporter)

    response = client.post(autosave_url(draft), the_form(draft, headline="Storm: road reopens"))

    assert response.status_code == 200
    assert response.json()["saved_at"] == f"{timezone.localtime():%H:%M}"
    saved = Autosave.objects.get()
    assert (saved.user, saved.article, saved.base_version) == (reporter, draft, draft.version)
    assert saved.data["headline"] == ["Storm: road reopens"]
    assert "base_version" not in saved.data and "csrfmiddlewaretoken" not in saved.data
    assert Article.objects.values("version", "updated_at", "headline").get(pk=draft.pk) == before
    assert draft.revisions.count() == revisions
    assert AuditEntry.objects.count() == audit

    # The next autosave of the same page replaces it: one per user and article.
    replaces = response.json()["id"]
    assert replaces == saved.pk
    client.post(
        autosave_url(draft),
        the_form(draft, headline="Storm: road reopens at six", replaces=str(replaces)),
    )
    assert list(Autosave.objects.values_list("data__headline", flat=True)) == [
        ["Storm: road reopens at six"]
    ]


def test_an_autosave_does_not_stop_anyone_elses_save(reporter, editor, draft):
    logged_in(reporter).post(autosave_url(draft), the_form(draft, headline="Mine, unsaved"))

    response = logged_in(editor).post(change_url(draft), the_form(draft, headline="Edited"))

    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).headline == "Edited"


@pytest.mark.parametrize(
    ("who", "status", "answer"),
    [
        ("other_reporter", Status.DRAFT, 404),  # not theirs: they may not even see it
        ("photodesk", Status.DRAFT, 403),  # may attach photos, not write the text
        ("reporter", Status.EDIT, 403),  # submitted: no longer the reporter's to change
        ("reader", Status.DRAFT, 302),  # no role: the admin sends them to its login
    ],
)
def test_only_those_who_may_edit_the_text_may_autosave(request, reporter, who, status, answer):
    user = request.getfixturevalue(who)
    if who == "reader":
        user.is_staff = False
        user.save()
    article = make_article(created_by=reporter, status=status)

    response = logged_in(user).post(autosave_url(article), the_form(article))

    assert response.status_code == answer
    if answer == 403:
        assert "may not edit" in response.json()["error"]
    assert not Autosave.objects.exists()


def test_an_autosave_needs_the_pages_csrf_token(reporter, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)

    assert client.post(autosave_url(draft), the_form(draft)).status_code == 403
    assert not Autosave.objects.exists()


def test_an_oversize_autosave_is_refused_with_a_reason(settings, reporter, draft):
    settings.AUTOSAVE_MAX_BYTES = 2000
    client = logged_in(reporter)

    big = client.post(autosave_url(draft), the_form(draft, body="<p>" + "x" * 3000 + "</p>"))
    empty = client.post(autosave_url(draft), {"csrfmiddlewaretoken": "x", "base_version": "1"})

    assert big.status_code == 413
    assert "Too large to autosave" in big.json()["error"]
    assert empty.status_code == 400
    assert not Autosave.objects.exists()
    assert client.post(autosave_url(draft), the_form(draft)).status_code == 200  # under it


def test_reopening_offers_only_your_own_autosave(editor, second_editor):
    article = make_article(headline="Council approves the budget")
    save_revision(article, editor)
    article.refresh_from_db()
    logged_in(second_editor).post(
        autosave_url(article), the_form(article, headline="Council passes the budget")
    )

    mine = logged_in(second_editor).get(change_url(article))
    theirs = logged_in(editor).get(change_url(article))

    assert "You have unsaved changes from" in mine.text
    assert "Restore them" in mine.text
    assert "You have unsaved changes" not in theirs.text
    assert "Council passes the budget" not in theirs.text
    assert (
        "Council passes the budget"
        not in logged_in(editor).get(f"{change_url(article)}?autosave=restore").text
    )


def test_an_autosave_that_matches_the_saved_article_is_not_offered(reporter, draft):
    client = logged_in(reporter)
    client.post(autosave_url(draft), the_form(draft))  # typed, then typed back
    page = client.get(change_url(draft))
    assert "You have unsaved changes" not in page.text
    # Nothing to offer, so the page may replace it.
    replaces = str(Autosave.objects.get().pk)
    assert f'data-replaces="{replaces}"' in page.text

    data = the_form(draft, standfirst="Drivers use the motorway.", replaces=replaces)
    assert client.post(autosave_url(draft), data).status_code == 200
    assert "You have unsaved changes" in client.get(change_url(draft)).text


def test_restoring_shows_the_autosaved_values_and_bylines_in_the_form(reporter, draft):
    kept_byline = draft.bylines.get()
    added = make_author("Ann Added")
    data = the_form(
        draft,
        headline="Storm: road reopens",
        body="<p>Reopened at six.</p>",
        tags="weather, traffic",
        no_photo="",
    )
    data.update(
        {
            "bylines-TOTAL_FORMS": "2",
            "bylines-INITIAL_FORMS": "1",
            "bylines-0-id": str(kept_byline.pk),
            "bylines-0-article": str(draft.pk),
            "bylines-0-author": str(kept_byline.author_id),
            "bylines-0-position": "0",
            "bylines-0-role": "writer",
            "bylines-1-author": str(added.pk),
            "bylines-1-position": "1",
            "bylines-1-role": "additional",
        }
    )
    data.pop("no_photo")  # an unticked box is not posted
    client = logged_in(reporter)
    client.post(autosave_url(draft), data)

    page = client.get(f"{change_url(draft)}?autosave=restore")

    form = page.context["adminform"].form
    assert form["headline"].value() == "Storm: road reopens"
    assert form["body"].value() == "<p>Reopened at six.</p>"
    assert "traffic" in form["tags"].value()
    assert form["no_photo"].value() is False
    assert form["base_version"].value() == draft.version
    bylines = page.context["inline_admin_formsets"][0].formset
    assert [f["author"].value() for f in bylines.forms] == [
        str(kept_byline.author_id),
        str(added.pk),
    ]
    assert "are back in the form below" in page.text
    assert Article.objects.get(pk=draft.pk).headline == "Storm closes the coast road"


def test_a_save_after_restoring_is_a_conflict_if_someone_saved_meanwhile(editor, second_editor):
    article = make_article(headline="Council approves the budget")
    save_revision(article, editor)
    article.refresh_from_db()
    mine = logged_in(editor)
    mine.post(autosave_url(article), the_form(article, headline="Council passes the budget"))
    saved = logged_in(second_editor).post(
        change_url(article), the_form(article, headline="Council budget: late-night vote")
    )
    assert saved.status_code == 302

    offer = mine.get(change_url(article))
    assert "The article has been saved since you made them" in offer.text
    restored = mine.get(f"{change_url(article)}?autosave=restore").context["adminform"].form
    assert restored["base_version"].value() == article.version  # the version it started from
    response = mine.post(
        f"{change_url(article)}?autosave=restore",
        the_form(
            article,
            headline=restored["headline"].value(),
            base_version=str(restored["base_version"].value()),
        ),
    )

    assert response.status_code == 200
    assert "second_editor saved this article" in response.text
    changes = response.context["adminform"].form.changes_meanwhile
    assert "<ins>late-night</ins>" in "".join(str(change.html) for change in changes)
    assert Article.objects.get(pk=article.pk).headline == "Council budget: late-night vote"
    assert Autosave.objects.filter(user=editor).exists()  # nothing was saved: it is kept


def test_saving_deletes_your_autosave_of_the_article_but_not_others(editor, second_editor):
    article = make_article()
    save_revision(article, editor)
    article.refresh_from_db()
    for user in (editor, second_editor):
        logged_in(user).post(autosave_url(article), the_form(article, headline=f"By {user}"))

    response = logged_in(editor).post(change_url(article), the_form(article, headline="Saved"))

    assert response.status_code == 302
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["second_editor"]


def test_the_add_page_keeps_offers_and_then_forgets_a_new_articles_autosave(reporter):
    section, author = make_section(), make_author()
    data = form_data(section=section, author=author, headline="Flood warning for the valley")
    client = logged_in(reporter)

    assert client.post(autosave_url(), data).status_code == 200
    offer = client.get(ADD_URL)
    restored = client.get(f"{ADD_URL}?autosave=restore")
    created = client.post(ADD_URL, data)

    assert "You have unsaved changes from" in offer.text
    assert restored.context["adminform"].form["headline"].value() == "Flood warning for the valley"
    assert created.status_code == 302
    assert not Autosave.objects.exists()


def test_discard_deletes_your_autosave_and_nothing_else(editor, second_editor):
    article = make_article()
    for user in (editor, second_editor):
        logged_in(user).post(autosave_url(article), the_form(article, headline=f"By {user}"))
    before = Article.objects.values("version", "updated_at").get(pk=article.pk)

    response = logged_in(editor).post(discard_url(article))

    assert response.status_code == 302
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["second_editor"]
    assert Article.objects.values("version", "updated_at").get(pk=article.pk) == before
    assert "You have unsaved changes" not in logged_in(editor).get(change_url(article)).text


def test_old_autosaves_are_deleted_by_the_next_one_and_never_offered(settings, editor, reporter):
    settings.AUTOSAVE_KEEP_DAYS = 30
    article = make_article(created_by=reporter)
    logged_in(reporter).post(autosave_url(article), the_form(article, headline="Long ago"))
    Autosave.objects.update(saved_at=timezone.now() - timedelta(days=31))

    assert "You have unsaved changes" not in logged_in(reporter).get(change_url(article)).text
    logged_in(editor).post(autosave_url(article), the_form(article, headline="Today"))

    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["editor"]


def test_the_page_runs_autosave_only_for_those_who_may_edit(reporter, photodesk, draft):
    assert "articles/autosave.js" in logged_in(reporter).get(change_url(draft)).text
    assert "articles/autosave.js" in logged_in(reporter).get(ADD_URL).text
    assert "articles/autosave.js" not in logged_in(photodesk).get(change_url(draft)).text


def test_a_byline_change_alone_is_offered_back(reporter, draft):
    byline = draft.bylines.get()
    data = the_form(draft)
    data.update(
        {
            "bylines-TOTAL_FORMS": "1",
            "bylines-INITIAL_FORMS": "1",
            "bylines-0-id": str(byline.pk),
            "bylines-0-article": str(draft.pk),
            "bylines-0-author": str(byline.author_id),
            "bylines-0-position": "0",
            "bylines-0-role": Byline.Role.TRANSLATOR,
        }
    )
    client = logged_in(reporter)
    client.post(autosave_url(draft), data)

    assert "You have unsaved changes" in client.get(change_url(draft)).text


def test_only_those_who_may_add_articles_keep_an_autosave_of_a_new_one(photodesk, reporter):
    data = form_data(section=make_section(), author=make_author())

    refused = logged_in(photodesk).post(autosave_url(), data)
    kept = logged_in(reporter).post(autosave_url(), data)

    assert refused.status_code == 403
    assert kept.status_code == 200
    assert list(Autosave.objects.values_list("user__username", "article")) == [("reporter", None)]


def test_an_autosave_never_replaces_an_offered_one_its_page_has_not_restored(reporter, draft):
    client = logged_in(reporter)
    first = client.post(autosave_url(draft), the_form(draft, headline="An hour of work"))
    offered = first.json()["id"]

    # A page opened with the offer (it sends no `replaces`), or one that knows another autosave.
    blind = client.post(autosave_url(draft), the_form(draft, standfirst="A stray keystroke"))
    wrong = client.post(
        autosave_url(draft), the_form(draft, standfirst="Elsewhere", replaces=str(offered + 1))
    )

    assert (blind.status_code, wrong.status_code) == (409, 409)
    assert "nothing was autosaved" in blind.json()["error"]
    assert "Reload the page to restore or discard them" in blind.json()["error"]
    assert Autosave.objects.get().data["headline"] == ["An hour of work"]
    assert Autosave.objects.get().data["standfirst"] == [draft.standfirst]
    # The page that restored it (or made it) goes on replacing it.
    mine = client.post(
        autosave_url(draft), the_form(draft, headline="Two hours", replaces=str(offered))
    )
    assert mine.status_code == 200
    assert Autosave.objects.get().data["headline"] == ["Two hours"]


def test_an_expired_autosave_may_be_replaced_by_a_page_that_never_saw_it(settings, reporter, draft):
    settings.AUTOSAVE_KEEP_DAYS = 30
    client = logged_in(reporter)
    client.post(autosave_url(draft), the_form(draft, headline="Long ago"))
    Autosave.objects.update(saved_at=timezone.now() - timedelta(days=31))

    response = client.post(autosave_url(draft), the_form(draft, headline="Today"))

    assert response.status_code == 200
    assert list(Autosave.objects.values_list("data__headline", flat=True)) == [["Today"]]


def test_the_page_tells_its_script_whether_it_may_autosave_over_the_offer(reporter, draft):
    client = logged_in(reporter)
    client.post(autosave_url(draft), the_form(draft, headline="An hour of work"))
    kept = Autosave.objects.get()

    offer = client.get(change_url(draft)).text
    restored = client.get(f"{change_url(draft)}?autosave=restore").text

    assert "data-offered" in offer and "data-replaces" not in offer
    assert "Restore or discard your earlier changes to keep autosaving" in offer
    assert f'data-replaces="{kept.pk}"' in restored and "data-offered" not in restored


def test_an_autosave_landing_after_its_users_own_save_is_refused(reporter, draft):
    """A request in flight when Save was pressed must not bring back the work just saved."""
    client = logged_in(reporter)
    opened_at = draft.version
    client.post(autosave_url(draft), the_form(draft, headline="Storm: road reopens"))
    saved = client.post(change_url(draft), the_form(draft, headline="Storm: road reopens"))
    assert saved.status_code == 302 and not Autosave.objects.exists()

    late = client.post(
        autosave_url(draft),
        the_form(draft, headline="Storm: road reope", base_version=str(opened_at)),
    )

    assert late.status_code == 409
    assert "You saved this article since this page was opened" in late.json()["error"]
    assert not Autosave.objects.exists()
    assert "You have unsaved changes" not in client.get(change_url(draft)).text


def test_someone_elses_save_does_not_stop_your_autosave(editor, second_editor):
    article = make_article(headline="Council approves the budget")
    save_revision(article, editor)
    article.refresh_from_db()
    opened_at = article.version
    saved = logged_in(second_editor).post(
        change_url(article), the_form(article, headline="Council budget: late-night vote")
    )
    assert saved.status_code == 302

    mine = logged_in(editor).post(
        autosave_url(article),
        the_form(article, headline="Council passes the budget", base_version=str(opened_at)),
    )

    assert mine.status_code == 200
    assert Autosave.objects.get(user=editor).base_version == opened_at

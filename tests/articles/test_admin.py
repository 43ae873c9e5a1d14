"""The editors' admin: forms, permissions per role, crafted POSTs, lists and the dashboard."""

import pytest
from django.urls import reverse

from articles import log, workflow
from articles.models import Article, Status
from tests.factories import make_article, make_author, make_photo, make_section

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_data(*, section, author, **overrides):
    """A complete add/change form, bylines inline included."""
    data = {
        "headline": "Storm closes the coast road",
        "slug": "storm-closes-the-coast-road",
        "standfirst": "Drivers are asked to use the motorway.",
        "body": "<p>The road was shut at noon.</p>",
        "section": section.pk,
        "tags": "weather, roads",
        "lead_photo": "",
        "lead_caption": "",
        "lead_credit": "",
        "no_photo": "on",
        "dateline_place": "Brighton",
        "dateline_date": "2026-10-31",
        "dateline_source": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-position": "0",
        "bylines-0-author": author.pk,
        "bylines-0-role": "writer",
    }
    data.update(overrides)
    return data


@pytest.fixture
def section(db):
    return make_section("World")


@pytest.fixture
def author(db):
    return make_author("Helen Marsh")


def test_reporter_writes_a_draft_with_bylines_and_tags(client, reporter, section, author):
    client.force_login(reporter)

    response = client.post(ADD, form_data(section=section, author=author))

    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.status, article.created_by) == (Status.DRAFT, reporter)
    assert article.byline == "By Helen Marsh"
    assert sorted(t.name for t in article.tags.all()) == ["roads", "weather"]
    assert article.dateline == "BRIGHTON, October 31."


def test_script_in_the_body_is_removed_on_save(client, editor, section, author):
    client.force_login(editor)
    body = '<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:x">x</a></p>'

    client.post(ADD, form_data(section=section, author=author, body=body))

    assert Article.objects.get().body == '<p>Hello <a rel="noopener noreferrer">x</a></p>'


def test_allowed_markup_survives_sanitising(client, editor, section, author):
    client.force_login(editor)
    body = (
        "<h2>Subhead</h2><p><em>a</em> <strong>b</strong></p><blockquote><p>q</p></blockquote>"
        '<ul><li>one</li></ul><p><a href="https://example.org/">link</a></p>'
    )
    client.post(ADD, form_data(section=section, author=author, body=body))
    assert Article.objects.get().body == body.replace('">link', '" rel="noopener noreferrer">link')


def test_a_huge_headline_is_a_form_error_and_nothing_is_saved(client, editor, section, author):
    client.force_login(editor)

    response = client.post(ADD, form_data(section=section, author=author, headline="x" * 10_000))

    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.text
    assert not Article.objects.exists()


def test_a_duplicate_slug_is_a_form_error(client, editor, section, author):
    make_article(slug="storm-closes-the-coast-road")
    client.force_login(editor)

    response = client.post(ADD, form_data(section=section, author=author))

    assert response.status_code == 200
    assert "Article with this Slug already exists." in response.text
    assert Article.objects.count() == 1


def test_a_byline_twice_in_the_same_role_is_a_form_error(client, editor, section, author):
    client.force_login(editor)
    data = form_data(section=section, author=author)
    data.update(
        {
            "bylines-TOTAL_FORMS": "2",
            "bylines-1-position": "1",
            "bylines-1-author": author.pk,
            "bylines-1-role": "writer",
        }
    )
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert not Article.objects.exists()


@pytest.mark.parametrize("status", ["published", "edit", "nonsense"])
def test_a_crafted_status_in_the_form_changes_nothing(client, editor, section, author, status):
    article = make_article(section=section, headline="Before", slug="before")
    client.force_login(editor)

    data = form_data(section=section, author=author, status=status, headline="After", slug="before")
    data["base_version"] = article.version
    response = client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.status) == ("After", Status.DRAFT)


def test_reporter_cannot_edit_their_article_once_submitted(client, reporter, section, author):
    article = make_article(status=Status.EDIT, created_by=reporter, headline="Submitted")
    client.force_login(reporter)

    response = client.post(change_url(article), form_data(section=section, author=author))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Submitted"


def test_reporter_sees_only_their_own_articles(client, reporter, other_reporter):
    mine = make_article(created_by=reporter, headline="Mine")
    theirs = make_article(created_by=other_reporter, headline="Theirs")
    client.force_login(reporter)

    listing = client.get(CHANGELIST)

    assert list(listing.context["cl"].queryset) == [mine]
    assert client.get(change_url(theirs)).status_code == 302  # "does not exist" → admin index
    assert client.post(change_url(theirs), {"headline": "Hijacked"}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.headline == "Theirs"


def test_photo_desk_may_attach_a_photo_but_not_rewrite_the_story(
    client, photodesk, section, author
):
    article = make_article(status=Status.EDIT, headline="Original", no_photo=False)
    photo = make_photo()
    client.force_login(photodesk)

    data = form_data(section=section, author=author, headline="Rewritten", no_photo="")
    data["lead_photo"] = photo.pk
    data["base_version"] = article.version
    response = client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.lead_photo, article.headline) == (photo, "Original")


def test_photo_desk_cannot_publish(client, photodesk):
    article = make_article(status=Status.EDIT)
    client.force_login(photodesk)
    response = client.get(change_url(article))
    assert response.context["transitions"] == []
    assert b"workflow-publish" not in response.content


def test_change_form_shows_exactly_the_moves_open_to_the_user(client, editor):
    article = make_article(status=Status.EDIT)
    client.force_login(editor)

    response = client.get(change_url(article))

    assert [t.name for t in response.context["transitions"]] == ["return", "publish"]
    for name in ("return", "publish"):
        url = reverse("admin:articles_article_transition", args=[article.pk, name])
        assert f'href="{url}"'.encode() in response.content


def test_confirmation_page_asks_before_acting(client, editor):
    article = make_article(status=Status.EDIT)
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "publish"])

    response = client.get(url)

    assert response.status_code == 200
    assert "it goes from <strong>In edit</strong>" in response.text
    article.refresh_from_db()
    assert article.status == Status.EDIT


def test_a_blocked_step_shows_what_is_missing_and_keeps_the_note(client, editor):
    article = make_article(status=Status.EDIT, no_photo=False)
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "publish"])

    response = client.post(url, {"note": "my careful note"})

    assert response.status_code == 200
    assert "publish without a photo" in response.text
    assert "my careful note" in response.text
    article.refresh_from_db()
    assert article.status == Status.EDIT


def test_a_step_shows_a_message_and_lands_in_the_history(client, editor):
    article = make_article(status=Status.EDIT, headline="Budget passes")
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "return"])

    response = client.post(url, {"note": "Needs a second source"}, follow=True)

    assert "“Budget passes”: return to reporter done." in response.text
    # The change page's history, read from the log.
    assert "In edit → Draft: Needs a second source" in response.text
    step = log.workflow_history(article).get()
    assert (step.data["from"], step.data["to"], step.actor) == ("edit", "draft", editor)
    assert step.data["note"] == "Needs a second source"


def test_article_list_has_fixed_queries(client, editor, django_assert_max_num_queries):
    section = make_section()
    for _ in range(30):
        make_article(section=section, bylines=[make_author(), make_author()], tags=["a", "b"])
    client.force_login(editor)
    # Session, user, two permission look-ups, three filter lists (sections, authors, tags), one
    # bounded count, the page and its bylines, and the header's unread-notifications count: 11
    # whatever the number of articles.
    with django_assert_max_num_queries(11):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert response.text.count('class="status status-draft"') == 30


@pytest.mark.parametrize(
    "query",
    ["status__exact=edit", "section__id__exact=1", "q=Headline", "tag=1", "author=1"],
)
def test_article_list_filters_and_search_answer(client, editor, query):
    make_article(tags=["nato"])
    client.force_login(editor)
    assert client.get(f"{CHANGELIST}?{query}").status_code == 200


def test_dashboard_counts_articles_per_state_and_lists_steps(client, editor):
    make_article()
    make_article(status=Status.EDIT)
    published = make_article(status=Status.EDIT, headline="Going live")
    workflow.perform(published, "publish", editor)
    client.force_login(editor)

    response = client.get(reverse("admin:index"))

    assert response.context["counts"] == [
        ("draft", "Draft", 1),
        ("edit", "In edit", 1),
        ("published", "Published", 1),
    ]
    assert 'href="/admin/articles/article/?status__exact=edit"' in response.text
    assert response.context["waiting"] == 0
    assert "Going live" in response.text
    assert '<td class="step-text">In edit → Published</td>' in response.text  # from the log


def test_view_on_site_is_offered_only_for_what_readers_can_see(client, editor):
    draft, public = make_article(), make_article(status=Status.PUBLISHED)
    client.force_login(editor)
    assert "View on site" not in client.get(change_url(draft)).text
    assert public.get_absolute_url() in client.get(change_url(public)).text


def test_plain_text_in_the_body_becomes_paragraphs(client, editor):
    client.force_login(editor)
    body = "First paragraph, <em>as typed</em>.\n\nSecond one.\n"
    client.post(ADD, form_data(section=make_section(), author=make_author(), body=body))
    assert (
        Article.objects.get().body == "<p>First paragraph, <em>as typed</em>.</p><p>Second one.</p>"
    )


def test_a_new_article_without_bylines_gets_the_writers_own(client, reporter, section, author):
    mine = make_author("Tomás Ortega", user=reporter)
    client.force_login(reporter)
    data = {**form_data(section=section, author=author), "bylines-TOTAL_FORMS": "0"}

    client.post(ADD, data)

    article = Article.objects.get()
    assert [b.author for b in article.bylines.all()] == [mine]
    assert article.revisions.get().content["bylines"][0]["name"] == "Tomás Ortega"


def test_editing_a_section_purges_every_page_and_a_used_photo_its_articles(
    client, editor, photodesk, purged, django_capture_on_commit_callbacks
):
    section = make_section("World")
    photo = make_photo()
    article = make_article(status=Status.PUBLISHED, section=section, lead_photo=photo)
    author = article.bylines.get().author
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:articles_section_change", args=[section.pk]),
            {"name": "Europe", "slug": "world", "description": "", "position": 0},
        )
    client.force_login(photodesk)
    form = {"caption": "New", "alt_text": "x", "credit_line": "AP", "focal_x": 0.5, "focal_y": 0.5}
    form |= dict.fromkeys(["creator", "copyright_notice", "source", "usage_terms"], "")
    form |= {"licence_expires": "", "web_statement": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:media_assets_photo_change", args=[photo.pk]), form)

    assert response.status_code == 302
    # The section menu is on every page; a photo's credit only on its articles' pages and lists.
    # The rendition task (run in place by the tests' queue) purges the same keys again when the
    # new renditions are in the rows.
    own = {f"a{article.pk}", f"s{section.pk}", f"au{author.pk}", "sitemaps", "search"}
    assert purged[0] == {"all"}
    assert purged[1:] and all(keys == own for keys in purged[1:])


@pytest.mark.parametrize(
    ("model", "make", "keys"),
    [
        ("section", make_section, lambda pks: [{"all"}]),
        ("author", make_author, lambda pks: [{*(f"au{pk}" for pk in pks), "sitemaps"}]),
    ],
)
def test_deleting_a_selection_purges_as_deleting_one_does(
    admin_client, purged, django_capture_on_commit_callbacks, model, make, keys
):
    """The changelist's "Delete selected" goes through delete_queryset(), not delete_model()."""
    pks = [make().pk, make().pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(f"admin:articles_{model}_changelist"),
            {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
        )
    assert response.status_code == 302
    assert purged == keys(pks)

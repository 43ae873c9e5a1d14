"""The newsroom's comments (desk/comments.py, desk/views.py, the `comment_thread` panel): who
reads and writes them, who is told, resolving, bad input, the workflow's notes among them, the
panel's queries, and that no public page, feed, export, revision or preview carries them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Revision, Status
from desk import comments
from desk.models import BudgetLine, Comment
from notifications.models import Kind, Notification
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "Check the ministers quote with the press office"


def on_article(article):
    return reverse("desk:comment_article", args=[article.pk])


def change_page(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def panel(user, target):
    """The comments panel as `user` sees it on the target's page."""
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load desk_comments %}{% comment_thread target %}")
    return template.render(Context({"request": request, "target": target}))


def told(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(kind=kind) if kind else rows)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow_messages(client, response):
    """The messages the redirect's page would show."""
    return [str(m) for m in client.get(response.url).context["messages"]]


@pytest.fixture
def draft(reporter):
    return factories.make_article(created_by=reporter, headline="Storm closes the coast road")


@pytest.fixture
def line(editor):
    """A budget line whose change page exists (see `line_admin`)."""
    return BudgetLine.objects.create(
        slug="coast-road", pitch="The coast road shuts", section=factories.make_section()
    )


def user_with(*perms, username="desk_helper"):
    user = factories.make_user(username)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return type(user).objects.get(pk=user.pk)  # a fresh permission cache


# --- who reads and writes ------------------------------------------------------------------


def test_a_comment_on_a_reporters_draft_is_invisible_to_another_reporter(
    client, reporter, other_reporter, draft
):
    comment, _ = comments.post(draft, reporter, SECRET)
    assert SECRET in panel(reporter, draft)
    assert panel(other_reporter, draft).strip() == ""

    client.force_login(other_reporter)
    response = client.post(on_article(draft), {"text": "What is this?"})
    assert response.status_code == 404
    for view in ("desk:comment_resolve", "desk:comment_reopen"):
        assert client.post(reverse(view, args=[comment.pk])).status_code == 404
    assert Comment.objects.count() == 1


def test_the_reporter_reads_the_thread_on_their_articles_page(client, reporter, editor, draft):
    comments.post(draft, editor, SECRET)
    client.force_login(reporter)
    html = client.get(change_page(draft)).text
    assert 'id="comments"' in html and SECRET in html
    # Outside the article's own form: a form inside a form is dropped by the browser.
    assert html.index("</form></div>") < html.index('id="comments"')


def test_readers_and_anonymous_visitors_are_refused(client, reader, draft):
    client.force_login(reader)
    assert client.post(on_article(draft), {"text": "Hello"}).status_code == 404
    assert panel(reader, draft).strip() == ""
    client.logout()
    response = client.post(on_article(draft), {"text": "Hello"})
    assert response.status_code == 302 and "/login/" in response.url
    assert not Comment.objects.exists()


def test_someone_who_may_read_but_not_comment_is_refused_with_403(client, draft):
    viewer = user_with("articles.view_article", "articles.edit_any_article")
    assert comments.may_read(viewer, draft) and not comments.may_comment(viewer, draft)
    client.force_login(viewer)
    assert client.post(on_article(draft), {"text": "Hello"}).status_code == 403
    assert "New comment" not in panel(viewer, draft)
    with pytest.raises(PermissionDenied):
        comments.post(draft, viewer, "Hello")
    assert not Comment.objects.exists()


def test_the_photo_desk_reads_and_comments_on_articles_it_may_see(client, photodesk, draft):
    client.force_login(photodesk)
    response = client.post(on_article(draft), {"text": "Portrait or landscape?"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{change_page(draft)}#comment-{comment.pk}"
    assert (comment.article, comment.author, comment.line) == (draft, photodesk, None)
    assert "Portrait or landscape?" in panel(photodesk, draft)


def test_comment_views_take_only_posts(client, editor, draft):
    client.force_login(editor)
    assert client.get(on_article(draft)).status_code == 405


def test_a_missing_article_is_a_404(client, editor):
    client.force_login(editor)
    missing = reverse("desk:comment_article", args=[999999])
    assert client.post(missing, {"text": "x"}).status_code == 404


def test_the_budget_desk_comments_on_a_budget_line(client, reporter, reader, line):
    url = reverse("desk:comment_line", args=[line.pk])
    client.force_login(reporter)
    response = client.post(url, {"text": "I'll take it"})
    comment = Comment.objects.get()
    assert (comment.line, comment.article) == (line, None)
    expected = reverse("admin:desk_budgetline_change", args=[line.pk])
    assert response.url == f"{expected}#comment-{comment.pk}"
    assert "I&#x27;ll take it" in panel(reporter, line)

    client.force_login(reader)
    assert client.post(url, {"text": "x"}).status_code == 404
    assert panel(reader, line).strip() == ""


# --- mentions ------------------------------------------------------------------------------


def test_a_mention_tells_a_colleague_who_may_see_the_article(client, editor, reporter, draft):
    client.force_login(editor)
    client.post(on_article(draft), {"text": "@reporter the second paragraph needs a source"})
    comment = Comment.objects.get()
    assert list(comment.mentioned.all()) == [reporter]
    [notification] = told(reporter)
    assert notification.kind == Kind.MENTIONED
    assert notification.actor == editor
    assert notification.url == f"{change_page(draft)}#comment-{comment.pk}"
    assert "Storm closes the coast road" in notification.text
    assert told(editor) == []


def test_a_mention_of_someone_who_may_not_see_the_article_tells_them_nothing(
    client, reporter, other_reporter, draft
):
    client.force_login(reporter)
    response = client.post(on_article(draft), {"text": "@other_reporter can you help?"})
    assert told(other_reporter) == []
    assert "@other_reporter cannot see this article and was not told." in follow_messages(
        client, response
    )
    _, not_told = comments.post(draft, reporter, "Again, @Other_Reporter")
    assert not_told == [other_reporter]


def test_mentions_match_usernames_in_any_case_and_skip_addresses_and_strangers(editor, draft):
    photographer = factories.make_user("anna.k")
    gone = factories.make_user("gone", is_active=False)
    text = "@Anna.K. Write to editor@example.com, or @nobody, or @gone (@editor knows)."
    comment, _ = comments.post(draft, editor, text)
    assert set(comment.mentioned.all()) == {photographer, editor}
    assert gone not in comment.mentioned.all()
    assert told(editor) == []  # the poster is never told of their own comment


def test_a_mention_is_marked_and_the_text_escaped_with_its_line_breaks(editor, reporter, draft):
    comments.post(draft, editor, "@reporter <script>alert(1)</script>\nsecond line @nobody")
    html = panel(editor, draft)
    assert '<mark class="mention">@reporter</mark>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line @nobody" in html
    assert "<script>alert" not in html


# --- replies -------------------------------------------------------------------------------


def test_a_reply_tells_the_threads_earlier_participants_once(
    client, editor, reporter, photodesk, draft
):
    first, _ = comments.post(draft, editor, "Is the headline too long?")
    comments.post(draft, photodesk, "A little.", parent=first)
    Notification.objects.all().delete()

    client.force_login(reporter)
    response = client.post(
        on_article(draft), {"text": "@photodesk shorter now?", "parent": str(first.pk)}
    )
    reply = Comment.objects.get(text="@photodesk shorter now?")
    assert reply.parent == first
    assert response.url.endswith(f"#comment-{reply.pk}")
    assert [n.kind for n in told(editor)] == [Kind.REPLIED]
    assert [n.kind for n in told(photodesk)] == [Kind.MENTIONED]  # a mention says more
    assert told(reporter) == []
    assert told(editor)[0].url.endswith(f"#comment-{reply.pk}")


def test_a_participant_who_may_no_longer_see_the_article_is_not_told(editor, reporter, draft):
    first, _ = comments.post(draft, reporter, "Ready soon.")
    reporter.groups.clear()
    comments.post(draft, editor, "Thanks.", parent=Comment.objects.get(pk=first.pk))
    assert told(reporter) == []


def test_a_reply_stays_in_its_thread(editor, reporter, draft):
    first, _ = comments.post(draft, editor, "First")
    reply, _ = comments.post(draft, reporter, "Second", parent=first)
    with pytest.raises(ValidationError):
        comments.post(draft, editor, "Third", parent=reply)  # one level: answer the thread
    other = factories.make_article(created_by=reporter)
    with pytest.raises(ValidationError):
        comments.post(other, editor, "Elsewhere", parent=first)


# --- resolving -----------------------------------------------------------------------------


def test_the_threads_author_resolves_it_and_an_editor_reopens_it(client, editor, reporter, draft):
    first, _ = comments.post(draft, reporter, "Which photo?")
    reply, _ = comments.post(draft, editor, "The second.", parent=first)

    client.force_login(reporter)
    response = client.post(reverse("desk:comment_resolve", args=[reply.pk]))  # any comment in it
    first.refresh_from_db()
    assert response.status_code == 302
    assert first.resolved_by == reporter and first.resolved_at is not None
    html = panel(reporter, draft)
    assert "<details>" in html and "Reopen" in html
    assert 'for="comment-reply-' not in html  # a resolved thread takes no reply
    with pytest.raises(ValidationError):
        comments.post(draft, editor, "Late", parent=first)

    client.force_login(editor)
    client.post(reverse("desk:comment_reopen", args=[first.pk]))
    first.refresh_from_db()
    assert (first.resolved_at, first.resolved_by) == (None, None)
    assert "<details>" not in panel(editor, draft)


def test_only_the_threads_author_or_an_editor_resolves_it(
    client, editor, reporter, photodesk, draft
):
    first, _ = comments.post(draft, editor, "Needs a photo.")
    comments.post(draft, reporter, "On it.", parent=first)
    client.force_login(reporter)
    assert client.post(reverse("desk:comment_resolve", args=[first.pk])).status_code == 403
    client.force_login(photodesk)
    assert client.post(reverse("desk:comment_resolve", args=[first.pk])).status_code == 403
    assert ">Resolve</button>" not in panel(reporter, draft)
    first.refresh_from_db()
    assert first.resolved_at is None

    mine, _ = comments.post(draft, photodesk, "Chosen.")
    assert client.post(reverse("desk:comment_resolve", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.resolved_by == photodesk


def test_open_threads_come_first_and_resolved_ones_collapsed(editor, draft):
    done, _ = comments.post(draft, editor, "Old question")
    comments.resolve(done, editor)
    comments.post(draft, editor, "New question")
    html = panel(editor, draft)
    assert html.index("New question") < html.index("<details>") < html.index("Old question")


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Write something"),
        ({"text": "  \n\t "}, "Write something"),
        ({"text": "x" * 5001}, "at most 5000 characters"),
        ({"text": "Hi", "parent": "abc"}, "no longer exists"),
        ({"text": "Hi", "parent": "٣"}, "no longer exists"),
        ({"text": "Hi", "parent": "99999999999999999999999"}, "no longer exists"),
        ({"text": "Hi", "parent": "999999"}, "no longer exists"),
    ],
)
def test_bad_input_is_a_message_and_saves_nothing(client, editor, draft, data, message):
    client.force_login(editor)
    response = client.post(on_article(draft), data)
    assert response.status_code == 302
    assert response.url == f"{change_page(draft)}#comments"
    assert any(message in m for m in follow_messages(client, response))
    assert not Comment.objects.exists() and not Notification.objects.exists()


def test_a_reply_to_another_articles_thread_or_to_a_reply_is_refused(client, editor, draft):
    elsewhere, _ = comments.post(factories.make_article(), editor, "Elsewhere")
    first, _ = comments.post(draft, editor, "Here")
    reply, _ = comments.post(draft, editor, "Reply", parent=first)
    client.force_login(editor)
    for parent in (elsewhere, reply):
        response = client.post(on_article(draft), {"text": "Hi", "parent": str(parent.pk)})
        assert "not on this page" in " ".join(follow_messages(client, response))
    assert Comment.objects.count() == 3


def test_a_null_character_is_refused(editor, draft):
    with pytest.raises(ValidationError):
        comments.post(draft, editor, "Bad \x00 byte")
    assert not Comment.objects.exists()


def test_a_comment_of_exactly_5000_characters_is_kept_counting_a_line_break_as_one(editor, draft):
    comment, _ = comments.post(draft, editor, "x" * 4000 + "\r\n" + "y" * 999)
    assert len(comment.text) == 5000 and "\r" not in comment.text


# --- workflow notes in the thread ----------------------------------------------------------


def test_return_and_unpublish_notes_appear_among_the_threads_in_time_order(editor, reporter, draft):
    before, _ = comments.post(draft, reporter, "Filed, please look.")
    Comment.objects.filter(pk=before.pk).update(created_at=timezone.now() - timedelta(hours=1))
    workflow.perform(draft, "submit", reporter)
    workflow.perform(draft, "return", editor, note="Fix the second paragraph")
    after, _ = comments.post(draft, reporter, "Fixed it.")
    Comment.objects.filter(pk=after.pk).update(created_at=timezone.now() + timedelta(hours=1))

    html = panel(reporter, draft)
    line = "Returned to reporter by editor: Fix the second paragraph"
    assert line in html
    assert html.index("Filed, please look.") < html.index(line) < html.index("Fixed it.")
    assert "Submitted by" not in html  # a step without a note is the history's, not the thread's


def test_an_unpublish_reason_appears_in_the_thread(editor):
    article = factories.make_article(status=Status.PUBLISHED)
    workflow.perform(article, "unpublish", editor, note="Legal asked us to hold it")
    assert "Unpublished by editor: Legal asked us to hold it" in panel(editor, article)


# --- queries -------------------------------------------------------------------------------


def count_queries(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_the_panel_costs_the_same_queries_for_one_thread_or_twenty(
    editor, reporter, photodesk, draft, django_assert_max_num_queries
):
    def add_threads(n):
        for i in range(n):
            first, _ = comments.post(draft, reporter, f"Question {i} for @editor")
            comments.post(draft, photodesk, f"Answer {i} @reporter", parent=first)

    add_threads(1)
    editor = type(editor).objects.get(pk=editor.pk)
    panel(editor, draft)  # the permission cache filled, as the change page does first
    one = count_queries(lambda: panel(editor, draft))
    add_threads(19)
    twenty = count_queries(lambda: panel(editor, draft))
    assert one == twenty
    # The comments, their mentions, the article's steps (and their content type), colleagues.
    with django_assert_max_num_queries(5):
        panel(editor, draft)


def test_the_change_page_costs_the_same_with_one_thread_or_twenty(client, editor, reporter, draft):
    def add_threads(n):
        for i in range(n):
            first, _ = comments.post(draft, reporter, f"Question {i} for @editor")
            comments.post(draft, editor, f"Answer {i}", parent=first)

    client.force_login(editor)
    add_threads(1)
    client.get(change_page(draft))
    one = count_queries(lambda: client.get(change_page(draft)))
    add_threads(19)
    assert count_queries(lambda: client.get(change_page(draft))) == one


# --- never public --------------------------------------------------------------------------


def test_a_comment_reaches_no_public_page_feed_export_revision_or_preview(
    client, editor, fresh_cache
):
    article = factories.make_article(status=Status.EDIT, headline="Summit opens", tags=["Summit"])
    factories.save_revision(article, editor)
    comments.post(article, editor, SECRET)
    workflow.perform(article, "publish", editor)
    factories.save_revision(article, editor)
    article.refresh_from_db()
    secret = "ministers quote"

    client.force_login(editor)
    assert secret in client.get(change_page(article)).text  # it exists
    preview = client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert preview.status_code == 200 and "Summit opens" in preview.text
    assert secret not in preview.text
    for revision in Revision.objects.filter(article=article):
        assert secret not in str(revision.content)

    client.logout()
    public = [
        article.get_absolute_url(),
        "/feeds/rss/",
        "/feeds/atom/",
        f"/section/{article.section.slug}/rss/",
        reverse("wire:ninjs-list"),
        reverse("wire:ninjs-detail", args=[article.pk]),
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Summit opens" in body, url
        assert "minister" not in body, url

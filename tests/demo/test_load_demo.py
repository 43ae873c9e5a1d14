"""The demo newsroom: what `make run` shows, loaded twice without changing anything."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles import revisions
from articles.models import Article, Status
from audit.models import AuditEntry
from media_assets.models import Photo

SEED_HEADLINE = "NATO stands ready to continue dialogue with Russia over INF treaty"


def load_demo(monkeypatch, password="demo-pass-for-tests"):
    monkeypatch.setenv("DEMO_PASSWORD", password)
    call_command("load_demo", stdout=io.StringIO())


def snapshot():
    return {
        "articles": list(Article.objects.values_list("slug", "status", "updated_at", "body")),
        "log": AuditEntry.objects.count(),
        "photos": list(Photo.objects.values_list("sha256", "updated_at")),
        "users": list(get_user_model().objects.values_list("username", "password")),
    }


@pytest.fixture
def demo(db, monkeypatch):
    load_demo(monkeypatch)


def test_the_seed_story_is_published_as_the_issue_describes(demo):
    article = Article.objects.get(headline=SEED_HEADLINE)

    assert article.status == Status.PUBLISHED
    assert article.section.name == "World"
    assert article.byline == "By TASS"
    assert article.bylines.get().author.kind == "agency"
    assert article.dateline == "BRUSSELS, October 31. /TASS/."
    assert sorted(article.tags.names()) == ["INF Treaty", "NATO", "Russia"]
    assert article.standfirst.startswith('"As an Alliance we are also committed')
    assert article.body.count("<p>") == 7
    assert "Stoltenberg said on Wednesday" in article.body
    assert "© EPA-EFE" not in article.body
    # The desk's corrections were saved through the one save path: the latest revision is it.
    assert article.revisions.first().content == revisions.snapshot(article)


def test_the_seed_photo_carries_its_credit_and_caption_from_its_own_metadata(demo):
    photo = Article.objects.get(headline=SEED_HEADLINE).lead_photo
    assert photo.credit == "© EPA-EFE/KOCA SULEJMANOVIC"
    assert photo.caption == "NATO Secretary General Jens Stoltenberg"
    assert photo.alt_text


def test_the_seed_story_leads_the_home_page(demo):
    assert Article.objects.published().first().headline == SEED_HEADLINE


def test_there_are_stories_in_every_state(demo):
    counts = {s: Article.objects.filter(status=s).count() for s in Status.values}
    assert all(n >= 2 for n in counts.values()), counts


def test_demo_accounts_have_their_roles_and_the_chosen_password(demo):
    users = get_user_model().objects.all()
    assert {u.username: [g.name for g in u.groups.all()] for u in users} == {
        "editor": ["Editor"],
        "reporter": ["Reporter"],
        "photodesk": ["Photo desk"],
    }
    assert all(u.check_password("demo-pass-for-tests") and u.is_staff for u in users)


def test_loading_twice_changes_nothing(demo, monkeypatch):
    before = snapshot()
    load_demo(monkeypatch)
    assert snapshot() == before


def test_without_demo_password_one_is_generated_and_printed(db, capsys, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo")
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Password for"))
    password = line.rsplit(": ", 1)[1]
    assert len(password) >= 12
    assert get_user_model().objects.get(username="editor").check_password(password)


def test_the_demo_editor_can_log_in_and_see_the_seed_story(demo, client):
    assert client.login(username="editor", password="demo-pass-for-tests")
    response = client.get("/admin/articles/article/")
    assert SEED_HEADLINE in response.text


def test_the_demo_has_todays_story_budget_with_an_assignment_and_a_photo_request(demo):
    from django.utils import timezone

    from desk.models import BudgetLine, LineStatus, PhotoRequest

    lines = BudgetLine.objects.with_status().filter(day=timezone.localdate())
    assert lines.count() == 3
    assigned = lines.get(slug="harbour-strike")
    assert (assigned.writer.username, assigned.photographer.username) == ("reporter", "photodesk")
    assert assigned.line_status == LineStatus.ASSIGNED
    assert lines.get(slug="city-budget").line_status == LineStatus.PITCHED
    assert PhotoRequest.objects.get().line == assigned

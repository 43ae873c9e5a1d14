"""The database going away in the middle of an editor's save: the editor is told, nothing is
half-written (the article, its revision, its teaser row and its log move together or not at all)."""

from django.db import OperationalError
from django.test import Client

from articles import revisions
from articles.models import Revision, Status, Teaser
from audit.models import AuditEntry
from tests.articles.test_admin import change_url
from tests.articles.test_conflicts import edit
from tests.factories import make_article, save_revision


def test_the_database_failing_mid_save_leaves_everything_as_it_was(editor, monkeypatch):
    article = make_article(headline="Before", status=Status.PUBLISHED)
    save_revision(article, editor)
    version, kept = article.version, Revision.objects.filter(article=article).count()
    logged = AuditEntry.objects.count()
    client = Client(raise_request_exception=False)  # what the editor's browser gets
    client.force_login(editor)
    form = client.get(change_url(article)).context["adminform"].form

    def connection_lost(*args, **kwargs):
        # After the article's row was written in the same transaction.
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(revisions, "record", connection_lost)
    data = edit(headline="After", base_version=form["base_version"].value())
    data |= {"corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0"}  # published
    response = client.post(change_url(article), data)

    assert response.status_code == 503
    assert "Back in a moment" in response.text and "Traceback" not in response.text
    article.refresh_from_db()
    assert (article.headline, article.version) == ("Before", version)
    assert Revision.objects.filter(article=article).count() == kept
    assert Teaser.objects.get(article=article).data["headline"] == "Before"
    assert AuditEntry.objects.count() == logged

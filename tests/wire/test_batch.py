"""A batch remembers the authors and tags it has found, and forgets them when an item fails."""

import json

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles import revisions
from articles.models import Article, Author
from tests.factories import make_author
from wire import importer
from wire.importer import CREATED, FAILED, Batch, import_data


def item(n, *, by="Anna Weber", subjects=("Weather", "Transport")):
    document = {
        "uri": f"urn:newsml:dpa.com:batch-{n}",
        "copyrightHolder": "dpa",
        "by": by,
        "headlines": [{"value": f"Storm closes airport {n}"}],
        "subjects": [{"name": name} for name in subjects],
    }
    return json.dumps(document).encode()


@pytest.mark.django_db
def test_the_second_item_of_a_batch_does_not_look_up_known_authors_or_tags():
    batch = Batch()
    import_data("1.json", item(1), batch=batch)
    assert set(batch.authors) == {"anna-weber", "dpa"}
    assert set(batch.tags) == {"weather", "transport"}
    with CaptureQueriesContext(connection) as queries:
        outcome = import_data("2.json", item(2), batch=batch)
    assert outcome.result == CREATED
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"articles_author"."slug" IN' not in sql  # no lookup of the authors by name
    assert '"taggit_tag"."name" LIKE' not in sql  # nor of the tags
    assert 'INSERT INTO "articles_author"' not in sql and 'INSERT INTO "taggit_tag"' not in sql
    assert list(outcome.article.tags.names().order_by("name")) == ["Transport", "Weather"]
    assert outcome.article.byline == "By Anna Weber and dpa"
    # The item's own transaction (here a savepoint in the test's) is all there is to undo.
    assert len([q for q in queries.captured_queries if q["sql"].startswith("SAVEPOINT")]) == 1


@pytest.mark.django_db
def test_a_failed_item_makes_the_batch_forget(monkeypatch):
    batch = Batch()
    import_data("1.json", item(1), batch=batch)

    def explode(item, story, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(importer, "_add_pictures", explode)
    assert import_data("2.json", item(2, by="Jan Novak"), batch=batch).result == FAILED
    assert batch.authors == {} and batch.tags == {}
    assert not Author.objects.filter(slug="jan-novak").exists()
    monkeypatch.undo()  # the failure undid its item whole: the next one imports as usual
    assert import_data("3.json", item(3, by="Jan Novak"), batch=batch).result == CREATED
    assert Author.objects.filter(slug="jan-novak").exists()


@pytest.mark.django_db(transaction=True)
def test_an_author_deleted_mid_batch_fails_one_item_and_the_next_recovers():
    batch = Batch()
    first = import_data("1.json", item(1, by="Jan Novak"), batch=batch)
    Article.objects.filter(pk=first.article.pk).delete()
    Author.objects.filter(slug="jan-novak").delete()  # the desk tidies up, mid-run
    second = import_data("2.json", item(2, by="Jan Novak"), batch=batch)
    assert second.result == FAILED
    assert second.message == "conflicted with a change made at the same moment; try again"
    third = import_data("2.json", item(2, by="Jan Novak"), batch=batch)
    assert third.result == CREATED
    assert third.article.byline == "By Jan Novak and dpa"


@pytest.mark.django_db
def test_an_imported_revision_holds_the_names_as_stored_not_as_the_wire_spells_them():
    make_author("Anna WEBER")  # slug anna-weber: the wire's "Anna Weber" is this author
    Tag.objects.create(name="weather")
    batch = Batch()
    for n in (1, 2):  # the second item finds both in the batch's memory, not the database
        article = import_data(f"{n}.json", item(n), batch=batch).article
        revision = article.revisions.get()
        assert revision.content == revisions.snapshot(article)
        assert [b["name"] for b in revision.content["bylines"]] == ["Anna WEBER", "dpa"]
        assert revision.content["tags"] == ["Transport", "weather"]


@pytest.mark.django_db
def test_a_batch_reads_the_routing_rules_once_and_a_new_batch_sees_a_new_rule():
    from wire.models import RoutingRule

    batch = Batch()
    import_data("1.json", item(1), batch=batch)
    with CaptureQueriesContext(connection) as queries:
        assert import_data("2.json", item(2), batch=batch).result == CREATED
    assert not [q for q in queries.captured_queries if "wire_routingrule" in q["sql"]]
    RoutingRule.objects.create(name="Storms", headline_keyword="storm", tags="Storms")
    # This run read the rules before the rule was saved: it applies from the next run.
    assert "Storms" not in import_data("3.json", item(3), batch=batch).article.tags.names()
    fresh = import_data("4.json", item(4), batch=Batch())
    assert list(fresh.article.tags.names().order_by("name")) == ["Storms", "Transport", "Weather"]


@pytest.mark.django_db
def test_a_rule_switched_off_during_a_run_publishes_nothing_more(editor):
    from articles.models import Status
    from tests.factories import make_section
    from wire.models import RoutingRule

    rule = RoutingRule.objects.create(
        name="Storms", headline_keyword="storm", auto_publish=True, changed_by=editor,
        section=make_section(),
    )  # fmt: skip

    def with_body(n):
        document = json.loads(item(n))
        body = "<p>The airport closed as the storm came in.</p>"
        document["bodies"] = [{"role": "main", "contentType": "text/html", "value": body}]
        return json.dumps(document).encode()

    batch = Batch()
    first = import_data("1.json", with_body(1), batch=batch)
    assert Article.objects.get(pk=first.article.pk).status == Status.PUBLISHED
    RoutingRule.objects.filter(pk=rule.pk).update(auto_publish=False)
    second = import_data("2.json", with_body(2), batch=batch)
    assert Article.objects.get(pk=second.article.pk).status == Status.DRAFT
    assert "no longer publishes" in second.item.routing.problem

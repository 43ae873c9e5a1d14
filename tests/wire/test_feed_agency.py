"""Who delivers a feed or a drop folder is credited for the items that name no agency of their
own (WireFeed.agency, `ingest_wire --agency`); an item naming its agency keeps it."""

import json
import os
import time

import pytest
from django.core.management import call_command

from wire import feeds
from wire.agencies import agency_from_uri
from wire.importer import CREATED, import_file
from wire.models import WireFeed, WireItem

pytestmark = pytest.mark.django_db

UNNAMED = json.dumps(
    {"uri": "urn:uuid:5b1c1c1e-0000-4000-8000-000000000001", "headlines": [{"value": "Storm"}]}
).encode()
NAMED = json.dumps(
    {
        "uri": "urn:uuid:5b1c1c1e-0000-4000-8000-000000000002",
        "copyrightHolder": "Reuters",
        "headlines": [{"value": "Markets close"}],
    }
).encode()
TEXT = b"Port closes as storm comes in\n\nHAMBURG, Dec 3 -- The port closed on Thursday.\n"


def test_an_item_naming_no_agency_is_credited_to_who_delivers_it():
    outcome = import_file("a.json", UNNAMED, agency=" dpa ")[0]
    assert outcome.result == CREATED
    assert outcome.item.agency == "dpa"
    assert outcome.article.byline == "By dpa"


def test_an_item_naming_its_agency_keeps_it():
    outcome = import_file("b.json", NAMED, agency="dpa")[0]
    assert (outcome.item.agency, outcome.article.byline) == ("Reuters", "By Reuters")


def test_without_a_deliverer_the_item_is_the_anonymous_wire_s():
    assert import_file("a.json", UNNAMED)[0].item.agency == "Wire"


def test_a_feed_credits_its_agency(monkeypatch):
    feed = WireFeed.objects.create(name="dpa", url="https://feed.example/dpa", agency="dpa")
    outcomes = feeds.import_body(feed, json.dumps([json.loads(UNNAMED)]).encode())
    assert [o.item.agency for o in outcomes] == ["dpa"]


@pytest.mark.parametrize("configured", [True, False])
def test_a_watched_folder_credits_its_feed_s_agency_or_the_one_named(tmp_path, configured):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "storm.txt").write_bytes(TEXT)
    then = time.time() - 60
    os.utime(inbox / "storm.txt", (then, then))
    arguments = ["--watch", str(inbox), "--once"]
    if configured:
        WireFeed.objects.create(
            name="ANSA folder", kind=WireFeed.Kind.FOLDER, path=str(inbox), agency="ANSA"
        )
    else:
        arguments += ["--agency", "ANSA"]
    call_command("ingest_wire", *arguments)
    assert WireItem.objects.get().agency == "ANSA"


def test_an_unreadable_uri_names_no_agency_instead_of_failing():
    assert agency_from_uri("http://[bad") == ""
    assert agency_from_uri("urn:newsml:dpa.com:20261203:x") == "dpa"

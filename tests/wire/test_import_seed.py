"""The seed TASS story through the one import path, into a draft the desk can work on."""

import re

import pytest

from articles.models import Article, Author, Byline, PreviousSlug, Status
from tests import factories
from tests.wire.conftest import TODAY
from wire.importer import CREATED, SKIPPED, import_data
from wire.matching import SLUG_ATTEMPTS, unique_slug
from wire.models import WireItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(seed_bytes, editor):
    return import_data("000_7e226a48a90657f7.txt", seed_bytes, user=editor, today=TODAY)


def test_seed_becomes_a_draft_created_by_the_importer(imported, editor):
    assert imported.result == CREATED
    article = imported.article
    assert article.status == Status.DRAFT
    assert article.created_by == editor
    assert article.published_at is None
    assert article.headline == "NATO stands ready to continue dialogue with Russia over INF treaty"
    assert article.slug == "nato-stands-ready-to-continue-dialogue-with-russia-over-inf-treaty"
    assert article.standfirst.endswith("NATO Secretary General Jens Stoltenberg said")


def test_seed_dateline_is_stored_in_parts_and_flagged(imported):
    article = imported.article
    assert (article.dateline_place, article.dateline_source) == ("BRUSELLS", "TASS")
    assert article.dateline_date.isoformat() == "2026-10-31"
    assert article.dateline == "BRUSELLS, October 31. /TASS/."
    assert imported.item.place_unrecognised is True
    assert "Dateline place not recognised" in imported.item.flags()


def test_seed_byline_is_the_agency(imported):
    [byline] = imported.article.bylines.select_related("author")
    assert byline.author.name == "TASS"
    assert byline.author.kind == Author.Kind.AGENCY
    assert byline.role == Byline.Role.WRITER
    assert imported.article.byline == "By TASS"


def test_seed_picture_credit_is_recorded_on_the_picture_not_in_the_body(imported):
    [picture] = imported.item.pictures.all()
    assert picture.caption == "NATO Secretary General Jens Stoltenberg"
    assert picture.credit_line == "EPA-EFE/KOCA SULEJMANOVIC"
    assert picture.credit == "© EPA-EFE/KOCA SULEJMANOVIC"
    assert picture.rendition_url == ""  # pasted text carries no picture file
    article = imported.article
    assert "SULEJMANOVIC" not in article.body
    assert article.body.count("<p>") == 7
    assert article.lead_photo is None


def test_seed_keeps_the_text_as_sent(imported, seed_bytes):
    assert imported.item.payload == seed_bytes.decode()
    assert imported.item.format == WireItem.Format.TEXT


def test_section_link_all_news_matches_no_section_so_the_desk_chooses(imported):
    assert imported.article.section is None


def test_a_wire_section_name_matching_a_site_section_is_used(seed_bytes, db):
    section = factories.make_section("All news", slug="all-news")
    outcome = import_data("seed.txt", seed_bytes, today=TODAY)
    assert outcome.article.section == section


def test_importing_the_seed_twice_changes_nothing(imported, seed_bytes):
    before = Article.objects.get().updated_at
    again = import_data("again.txt", seed_bytes, today=TODAY)
    assert again.result == SKIPPED
    assert again.item == imported.item
    assert Article.objects.count() == 1 and WireItem.objects.count() == 1
    assert Article.objects.get().updated_at == before
    assert Byline.objects.count() == 1


def test_slug_is_made_unique_when_the_headline_is_taken(seed_bytes, db):
    factories.make_article(
        slug="nato-stands-ready-to-continue-dialogue-with-russia-over-inf-treaty"
    )
    outcome = import_data("seed.txt", seed_bytes, today=TODAY)
    assert outcome.article.slug.endswith("-inf-treaty-2")


def test_the_first_free_number_is_taken_and_past_twenty_the_items_own_mark(db):
    factories.make_article(slug="storm")
    PreviousSlug.objects.create(article=factories.make_article(slug="gone"), slug="storm-2")
    assert unique_slug("Storm", "urn:x:1") == "storm-3"
    for number in range(3, SLUG_ATTEMPTS + 2):
        factories.make_article(slug=f"storm-{number}")
    assert re.fullmatch(r"storm-[0-9a-f]{10}", unique_slug("Storm", "urn:x:1"))
    assert unique_slug("Calm", "urn:x:1") == "calm"


def test_slug_avoids_the_old_address_of_a_published_article(seed_bytes, db):
    article = factories.make_article(slug="renamed")
    PreviousSlug.objects.create(
        article=article, slug="nato-stands-ready-to-continue-dialogue-with-russia-over-inf-treaty"
    )
    outcome = import_data("seed.txt", seed_bytes, today=TODAY)
    assert outcome.article.slug.endswith("-inf-treaty-2")

"""The IPTC's NewsML-G2 listings (wire/newsml_g2/examples) imported through the one import path,
field by field; the fragment listing is refused in one line."""

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Article, Author, Byline, Status
from wire.importer import CREATED, FAILED, SKIPPED, import_data
from wire.models import WireItem

pytestmark = pytest.mark.django_db
EXAMPLES = Path(settings.BASE_DIR) / "wire" / "newsml_g2" / "examples"
NEWS_ITEM = "LISTING_1_A_NewsML-G2_News_Item.xml"
TEXT = "LISTING_2_NewsML-G2_Text_Document.xml"
PHOTO = "LISTING_3_Photo_in_NewsML-G2.xml"
PACKAGE = "LISTING_6_Simple_NewsML-G2_Package.xml"
FRAGMENT = "LISTING_25_An_NITF_marked-up_article_conveyed_in_inlineXML.xml"
US_CENTRAL = timezone(timedelta(hours=-5))


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def imported(name: str) -> tuple[WireItem, Article]:
    outcome = import_data(name, example(name))
    assert outcome.result == CREATED, outcome.message
    assert outcome.item is not None and outcome.article is not None
    return outcome.item, outcome.article


def bylines(article: Article) -> list[tuple[str, str, str]]:
    return [
        (b.author.name, b.author.kind, b.role) for b in article.bylines.select_related("author")
    ]


def test_every_whole_listing_imports_and_the_fragment_is_refused():
    names = sorted(path.name for path in EXAMPLES.glob("*.xml"))
    assert names == sorted([NEWS_ITEM, TEXT, PHOTO, PACKAGE, FRAGMENT])
    results = {name: import_data(name, example(name)).result for name in names}
    assert results == {NEWS_ITEM: CREATED, TEXT: CREATED, PHOTO: CREATED, PACKAGE: CREATED,
                       FRAGMENT: FAILED}  # fmt: skip
    assert set(Article.objects.values_list("status", flat=True)) == {Status.DRAFT}


def test_the_fragment_is_refused_in_one_line_and_nothing_is_saved():
    outcome = import_data(FRAGMENT, example(FRAGMENT))
    assert str(outcome) == (
        f"{FRAGMENT}: a fragment of a NewsML-G2 item (<contentSet>), not a whole item"
    )
    assert not WireItem.objects.exists() and not Article.objects.exists()


def test_news_item_listing_1():
    item, article = imported(NEWS_ITEM)
    assert (item.uri, item.version, item.format) == (
        "urn:newsml:acmenews.com:20161018:US-FINANCE-FED", 11, "newsmlg2",
    )  # fmt: skip
    assert item.agency == "Reuters"  # provider nprov:REUTERS
    assert article.headline == 'Fed to halt QE to avert "bubble"'
    assert (article.standfirst, article.body) == ("", "")  # the listing's inlineXML is empty
    assert item.pubstatus == WireItem.PubStatus.USABLE
    assert item.version_created == datetime(2018, 10, 21, 16, 25, 32, tzinfo=US_CENTRAL)
    assert item.embargoed_until == datetime(2018, 10, 23, 12, tzinfo=UTC)
    assert article.embargo_until == item.embargoed_until
    assert (article.dateline_place, article.dateline_date) == ("Berlin", date(2016, 10, 18))
    assert item.place_unrecognised is False
    assert item.copyright_holder == "Example Enews LLP"
    assert item.copyright_notice == "Copyright 2017-18 Example Enews LLP, all rights reserved"
    assert item.usage_terms == "Not for use outside the United States"
    assert item.ed_note.startswith("Note to editors: STRICTLY EMBARGOED. Not for public release")
    assert item.language == "en-GB"
    assert item.category == "UK News Service"
    assert item.info_sources == "http://www.example.com"
    assert item.subjects == [
        {"name": "economy, business and finance", "code": "medtop:04000000", "scheme": "medtop"},
        {"name": "labour market", "code": "medtop:20000523", "scheme": "medtop"},
    ]
    assert item.kept["genres"] == [{"name": "Interview", "code": "genre:interview"}]
    assert item.kept["signals"] == ["sig:update"]
    assert item.kept["slugline"] == "US-Finance-Fed"
    [berlin] = item.kept["places"]
    assert (berlin["name"], berlin["code"], berlin["type"]) == (
        "Berlin",
        "geo:345678",
        "cptype:city",
    )
    assert [b["name"] for b in berlin["broader"]] == ["Berlin", "Germany"]
    assert bylines(article) == [
        ("Meredith Jameson", Author.Kind.PERSON, Byline.Role.WRITER),
        ("Reuters", Author.Kind.AGENCY, Byline.Role.WRITER),
    ]
    assert item.urgency is None and item.notices == []


def test_text_document_listing_2_with_nitf_content():
    item, article = imported(TEXT)
    assert (item.uri, item.version) == ("urn:newsml:acmenews.com:20161121:US-FINANCE-FED", 11)
    assert item.agency == "Acme News and Media LLC"  # the provider names no one: the copyright
    assert article.headline == 'Fed to halt QE to avert "bubble"'
    assert article.body.startswith(
        "<p>(New York, NY - October 21) Et, sent luptat luptat, commy Nim"
    )
    assert article.body.endswith("exerili quismodion esto cons dolutpat, si.</p>")
    assert article.body.count("<p>") == 2 and "\n" not in article.body and "hl1" not in article.body
    assert (article.dateline_place, article.dateline_date) == ("New York, NY", date(2016, 11, 21))
    assert item.info_sources == "Associated Press"
    assert item.language == "en-US"
    assert [s["code"] for s in item.subjects] == [
        "medtop:04000000", "medtop:20000350", "medtop:20000379",
    ]  # fmt: skip
    assert item.subjects[1]["name"] == "central bank"
    assert item.copyright_notice == "Copyright 2017-18 Acme News and Media LLC"
    assert item.usage_terms == ""
    assert ("Meredith Jameson", Author.Kind.PERSON, Byline.Role.WRITER) in bylines(article)


def test_photo_listing_3_is_a_draft_holding_its_picture():
    item, article = imported(PHOTO)
    assert (item.uri, item.version) == ("tag:gettyimages.com,2010:GYI0062134533", 11)
    assert item.agency == "Getty Images Inc."
    assert article.headline == "Variety Of Recessionary Forces Leave Las Vegas Economy Scarred"
    [picture] = item.pictures.all()
    assert picture.caption.startswith("A general view of part of downtown, including Las Vegas")
    assert picture.caption.endswith("(Photo by Spencer Platt/Getty Images)")  # drol:caption
    # Getty's caption is longer than a standfirst: the draft's text opens with it instead.
    assert len(picture.caption) > 600 and article.standfirst == ""
    assert article.body == f"<p>{picture.caption}</p>"
    assert item.notices[-1].endswith("(the limit is 600): it opens the body instead")
    assert (picture.creator, picture.credit_line) == ("Spencer Platt", "Getty Images")
    assert picture.copyright_holder == "Getty Images North America"
    assert picture.copyright_notice.startswith("Copyright 2010 Getty Images.")
    assert picture.usage_terms.startswith("Contact your local office for all commercial")
    assert picture.uri == "tag:gettyimages.com,2010:GYI0062134533"
    # The largest rendition describes the picture; its relative address is never recorded.
    assert (picture.width, picture.height, picture.content_type) == (1500, 1001, "image/jpeg")
    assert picture.rendition_url == ""
    assert [r["rendition"] for r in item.kept["renditions"]] == [
        "rnd:highRes",
        "rnd:web",
        "rnd:thumb",
    ]
    assert item.kept["renditions"][0]["size"] == 346071
    assert item.kept["contributors"] == [
        {"name": "sp/lrc", "role": "ctrol:descrWriter", "code": "", "as": "contributor"}
    ]
    assert [p["name"] for p in item.kept["places"]] == ["Las Vegas Boulevard", "Las Vegas"]
    assert [s["code"] for s in item.subjects] == [
        "gyimeid:104530187", "medtop:20000523", "medtop:20000533",
    ]  # fmt: skip
    assert item.subjects[2]["name"] == "unemployment"  # the English name of two
    # Keywords, and the subjects through their mappings (made on first sight, named as sent).
    assert sorted(article.tags.names()) == [
        "business", "economic", "economy", "finance", "gamble", "labour market", "poor",
        "poverty", "unemployment",
    ]  # fmt: skip
    assert item.usage_terms == picture.usage_terms
    assert bylines(article) == [
        ("Spencer Platt", Author.Kind.PERSON, Byline.Role.PHOTOGRAPHER),
        ("Getty Images Inc.", Author.Kind.AGENCY, Byline.Role.WRITER),
    ]


def test_package_listing_6_is_one_story_with_its_picture():
    item, article = imported(PACKAGE)
    assert (item.uri, item.version) == ("tag:example.com,2008:UK-NEWS-TOPTEN:UK20081220098658", 11)
    assert item.agency == "AcmeNews"
    assert article.headline == "Obama annonce son équipe"  # the package's text, by its title
    assert article.standfirst.startswith("Le rachat il y a deux ans de la propriété par Alan Gerry")
    assert article.body == ""
    assert item.notices == [
        "the package's text urn:newsml:iptc.org:20081007:tutorial-item-A was not sent with it: "
        "only its title and summary were imported"
    ]
    [picture] = item.pictures.all()
    assert picture.uri == "urn:newsml:iptc.org:20081007:tutorial—item-B"
    assert picture.caption.startswith("Si nous avons aujourd'hui un afro-américain")
    assert item.category == "Top UK News stories hourly"
    assert item.ed_note == "Updates the previous version"
    assert item.kept["signals"] == ["sig:update"]
    assert item.kept["contributors"][0]["name"] == "Maurice Dancer"
    assert [i["class"] for i in item.kept["package_items"]] == ["text", "picture"]
    assert bylines(article) == [("AcmeNews", Author.Kind.AGENCY, Byline.Role.WRITER)]


def test_the_same_listing_again_changes_nothing():
    imported(NEWS_ITEM)
    again = import_data("again.xml", example(NEWS_ITEM))
    assert (again.result, again.message) == (SKIPPED, "version 11 was already imported")
    assert WireItem.objects.count() == 1

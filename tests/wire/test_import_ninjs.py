"""Every IPTC example in wire/ninjs/examples/, and a ninjs 2.x item, imported into drafts with
what the article's fields do not hold kept on the wire item (subjects with their codes, places,
genres, organisations, urgency, rights), field by field."""

import json
from datetime import datetime

import pytest

from articles.models import Author, Byline, Status
from tests.wire.conftest import EXAMPLES, example
from wire.importer import CREATED, SKIPPED, import_data
from wire.models import SubjectMapping, WireItem

pytestmark = pytest.mark.django_db


def imported(name):
    outcome = import_data(name, example(name))
    assert outcome.result == CREATED, outcome.message
    return outcome.item, outcome.article


def subjects(item):
    return [(s["name"], s["code"], s["scheme"]) for s in item.subjects]


def mapped(code):
    mapping = SubjectMapping.objects.select_related("tag").get(code=code)
    return (mapping.name, mapping.tag.name if mapping.tag else None, mapping.ignore)


def bylines(article):
    return [
        (b.author.name, b.author.kind, b.role) for b in article.bylines.select_related("author")
    ]


def test_every_example_imports_as_a_draft():
    names = sorted(path.name for path in EXAMPLES.glob("*.json"))
    assert len(names) == 8
    outcomes = [import_data(name, example(name)) for name in names]
    # 3.0_ninjsExSimpleText_3 and 3.1_004 are the same item (same uri, same version).
    assert [o.result for o in outcomes].count(CREATED) == 7
    [repeat] = [o for o in outcomes if o.result == SKIPPED]
    assert repeat.source == "3.1_004_simple_text_article.json"
    assert all(o.article.status == Status.DRAFT for o in outcomes)


def test_dpa_item():
    item, article = imported("3.0_dpa_text.json")
    assert article.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
    assert article.body.count("<p>") == 9
    assert article.body.startswith("<p>Für Lucien Favre war es «der größte Skandal")
    assert "<section" not in article.body
    assert bylines(article) == [
        ("Christian Hollmann", Author.Kind.PERSON, Byline.Role.WRITER),
        ("dpa", Author.Kind.AGENCY, Byline.Role.WRITER),
    ]
    assert (item.uri, item.version, item.format) == (
        "urn:newsml:dpa.com:20090101:190510-99-167362",
        2,
        WireItem.Format.NINJS3,
    )
    assert item.copyright_holder == "dpa"
    assert item.copyright_notice.startswith("Copyright 2019, dpa")
    assert item.language == "de"
    assert item.version_created == datetime.fromisoformat("2019-05-10T14:02:28+00:00")
    assert article.dateline_date.isoformat() == "2019-05-10"
    assert item.urgency == 4
    assert (item.subjects, item.category, item.usage_terms, item.notices) == ([], "", "", [])
    assert item.kept == {}  # dpa's file holds nothing the article's fields do not
    assert article.standfirst == ""  # no descriptions
    assert list(article.tags.names()) == []


def test_ntb_item_takes_subjects_as_tags_and_description_as_standfirst():
    item, article = imported("3.0_ntb_text.json")
    assert article.headline == "Google har kjøpt giganttomt i Skien"
    assert article.standfirst.startswith("IT-giganten Google har kjøpt en tomt")
    assert article.body == ""
    assert sorted(article.tags.names()) == ["Industri", "Innenriks", "Olje og energi", "Teknologi"]
    assert bylines(article) == [("NTB", Author.Kind.AGENCY, Byline.Role.WRITER)]
    assert item.ed_note == "Noe utvidet."
    assert item.version == 6
    assert item.language == "nb-NO"
    assert item.urgency == 5
    # NTB's codes are bare literals: qualified by the sender so they cannot meet another's.
    assert subjects(item) == [
        ("Innenriks", "NTB:Innenriks", "NTB"),
        ("Teknologi", "NTB:13010000", "NTB"),
        ("Industri", "NTB:04011000", "NTB"),
        ("Olje og energi", "NTB:04005000", "NTB"),
    ]
    assert mapped("NTB:13010000") == ("Teknologi", "Teknologi", False)
    assert item.kept == {
        "places": [{"name": "Telemark", "literal": "Telemark"}],
        "profile": "Standard",
        "slugline": "skien-google",
    }
    assert item.usage_terms == "" and item.copyright_holder == "NTB"


def test_tt_item_body_loses_the_agency_furniture_and_records_the_picture():
    item, article = imported("3.0_tt_text_image_3.json")
    assert article.headline == "Militärövning i jätteformat hålls 2023"
    assert article.body.startswith("<p>Pandemin satte stopp")
    assert article.body.count("<blockquote>") == 2
    assert article.body.count("<p>") == 2
    for furniture in ("<h1", "Försvar</", "<figure", "<img", "Karl Melander", "<html", "<title"):
        assert furniture not in article.body
    assert 'href="https://www.sydostran.se/' in article.body
    # The subject is a tag through its mapping; Jonas Svensson (a contact, not an author) is
    # kept with the item, not made a tag.
    assert list(article.tags.names()) == ["Krig, konflikter och oroligheter"]
    assert subjects(item) == [
        (
            "Krig, konflikter och oroligheter",
            "http://tt.se/spec/subref/1.0/16000000",
            "http://tt.se/spec/subref/1.0/",
        )
    ]
    assert bylines(article) == [("TT", Author.Kind.AGENCY, Byline.Role.WRITER)]
    assert item.kept["people"] == [
        {
            "name": "Jonas Svensson",
            "contactInfo": [{"type": "phone", "role": "work", "value": "+46 (0)8-7887500"}],
        }
    ]
    assert item.kept["organisations"] == [{"name": "Aurora"}]
    assert item.kept["genres"] == [
        {"literal": "INR", "uri": "http://tt.se/spec/sector/1.0/INR", "name": "Inrikes"}
    ]
    assert [place["name"] for place in item.kept["places"]] == ["Sverige", "Gotland", "Finland"]
    assert item.kept["places"][1]["geoJSON"] == {"coordinates": [18.2979, 57.6381], "type": "Point"}
    assert item.kept["slugline"] == "militärövning"
    assert item.kept["expires"] == "2023-05-31T00:00:00+02:00"
    assert item.urgency == 3
    assert article.standfirst.startswith("Pandemin satte stopp för den stora internationella")
    [picture] = item.pictures.all()
    assert picture.caption.startswith("En stor internationell försvarsövning planeras 2023")
    assert picture.credit_line == "Karl Melander/TT"
    assert picture.credit == "© Karl Melander/TT"
    assert picture.rendition_url.endswith("a001_NormalHires.jpg")  # the largest rendition
    assert (picture.width, picture.height) == (4724, 3149)
    assert picture.uri == "http://tt.se/media/image/sdlk2sirkPaauM"
    assert (picture.creator, picture.usage_terms) == ("Karl Melander/TT", "")


def test_ap_plain_text_body_becomes_paragraphs_and_gives_the_dateline():
    item, article = imported("3.0_ninjsExSimpleText_3.json")
    assert article.headline == "Captain of wrecked cruise ship on trial in Italy"
    # The xhtml body is preferred over the plain one; the AP dateline leaves the first paragraph.
    assert article.body.count("<p>") == 4
    assert article.body.startswith("<p>The trial of the captain of the shipwrecked")
    assert (article.dateline_place, article.dateline_source) == ("GROSSETO, Italy", "AP")
    assert item.place_unrecognised is True
    assert bylines(article) == [
        ("Paulo Santalucia", Author.Kind.PERSON, Byline.Role.WRITER),
        ("Frances d'Emilio", Author.Kind.PERSON, Byline.Role.WRITER),
        ("AP", Author.Kind.AGENCY, Byline.Role.WRITER),
    ]
    assert article.byline == "By Paulo Santalucia, Frances d'Emilio and AP"
    assert (item.subjects, item.urgency, item.kept, item.usage_terms) == ([], None, {}, "")
    assert article.standfirst == ""


def test_simple_text_article_3_1():
    item, article = imported("3.1_004_simple_text_article.json")
    assert article.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert article.body.count("<p>") == 4
    assert "4,200 passengers" in article.body
    assert (item.subjects, item.urgency, item.kept, item.usage_terms) == ([], None, {}, "")
    assert bylines(article)[:2] == [
        ("Paulo Santalucia", Author.Kind.PERSON, Byline.Role.WRITER),
        ("Frances d'Emilio", Author.Kind.PERSON, Byline.Role.WRITER),
    ]


def test_complex_text_article_keeps_located_as_sent_and_flags_it():
    item, article = imported("3.1_005_complex_text_article.json")
    assert article.dateline_place == "Grossetto, Italy"
    assert article.dateline_date.isoformat() == "2013-07-09"
    assert item.place_unrecognised is True
    assert "GROSSETO, Italy (AP)" not in article.body
    # The person the story is about is kept, not made a tag (nor a byline).
    assert list(article.tags.names()) == []
    assert item.kept["people"] == [
        {
            "name": "Francesco Schettino",
            "rel": "about",
            "uri": "http://www.wikidata.org/entity/Q4421821",
        }
    ]
    assert item.kept["places"] == [
        {"name": "Grossetto", "rel": "mentions"},
        {"name": "Tuscany", "rel": "mentions"},
        {"name": "Italy", "rel": "mentions", "uri": "http://cvx.iptc.org/iso3166-1a2/it"},
    ]
    assert item.kept["organisations"] == [{"name": "Costa Crociere SpA", "rel": "mentions"}]
    assert item.kept["profile"] == "text-only"
    assert set(item.kept) == {"people", "places", "organisations", "profile"}
    assert "Costa Crociere SpA" not in [name for name, _, _ in bylines(article)]
    assert item.copyright_notice.startswith("Copyright 2013 The News Agency")
    assert item.language == "en"
    assert (item.subjects, item.urgency) == ([], None)


def test_photo_only_item_is_a_draft_with_its_picture_recorded():
    item, article = imported("3.1_006_photo_only.json")
    assert article.headline == "Costa Concordia cruise ship"
    assert article.standfirst.startswith("The Costa Concordia cruise ship lies on its side")
    assert article.body == ""
    [picture] = item.pictures.all()
    assert picture.caption == article.standfirst
    assert picture.credit_line == "Paulo Santalucia"
    assert picture.rendition_url.endswith("-big.jpg")
    assert (picture.width, picture.height) == (429, 281)
    assert ("Paulo Santalucia", Author.Kind.PERSON, Byline.Role.PHOTOGRAPHER) in bylines(article)
    # The plain description is the caption; its rich twin is the same text, not a second one.
    assert picture.caption.endswith("from the listing vessel early.")
    assert picture.uri == "http://ninjs.example.com/newsitems/20130709simpPh123"
    assert (picture.creator, picture.usage_terms) == ("Paulo Santalucia", "")
    assert (item.subjects, item.urgency, item.kept) == ([], None, {})


def test_picture_with_encoded_rights():
    item, article = imported("3.0_imageEncodedRights.json")
    assert article.headline == "MotoGP - Spain - Valentino Rossi"
    [picture] = item.pictures.all()
    assert picture.credit_line == "John Smith"
    assert picture.caption.startswith("Valentino Rossi (46) of Italy")
    assert (picture.width, picture.height) == (512, 342)
    assert bylines(article)[-1] == ("example.agency.com", Author.Kind.AGENCY, Byline.Role.WRITER)
    # The ODRL policy is kept as sent and, in words, becomes the usage terms.
    terms = "Rights policy http://example.agency.com/policy:3433: prohibited: commercialize"
    assert (item.usage_terms, picture.usage_terms) == (terms, terms)
    assert item.kept["rights"]["langId"] == "http://w3.org/ns/odrl/2/"
    assert json.loads(item.kept["rights"]["encodedRights"])["prohibitions"][0]["action"] == (
        "http://www.w3.org/ns/odrl/2/commercialize"
    )
    assert article.standfirst == picture.caption
    assert (picture.creator, picture.uri) == (
        "John Smith",
        "http://example.agency.com/item/TG346285",
    )


NINJS_2 = {
    "uri": "urn:newsml:tass.com:20181031:1028",
    "type": "text",
    "version": "3",
    "versioncreated": "2018-10-31T15:20:00+03:00",
    "firstcreated": "2018-10-31T14:00:00+03:00",
    "embargoed": "2030-01-01T00:00:00Z",
    "pubstatus": "usable",
    "language": "en",
    "copyrightholder": "TASS",
    "copyrightnotice": "© TASS 2018",
    "infosources": [{"name": "TASS", "role": "originator"}],
    "by": "By Ivan Petrov; additional reporting by Anna Smirnova",
    "located": "Brussels",
    "headlines": [{"role": "main", "value": "NATO ministers meet"}],
    "descriptions": [
        {"role": "summary", "contenttype": "text/html", "value": "<p>A <b>short</b> summary</p>"}
    ],
    "bodies": [{"role": "main", "contenttype": "text/plain", "value": "First line.\nSecond line."}],
    "subjects": [{"name": "Defence", "uri": "http://cv.iptc.org/newscodes/mediatopic/16000000"}],
    "associations": [
        {
            "name": "lead",
            "uri": "urn:newsml:tass.com:photo:1",
            "type": "picture",
            "by": "EPA-EFE/KOCA SULEJMANOVIC",
            "copyrightnotice": "© EPA-EFE",
            "descriptions": [{"value": "NATO Secretary General Jens Stoltenberg"}],
            "renditions": [
                {"name": "thumb", "href": "https://example.com/t.jpg", "width": 100, "height": 60},
                {"name": "hi", "href": "https://example.com/h.jpg", "width": 3000, "height": 2000},
            ],
        }
    ],
}  # fmt: skip


def test_ninjs_2_item_with_lower_case_properties():
    outcome = import_data("tass.json", json.dumps(NINJS_2).encode())
    assert outcome.result == CREATED, outcome.message
    item, article = outcome.item, outcome.article
    assert item.format == WireItem.Format.NINJS2
    assert article.headline == "NATO ministers meet"
    assert article.standfirst == "A short summary"
    assert article.body == "<p>First line.</p><p>Second line.</p>"
    assert (article.dateline_place, article.dateline_source) == ("Brussels", "TASS")
    assert item.place_unrecognised is False
    assert bylines(article) == [
        ("Ivan Petrov", Author.Kind.PERSON, Byline.Role.WRITER),
        ("Anna Smirnova", Author.Kind.PERSON, Byline.Role.ADDITIONAL),
        ("TASS", Author.Kind.AGENCY, Byline.Role.WRITER),
    ]
    assert list(article.tags.names()) == ["Defence"]
    assert subjects(item) == [
        ("Defence", "http://cv.iptc.org/newscodes/mediatopic/16000000",
         "http://cv.iptc.org/newscodes/mediatopic/"),
    ]  # fmt: skip
    assert item.embargoed_until.year == 2030
    assert any(flag.startswith("Embargoed until") for flag in item.flags())
    assert item.info_sources == "TASS"
    assert item.copyright_notice == "© TASS 2018"
    [picture] = item.pictures.all()
    assert (picture.credit_line, picture.copyright_notice) == (
        "EPA-EFE/KOCA SULEJMANOVIC",
        "© EPA-EFE",
    )
    assert picture.rendition_url == "https://example.com/h.jpg"
    assert item.version_created == datetime.fromisoformat("2018-10-31T12:20:00+00:00")


def test_only_web_addresses_are_recorded_for_pictures():
    document = {
        "uri": "urn:x:pictures",
        "headlines": [{"value": "A picture story"}],
        "associations": [
            {
                "name": "a",
                "uri": "urn:x:picture",
                "type": "picture",
                "renditions": [
                    {"name": "big", "href": "javascript:alert(1)", "width": 9000, "height": 9000},
                    {"name": "web", "href": "https://example.com/p.jpg", "width": 800},
                ],
            }
        ],
    }
    outcome = import_data("p.json", json.dumps(document).encode())
    assert outcome.item.pictures.get().rendition_url == "https://example.com/p.jpg"


def test_keywords_become_tags_alongside_subjects():
    document = dict(NINJS_2, uri="urn:x:keywords", keywords=["NATO", "defence", "INF treaty"])
    outcome = import_data("k.json", json.dumps(document).encode())
    assert outcome.result == CREATED, outcome.message
    assert sorted(outcome.article.tags.names()) == ["Defence", "INF treaty", "NATO"]


def test_keywords_that_are_not_a_list_of_strings_are_refused():
    document = dict(NINJS_2, uri="urn:x:keywords", keywords="NATO, defence")
    outcome = import_data("k.json", json.dumps(document).encode())
    assert str(outcome) == "k.json: keywords: expected a list of strings"

"""Real agency picture items (AP, SIPA; tests/wire/ninjs_agencies/) and descriptions by role:
the caption is the caption, the credit line ("ASSOCIATED PRESS", "www.insidefoto.com") never
becomes the standfirst or the caption, and an organisation in the byline is never a person."""

import json
from pathlib import Path

import pytest

from articles.models import Author, Byline
from wire.importer import CREATED, FAILED, import_data
from wire.models import SubjectMapping

pytestmark = pytest.mark.django_db
AGENCIES = Path(__file__).parent / "ninjs_agencies"
AP_CAPTION = (
    "FILE - In this Monday, Nov. 11, 2019 file photo, a man identified by Turkish media as "
    "39-year-old Muhammad Darwis B., a U.S. citizen of Jordanian origin, stands in a no man's "
    "land between Turkey and Greece near Pazarkule border gate, Edirne, Turkey. Turkey's "
    "Interior Minister Suleyman Soylu said Friday Nov, 15, 2019 that the an American Islamic "
    "State group member has been deported to the United States. (DHA via AP, File)"
)
SIPA_CAPTION = (
    "Demonstration of the workers of congresses and conferences against he measures taken by "
    "the Government that closed all the sporting centers to contrast the Covid-19 emergency. "
    "Rome (Italy), October 27th 2020 Photo Samantha Zucchi /Insidefoto/Sipa USA)"
)


def imported(name=None, *, document=None):
    data = (AGENCIES / name).read_bytes() if name else json.dumps(document).encode()
    outcome = import_data(name or "item.json", data)
    assert outcome.result == CREATED, outcome.message
    return outcome.item, outcome.article


def bylines(article):
    return [
        (b.author.name, b.author.kind, b.role) for b in article.bylines.select_related("author")
    ]


def test_ap_picture_caption_is_the_caption_and_the_credit_line_the_credit():
    item, article = imported("ap_image.json")
    [picture] = item.pictures.all()
    assert picture.caption == AP_CAPTION
    assert article.standfirst == AP_CAPTION
    assert picture.credit_line == "ASSOCIATED PRESS"
    assert item.kept["credits"] == ["ASSOCIATED PRESS"]
    assert "ASSOCIATED PRESS" not in article.standfirst + article.body
    terms = (
        "This content is intended for editorial use only. For other uses, additional "
        "clearances may be required."
    )
    assert (item.usage_terms, picture.usage_terms) == (terms, terms)
    assert (picture.width, picture.height) == (3000, 2208)
    assert item.urgency == 5
    assert item.ed_note == "TURKEY OUT  NOV. 11, 2019 FILE PHOTO"
    assert item.kept["organisations"] == [
        {
            "literal": "84de12052c9c4e3ebca80df389e66fc3",
            "name": "Islamic State group",
            "uri": "http://cv.ap.org/id/84de12052c9c4e3ebca80df389e66fc3",
        },
        {
            "literal": "5f36c12adb1447fa971c2f6d4d272333",
            "name": "Turkey government",
            "rel": "http://cv.ap.org/id/5f36c12adb1447fa971c2f6d4d272333",
        },
    ]
    assert [p["name"] for p in item.kept["places"]] == [
        "Turkey", "Western Europe", "Europe", "Middle East", "United States", "North America",
    ]  # fmt: skip
    assert item.kept["places"][0]["uri"] == "http://cv.ap.org/id/661e09b87d5b10048287c076b8e3055c"
    assert item.kept["slugline"] == "Turkey Islamic State"
    # AP's bare codes are AP's (the uri says so), though DHA is the item's source.
    assert [(s["name"], s["code"]) for s in item.subjects] == [
        ("International News", "AP:i"),
        ("File photo", "AP:file"),
        ("Government and politics", "http://cv.ap.org/id/86aad5207dac100488ecba7fa5283c3e"),
    ]
    assert sorted(article.tags.names()) == [
        "File photo", "Government and politics", "International News",
    ]  # fmt: skip
    # No `by`: no person in the byline, only the source.
    assert bylines(article) == [("DHA", Author.Kind.AGENCY, Byline.Role.WRITER)]


def test_sipa_picture_credit_is_kept_and_insidefoto_is_an_organisation():
    item, article = imported("SIPA_image_3.json")
    [picture] = item.pictures.all()
    assert picture.caption == SIPA_CAPTION
    assert article.standfirst == SIPA_CAPTION  # not "www.insidefoto.com"
    assert item.kept["credits"] == ["www.insidefoto.com"]
    assert (picture.creator, picture.credit_line) == ("Insidefoto", "Insidefoto")
    assert (picture.copyright_holder, picture.copyright_notice) == (
        "SIPA USA",
        "SIPA USA/PA Images",
    )
    assert (item.usage_terms, picture.usage_terms) == (
        "*** World Rights Except Italy ***",
        "*** World Rights Except Italy ***",
    )
    # Insidefoto is the photo agency whose web address the credit gives: never a person.
    assert bylines(article) == [
        ("Insidefoto", Author.Kind.AGENCY, Byline.Role.PHOTOGRAPHER),
        ("SIPA USA", Author.Kind.AGENCY, Byline.Role.WRITER),
    ]
    assert item.kept["organisation_authors"] == [["Insidefoto", "photographer"]]
    assert not Author.objects.filter(kind=Author.Kind.PERSON).exists()
    assert item.kept["places"] == [
        {
            "literal": "city:rome",
            "name": "Rome",
            "uri": "http://images-repository/v1/place/city:rome",
            "rel": "mentions",
        }
    ]
    assert [o["rel"] for o in item.kept["objects"]] == [
        "source", "classifiedAs", "contributedBy", "suppliedAs",
    ]  # fmt: skip
    assert len(item.subjects) == 10
    assert item.subjects[0] == {
        "name": "News",
        "code": "http://images-repository/v1/subject/paimagescategory:a",
        "scheme": "http://images-repository/v1/subject/",
    }
    assert SubjectMapping.objects.count() == 10
    assert "face masks" in article.tags.names()


def test_linked_rights_become_the_usage_terms():
    item, article = imported("imageLinkedRights.json")
    [picture] = item.pictures.all()
    terms = "Rights: http://example.agency.com/rights/editorialUseOnly"
    assert (item.usage_terms, picture.usage_terms) == (terms, terms)
    assert item.kept["rights"] == {
        "langId": "http://w3.org/ns/odrl/2/",
        "linkedRights": "http://example.agency.com/rights/editorialUseOnly",
    }
    assert picture.caption.startswith("Valentino Rossi (46) of Italy")


TEXT = {"uri": "urn:x:roles", "type": "text", "headlines": [{"value": "Storm reaches the coast"}]}


def test_summary_wins_over_a_plain_description_and_a_caption_on_a_text_is_kept():
    document = TEXT | {
        "descriptions": [
            {"role": "caption", "value": "Waves at the harbour wall."},
            {"value": "A storm reached the coast on Monday."},
            {"role": "summary", "value": "Thousands lost power as the storm came ashore."},
            {"role": "internal", "value": "Check the figures with the utility."},
        ]
    }
    item, article = imported(document=document)
    assert article.standfirst == "Thousands lost power as the storm came ashore."
    assert item.kept["descriptions"] == [
        {"role": "internal", "value": "Check the figures with the utility."}
    ]


@pytest.mark.parametrize(
    "credit", ["ASSOCIATED PRESS", "www.insidefoto.com", "© Reuters", "Photo: Jane Doe"]
)
def test_a_credit_without_a_credit_role_is_never_the_standfirst_or_caption(credit):
    picture = {
        "uri": "urn:x:roles:picture",
        "name": "lead",
        "type": "picture",
        "descriptions": [{"value": credit}, {"value": "Waves break over the harbour wall."}],
        "renditions": [{"name": "hi", "href": "https://example.com/p.jpg"}],
    }
    document = TEXT | {"descriptions": [{"value": credit}], "associations": [picture]}
    item, article = imported(document=document)
    assert article.standfirst == ""
    assert item.pictures.get().caption == "Waves break over the harbour wall."
    assert item.kept["credits"] == [credit]


def test_an_organisation_in_by_is_an_agency_author_not_a_person():
    document = TEXT | {
        "by": "Anna Berg and Associated Press",
        "organisations": [{"name": "Nordic Wire Service"}],
        "people": [{"name": "Nordic Wire Service", "rel": "author"}],
    }
    item, article = imported(document=document)
    assert bylines(article) == [
        ("Anna Berg", Author.Kind.PERSON, Byline.Role.WRITER),
        ("Associated Press", Author.Kind.AGENCY, Byline.Role.WRITER),
        ("Nordic Wire Service", Author.Kind.AGENCY, Byline.Role.WRITER),
        ("Wire", Author.Kind.AGENCY, Byline.Role.WRITER),
    ]
    assert item.kept["organisations"] == [{"name": "Nordic Wire Service"}]
    assert "people" not in item.kept  # the one person named is an author


def test_ninjs_1_description_text_and_usage_are_read():
    document = TEXT | {
        "uri": "urn:x:ninjs1",
        "description_text": "Thousands lost power as the storm came ashore.",
        "description_usage": "Not for use in advertising.",
    }
    item, article = imported(document=document)
    assert article.standfirst == "Thousands lost power as the storm came ashore."
    assert item.kept["intended_use"] == "Not for use in advertising."


def test_a_ninjs_1_description_that_is_not_text_is_refused():
    outcome = import_data("item.json", json.dumps(TEXT | {"description_text": ["x"]}).encode())
    assert (outcome.result, outcome.message) == (FAILED, "description_text: expected a string")


def test_urgency_and_genres_and_section_are_kept():
    document = TEXT | {
        "urgency": 2,
        "genres": [{"name": "Analysis", "uri": "http://cv.iptc.org/newscodes/genre/Analysis"}],
        "subjects": [{"name": "Weather", "rel": "section"}],
    }
    item, _ = imported(document=document)
    assert item.urgency == 2
    assert item.category == "Weather"
    assert item.subjects == []  # a section is not a subject
    assert item.kept == {
        "genres": [{"name": "Analysis", "uri": "http://cv.iptc.org/newscodes/genre/Analysis"}]
    }


def test_ninjs_2_rightsinfo_is_read_and_a_picture_without_its_own_terms_takes_the_item_s():
    own = {
        "name": "own",
        "uri": "urn:x:own",
        "type": "picture",
        "usageterms": "Editorial use only",
        "renditions": [{"name": "hi", "href": "https://example.com/own.jpg"}],
    }
    inherits = own | {"name": "inherits", "uri": "urn:x:inherits"}
    del inherits["usageterms"]
    document = {
        "uri": "urn:x:ninjs2:rights",
        "versioncreated": "2018-10-31T15:20:00+03:00",
        "headlines": [{"value": "NATO ministers meet"}],
        "rightsinfo": {"langid": "http://w3.org/ns/odrl/2/", "linkedrights": "https://x/rights/1"},
        "associations": [own, inherits],
    }
    item, _ = imported(document=document)
    assert item.format == "ninjs2"
    assert item.usage_terms == "Rights: https://x/rights/1"
    assert item.kept["rights"] == {
        "langId": "http://w3.org/ns/odrl/2/",
        "linkedRights": "https://x/rights/1",
    }
    assert [(p.name, p.usage_terms) for p in item.pictures.all()] == [
        ("own", "Editorial use only"),
        ("inherits", "Rights: https://x/rights/1"),
    ]


def test_encoded_rights_that_are_not_odrl_json_are_kept_as_sent():
    document = TEXT | {
        "rightsInfo": {"langId": "http://example.com/rel", "encodedRights": "no resale"}
    }
    item, _ = imported(document=document)
    assert item.usage_terms == "Rights (http://example.com/rel): no resale"

"""What an outside probe sent the wire desk: numbers JSON should not carry, half surrogate pairs,
out-of-range measures, lists and names past the database's limits, wide encodings and unexpected
errors. Each is refused in one line with nothing saved, or imported with what it could not use
left out and said; never an exception out of import_file, never a "try again" that fails again."""

import json
import math
from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError, transaction
from taggit.models import Tag

from articles.models import Article, Author
from tests.wire.test_newsml_input import message, news_item
from wire import importer
from wire.importer import CREATED, FAILED, import_file
from wire.models import SubjectMapping, WireItem, WirePicture
from wire.story import whole_number
from wire.text import text_uri

pytestmark = pytest.mark.django_db


def ninjs(**fields) -> dict:
    return {"uri": "urn:x:probe", "type": "text", "headlines": [{"value": "Probe"}]} | fields


def refused(name: str, data: bytes) -> str:
    outcomes = import_file(name, data)
    assert [o.result for o in outcomes] == [FAILED]
    assert not outcomes[0].temporary and "\n" not in outcomes[0].message
    assert not Article.objects.exists() and not WireItem.objects.exists()
    assert not Author.objects.exists() and not Tag.objects.exists()
    assert not SubjectMapping.objects.exists()
    return outcomes[0].message


def created(name: str, data: bytes) -> WireItem:
    outcomes = import_file(name, data)
    assert [o.result for o in outcomes] == [CREATED], outcomes[0].message
    return WireItem.objects.get()


# JSON


@pytest.mark.parametrize(
    "number, message",
    [
        ("9" * 5000, "invalid JSON: a number of 5000 digits is too long"),
        ("NaN", "invalid JSON: NaN is not a number JSON allows"),
        ("-Infinity", "invalid JSON: -Infinity is not a number JSON allows"),
        ("1e400", "invalid JSON: the number 1e400 is too large"),
    ],
)
def test_numbers_json_does_not_allow_are_refused_wherever_they_are(number, message):
    text = json.dumps(ninjs(places=[{"name": "Kyiv", "geoJSON": {"n": 0}}]))
    line = refused("n.json", text.replace('{"n": 0}', number).encode())
    assert line.startswith(message)


@pytest.mark.parametrize("field", ["headlines", "bodies"])
def test_half_a_surrogate_pair_is_refused(field):
    document = ninjs(bodies=[{"contentType": "text/html", "value": "<p>Body</p>"}])
    text = json.dumps(document).replace("Probe" if field == "headlines" else "Body", "A \\ud800")
    assert refused("s.json", text.encode()) == (
        "invalid JSON: half a surrogate pair (U+D800) alone in a string"
    )


def test_a_whole_surrogate_pair_is_its_character():
    text = json.dumps(ninjs()).replace("Probe", "Probe \\ud83d\\udcf0")
    assert created("s.json", text.encode()).article.headline == "Probe \N{NEWSPAPER}"


def test_ninjs_1_is_named_for_what_it_is():
    document = {"uri": "urn:x:1", "headline": "Old", "body_html": "<p>x</p>", "byline": "AP"}
    assert refused("old.json", json.dumps(document).encode()) == (
        "ninjs 1.x (headline, body_html …): only ninjs 2.x and 3.x are read"
    )


@pytest.mark.parametrize(
    "answer",
    [{"api_version": "2", "data": {"meta": {}, "item": {"uri": "x"}}}, {"total": 1, "item": {}}],
)
def test_an_api_answer_around_an_item_is_named_for_what_it_is(answer):
    assert refused("api.json", json.dumps(answer).encode()) == (
        "an API answer holding its item in `data.item` or `item`, not a ninjs item: "
        "save the item on its own"
    )


@pytest.mark.parametrize(
    "data, what",
    [
        (b"\x16\x16\x01a0123 r f BC-Storm\r\n", "an ANPA 1312 transmission"),
        (b"\x01ZCZC eca00075 3 i 510 dpa 1003\r\n", "an IPTC 7901 or ANPA transmission"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE NewsML PUBLIC "urn:newsml:iptc.org:20001006:'
            b'NewsMLv1.0" "NewsML_1.2.dtd" [<!ENTITY % nitf SYSTEM "nitf.dtd">]>\n<NewsML/>',
            "a NewsML 1 document (the older standard)",
        ),
    ],
)
def test_older_wire_formats_are_named(data, what):
    assert refused("old.txt", data).startswith(what)


@pytest.mark.parametrize("version", ["1_0", "١٢", " ", "1.0"])
def test_a_version_is_ascii_digits(version):
    line = refused("v.json", json.dumps(ninjs(version=version)).encode())
    assert line == f"version {version!r} is not a whole number"


# Numbers the database keeps as integers


@pytest.mark.parametrize("urgency", [5.5, 99, 0, -1, 1e300])
def test_a_ninjs_2_urgency_out_of_1_to_9_is_left_out_and_said(urgency):
    document = {"uri": "urn:x:2", "type": "text", "headlines": [{"value": "Probe"}]}
    document["urgency"] = urgency  # ninjs 2.2 allows any number
    item = created("u.json", json.dumps(document).encode())
    assert item.urgency is None
    assert item.notices == [
        f"urgency {json.dumps(urgency)} left out: not a whole number from 1 to 9"
    ]


def test_a_whole_urgency_sent_as_a_float_is_kept():
    document = {"uri": "urn:x:2", "type": "text", "headlines": [{"value": "Probe"}], "urgency": 3.0}
    item = created("u.json", json.dumps(document).encode())
    assert item.urgency == 3 and item.notices == []


@pytest.mark.parametrize("width", [-1, 0, 1e300, 2**31])
def test_a_picture_measure_out_of_range_is_left_out(width):
    rendition = {"name": "hi", "href": "https://example.com/p.jpg", "contentType": "image/jpeg"}
    picture = {"name": "lead", "uri": "urn:x:p", "type": "picture"}
    picture["renditions"] = [rendition | {"width": width}]
    item = created("p.json", json.dumps(ninjs(associations=[picture])).encode())
    stored = WirePicture.objects.get(item=item)
    assert stored.width is None and stored.rendition_url == "https://example.com/p.jpg"


def test_a_newsml_width_past_a_big_integer_is_left_out():
    content = (
        '<remoteContent rendition="rnd:highRes" href="https://example.com/p.jpg" '
        'contenttype="image/jpeg" width="9223372036854775808" height="2000"/>'
    )
    data = news_item(item_class="ninat:picture", content=content).encode()
    picture = WirePicture.objects.get(item=created("p.xml", data))
    assert (picture.width, picture.height) == (None, 2000)


def test_a_text_or_video_sent_with_the_story_is_kept_as_sent():
    video = {"name": "clip", "uri": "urn:x:v", "type": "video", "headlines": [{"value": "Clip"}]}
    picture = {"name": "lead", "uri": "urn:x:p", "type": "picture"}
    item = created("a.json", json.dumps(ninjs(associations=[video, picture])).encode())
    assert item.kept["associations"] == [video]
    assert WirePicture.objects.get(item=item).uri == "urn:x:p"


# Lists and names


def test_newsml_subjects_share_the_tags_limit(settings):
    subjects = "".join(
        f'<subject qcode="medtop:{n:08d}"><name>S{n}</name></subject>' for n in range(51)
    )
    data = news_item(content_meta=subjects).encode()
    assert refused("s.xml", data) == "51 tags and subjects; the limit is 50"


def test_a_person_the_item_is_about_counts_once_against_the_limit():
    people = "".join(
        f'<subject type="cpnat:person" qcode="nrpersons:{n}"><name>Person {n}</name></subject>'
        for n in range(30)
    )
    topics = "".join(
        f'<subject qcode="medtop:{n:08d}"><name>S{n}</name></subject>' for n in range(20)
    )
    item = created("p.xml", news_item(content_meta=people + topics).encode())
    assert len(item.subjects) == 50


def test_a_creator_name_too_long_for_an_author_is_refused_by_what_it_is():
    creator = f'<creator role="crol:writer"><name>{"N" * 305}</name></creator>'
    line = refused("c.xml", news_item(content_meta=creator).encode())
    assert line == f"a writer's name is 305 characters long ({'N' * 40}…)"


def test_a_subject_code_too_long_is_refused_in_any_format():
    subjects = f'<subject qcode="medtop:{"9" * 600}"><name>Long</name></subject>'
    line = refused("s.xml", news_item(content_meta=subjects).encode())
    assert line.startswith("a subject's code or name is too long (medtop:999")


def test_a_standfirst_longer_than_an_articles_opens_the_body():
    summary = "A summary & more, longer than any standfirst. " * 20
    document = ninjs(descriptions=[{"role": "summary", "value": summary}])
    document["bodies"] = [{"contentType": "text/html", "value": "<p>Body.</p>"}]
    item = created("s.json", json.dumps(document).encode())
    assert item.article.standfirst == ""
    assert item.article.body == f"<p>{summary.strip().replace('&', '&amp;')}</p><p>Body.</p>"
    assert item.notices == [
        f"the standfirst was {len(summary.strip())} characters long (the limit is 600): "
        "it opens the body instead"
    ]


# Dates


def test_rfc_3339_lower_case_is_a_date():
    item = created("d.json", json.dumps(ninjs(versionCreated="2026-11-27t09:00:00z")).encode())
    assert item.version_created.isoformat() == "2026-11-27T09:00:00+00:00"


def with_version_created(sent: str) -> bytes:
    return news_item().replace("2026-11-27T09:00:00Z", sent).encode()


def test_the_end_of_a_day_is_the_next_days_midnight():
    item = created("d.xml", with_version_created("2026-11-27T24:00:00Z"))
    assert item.version_created.isoformat() == "2026-11-28T00:00:00+00:00"


@pytest.mark.parametrize("sent", ["-2026-11-27T09:00:00Z", "12026-11-27T09:00:00Z"])
def test_a_year_outside_1_to_9999_is_out_of_range(sent):
    line = refused("d.xml", with_version_created(sent))
    assert line == f"versionCreated {sent!r} is out of range (dates from year 1 to 9999 only)"


# Encodings


def test_utf_16_json_with_its_mark_imports():
    item = created("w.json", json.dumps(ninjs(), ensure_ascii=False).encode("utf-16"))
    assert item.article.headline == "Probe"


def test_utf_16_newsml_is_known_as_xml_whatever_its_name():
    text = news_item().replace("Storm reaches", "Tormenta en São Paulo reaches", 1)
    item = created("item.g2", ('<?xml version="1.0" encoding="UTF-16"?>' + text).encode("utf-16"))
    assert item.format == "newsmlg2"
    assert item.article.headline == "Tormenta en São Paulo reaches the coast"


def test_utf_16_plain_text_without_a_mark_imports():
    text = "Storm reaches the coast\n\nLISBON (Reuters) - The storm arrived.\n"
    item = created("storm.txt", text.encode("utf-16-le"))
    assert item.article.headline == "Storm reaches the coast"
    assert item.article.dateline_place == "LISBON"


def test_decomposed_accents_are_composed_before_the_dateline_is_read():
    text = "Storm reaches the coast\n\nSA\u0303O PAULO (Reuters) - The storm arrived.\n"
    item = created("storm.txt", text.encode())
    assert item.article.dateline_place == "SÃO PAULO" and item.agency == "Reuters"


def test_decomposed_text_keeps_its_identity_as_received():
    decomposed = "Storm reaches the coast\n\nSA\u0303O PAULO (Reuters) - The storm arrived.\n"
    first = import_file("storm.txt", decomposed.encode())[0]
    again = import_file("storm-again.txt", decomposed.encode())[0]
    assert (first.result, again.result) == (CREATED, "skipped")
    assert first.item.uri == text_uri(decomposed)


def test_delete_is_a_control_character():
    assert refused("d.txt", b"Storm reaches the coast\n\nThe storm\x7f arrived.\n") == (
        "line 3: a control character (U+007F), which no text may hold"
    )


# Errors nobody foresaw, and the database's own refusals


def test_an_unexpected_error_fails_its_item_and_the_rest_of_the_message_imports(caplog):
    first, second = news_item(guid="urn:x:first"), news_item(guid="urn:x:second")
    real = importer._add_pictures

    def broken(item, story, start=0):
        if item.uri == "urn:x:first":
            raise ValueError("a bug\nwith a second line")
        real(item, story, start=start)

    with mock.patch.object(importer, "_add_pictures", broken):
        outcomes = import_file("m.xml", message(first, second))
    assert [(o.result, o.message) for o in outcomes] == [
        (FAILED, "could not be imported: ValueError: a bug (see the log)"),
        (CREATED, "new draft “Storm reaches the coast”"),
    ]
    assert not outcomes[0].temporary
    assert list(WireItem.objects.values_list("uri", flat=True)) == ["urn:x:second"]
    assert "m.xml (item 1 of 2): the import failed unexpectedly" in caplog.text


def test_an_unexpected_error_while_reading_is_one_failed_outcome(caplog):
    with mock.patch("wire.intake.parse_all", side_effect=OverflowError("too big")):
        outcomes = import_file("x.xml", b"<x/>")
    assert [(o.result, o.message) for o in outcomes] == [
        (FAILED, "could not be imported: OverflowError: too big (see the log)")
    ]
    assert "x.xml: reading it failed unexpectedly" in caplog.text


def test_the_database_gone_while_reading_is_the_callers_to_retry_not_the_files_fault():
    # Reading plain text asks the desk whether its first line is a section or a rule's category.
    with (
        mock.patch("wire.text.find_section", side_effect=OperationalError("server closed")),
        pytest.raises(OperationalError),
    ):
        import_file("t.txt", b"Top News\n\nStorm hits coast\n\nLISBON (Reuters) - Text.")
    assert not WireItem.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_only_a_clash_with_another_row_is_temporary():
    WireItem.objects.create(uri="urn:x:taken", format="ninjs3", agency="AP")
    with pytest.raises(IntegrityError) as unique, transaction.atomic():
        WireItem.objects.create(uri="urn:x:taken", format="ninjs3", agency="AP")
    with pytest.raises(IntegrityError) as check, transaction.atomic():
        WireItem.objects.create(uri="urn:x:other", format="ninjs3", agency="AP", urgency=-1)
    assert importer.is_conflict(unique.value)
    assert not importer.is_conflict(check.value)


def test_a_check_constraint_the_item_breaks_fails_for_good():
    real = importer._fill_item

    def negative_urgency(item, story, **kwargs):
        real(item, story, **kwargs)
        item.urgency = -1  # what the column's CHECK refuses

    with mock.patch.object(importer, "_fill_item", negative_urgency):
        outcomes = import_file("u.json", json.dumps(ninjs()).encode())
    assert outcomes[0].result == FAILED and not outcomes[0].temporary
    assert outcomes[0].message.startswith("the database refused a value (")
    assert not WireItem.objects.exists() and not Article.objects.exists()


def test_whole_number_reads_what_the_wire_sends():
    sent = [3, 3.0, "3", " 3 ", 5.5, -1, math.nan, 1e300, "1_0", "١٢", True, None, [1]]
    assert [whole_number(value, 1, 9) for value in sent] == [3, 3, 3, 3] + [None] * 9

"""NewsML-G2 built to order: XHTML content, status, embargo, urgency, roles, versions, news
messages and packages; and bad or hostile XML, each refused in one line with nothing saved."""

import io
import socket
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from taggit.models import Tag

from articles.models import Article, Author, Byline
from wire import newsml
from wire.importer import CREATED, FAILED, SKIPPED, UPDATED, import_data, import_file
from wire.intake import parse
from wire.models import WireItem, WirePicture

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 11, 28).date()
NAR = 'xmlns="http://iptc.org/std/nar/2006-10-01/"'
BODY = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>'
    "<h1>Storm reaches the coast</h1><p>LISBON, Nov 27 (Reuters) - The storm <b>arrived</b>.</p>"
    "<p>Second <script>alert(1)</script>paragraph.</p></body></html>"
)


def news_item(
    guid="urn:newsml:example.com:2026:storm",
    version=1,
    item_class="ninat:text",
    item_meta="",
    content_meta="",
    content=f'<inlineXML contenttype="application/xhtml+xml">{BODY}</inlineXML>',
    headline="<headline>Storm reaches the coast</headline>",
    namespaces=NAR,
) -> str:
    return f"""<newsItem {namespaces} guid="{guid}" version="{version}" standard="NewsML-G2"
 standardversion="2.35" conformance="power" xml:lang="en">
 <rightsInfo><copyrightHolder><name>Reuters</name></copyrightHolder>
  <copyrightNotice>(c) Reuters 2026</copyrightNotice>
  <usageTerms>No archive</usageTerms></rightsInfo>
 <itemMeta><itemClass qcode="{item_class}"/><provider qcode="nprov:REUTERS"/>
  <versionCreated>2026-11-27T09:00:00Z</versionCreated>{item_meta}</itemMeta>
 <contentMeta>{content_meta}{headline}</contentMeta>
 <contentSet>{content}</contentSet>
</newsItem>"""


def refused(data: bytes, name: str = "item.xml") -> str:
    outcomes = import_file(name, data)
    assert [o.result for o in outcomes] == [FAILED]
    assert "\n" not in outcomes[0].message
    assert not Article.objects.exists() and not WireItem.objects.exists()
    assert not Author.objects.exists() and not Tag.objects.exists()
    assert not WirePicture.objects.exists()
    return outcomes[0].message


def test_xhtml_content_is_sanitised_and_the_dateline_taken_out():
    outcome = import_data("storm.xml", news_item().encode())
    assert outcome.result == CREATED, outcome.message
    article = outcome.article
    assert article.body == "<p>The storm <b>arrived</b>.</p><p>Second paragraph.</p>"
    assert (article.dateline_place, outcome.item.place_unrecognised) == ("LISBON", False)
    assert outcome.item.copyright_holder == "Reuters"
    assert outcome.item.usage_terms == "No archive"


def test_status_embargo_urgency_genre_signals_and_descriptions():
    item_meta = """<embargoed>2026-11-30T06:00:00Z</embargoed><pubStatus qcode="stat:withheld"/>
      <service qcode="svc:world"><name>World service</name></service>
      <edNote>Withheld: legal check</edNote><signal qcode="sig:correction"/>"""
    content_meta = """<urgency>2</urgency>
      <creator role="crol:writer"><name>Ana Silva</name></creator>
      <creator type="cpnat:organisation"><name>Lisbon Port Authority</name></creator>
      <contributor role="ctrol:editor"><name>John Doe</name></contributor>
      <subject type="cpnat:abstract" qcode="medtop:20000106"><name>weather</name></subject>
      <subject type="cpnat:person"><name>António Costa</name></subject>
      <subject type="cpnat:organisation" qcode="org:ipma"><name>IPMA</name></subject>
      <genre qcode="genre:current"><name>Current</name></genre>
      <keyword>storm</keyword>"""
    headlines = """<headline>Storm reaches the coast</headline>
      <headline role="hlrol:subheadline">Thousands without power</headline>
      <description role="drol:summary">A summary for the standfirst.</description>
      <description role="drol:teaser">A teaser.</description>"""
    data = news_item(item_meta=item_meta, content_meta=content_meta, headline=headlines)
    outcome = import_data("storm.xml", data.encode())
    assert outcome.result == CREATED, outcome.message
    item, article = outcome.item, outcome.article
    assert item.pubstatus == WireItem.PubStatus.WITHHELD
    assert item.embargoed_until == article.embargo_until == datetime(2026, 11, 30, 6, tzinfo=UTC)
    assert (item.urgency, item.category, item.ed_note) == (
        2,
        "World service",
        "Withheld: legal check",
    )
    assert item.kept["signals"] == ["sig:correction"]
    assert item.kept["genres"] == [{"name": "Current", "code": "genre:current"}]
    assert item.kept["subheadline"] == "Thousands without power"
    assert item.kept["descriptions"] == [{"role": "teaser", "text": "A teaser."}]
    assert article.standfirst == "A summary for the standfirst."
    assert [o["name"] for o in item.kept["organisations"]] == ["Lisbon Port Authority", "IPMA"]
    assert item.kept["contributors"] == [
        {"name": "John Doe", "role": "ctrol:editor", "code": "", "as": "contributor"}
    ]
    assert item.subjects[0] == {"name": "weather", "code": "medtop:20000106", "scheme": "medtop"}
    # The person subject, and the media topic through its mapping (made on first sight).
    assert sorted(article.tags.names()) == ["António Costa", "storm", "weather"]
    people = [(b.author.name, b.author.kind, b.role) for b in article.bylines.all()]
    assert people == [
        ("Ana Silva", Author.Kind.PERSON, Byline.Role.WRITER),
        ("Reuters", Author.Kind.AGENCY, Byline.Role.WRITER),
    ]


def test_canceled_reaches_the_item():
    data = news_item(item_meta='<pubStatus qcode="stat:canceled"/>')
    assert import_data("c.xml", data.encode()).item.pubstatus == WireItem.PubStatus.CANCELED


def test_same_guid_and_version_changes_nothing_and_a_higher_version_updates():
    assert import_data("v1.xml", news_item().encode()).result == CREATED
    same = import_data("v1b.xml", news_item(headline="<headline>Changed</headline>").encode())
    assert same.result == SKIPPED
    newer = news_item(version=2, headline="<headline>Storm leaves the coast</headline>")
    outcome = import_data("v2.xml", newer.encode())
    assert (outcome.result, outcome.article.headline) == (UPDATED, "Storm leaves the coast")
    assert WireItem.objects.get().version == 2


def test_a_nitf_body_becomes_html_with_its_headline_and_byline_from_the_head():
    nitf = """<inlineXML contenttype="application/nitf+xml">
      <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.head>
        <hedline><hl1>Port closes as storm hits</hl1></hedline>
        <byline>By Ana Silva and Rui Costa</byline></body.head>
        <body.content><p>First.</p><hl2>Damage</hl2><media media-type="image"><p>x</p></media>
        <bq><p>Quoted.</p></bq></body.content></body></nitf></inlineXML>"""
    outcome = import_data("n.xml", news_item(content=nitf, headline="").encode())
    assert outcome.result == CREATED, outcome.message
    article = outcome.article
    assert article.headline == "Port closes as storm hits"
    assert article.body == "<p>First.</p><h2>Damage</h2><blockquote><p>Quoted.</p></blockquote>"
    assert [b.author.name for b in article.bylines.all()] == ["Ana Silva", "Rui Costa", "Reuters"]


def message(*items: str, priority: int = 3) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsMessage {NAR}><header><sent>2026-11-27T09:00:00Z</sent><priority>{priority}</priority>
</header><itemSet>{"".join(items)}</itemSet></newsMessage>""".encode()


def test_a_news_message_gives_one_outcome_per_item():
    first = news_item(guid="urn:x:1", namespaces="")
    second = news_item(guid="urn:x:2", namespaces="", headline="<headline>Second</headline>")
    third = news_item(guid="urn:x:3", namespaces="", headline="")  # no headline anywhere
    content = '<inlineData contenttype="text/plain">Only text</inlineData>'
    third = news_item(guid="urn:x:3", namespaces="", headline="", content=content)
    outcomes = import_file("feed.xml", message(first, second, third))
    assert [(o.source, o.result) for o in outcomes] == [
        ("feed.xml (item 1 of 3)", CREATED),
        ("feed.xml (item 2 of 3)", CREATED),
        ("feed.xml (item 3 of 3)", FAILED),
    ]
    assert outcomes[2].message == (
        "urn:x:3: no headline (neither headline, title nor NITF hedline)"
    )
    assert WireItem.objects.count() == 2
    item = WireItem.objects.get(uri="urn:x:2")
    assert item.kept["priority"] == 3
    assert item.filename == "feed.xml (item 2 of 3)"
    # The payload is the item alone: it reads again as that one story (the pending preview does).
    story, _ = parse(item.payload.encode(), today=TODAY)
    assert (story.uri, story.headline) == ("urn:x:2", "Second")


def test_a_package_sent_with_its_text_and_photo_is_one_story_with_its_picture():
    photo_content = """<remoteContent rendition="rnd:highRes" href="https://example.com/p.jpg"
      contenttype="image/jpeg" width="3000" height="2000"/>
      <remoteContent rendition="rnd:thumb" href="https://example.com/t.jpg"
      contenttype="image/jpeg" width="300" height="200"/>"""
    photo = news_item(
        guid="urn:x:photo", namespaces="", item_class="ninat:picture", content=photo_content,
        content_meta="<creator><name>Rui Costa</name></creator>",
        headline='<headline>Waves</headline><description role="drol:caption">Waves hit the'
        ' pier.</description>',
    )  # fmt: skip
    text = news_item(guid="urn:x:text", namespaces="")
    package = """<packageItem guid="urn:x:pkg" version="4" standard="NewsML-G2"
      standardversion="2.35" conformance="power"><itemMeta><itemClass qcode="ninat:composite"/>
      <provider qcode="nprov:REUTERS"/><versionCreated>2026-11-27T09:05:00Z</versionCreated>
      <pubStatus qcode="stat:usable"/></itemMeta><groupSet root="G1"><group id="G1">
      <itemRef residref="urn:x:text"><itemClass qcode="ninat:text"/></itemRef>
      <itemRef residref="urn:x:photo"><itemClass qcode="ninat:picture"/></itemRef>
      </group></groupSet></packageItem>"""
    outcomes = import_file("pkg.xml", message(package, text, photo))
    assert [o.result for o in outcomes] == [CREATED], outcomes[0].message
    item, article = outcomes[0].item, outcomes[0].article
    assert (item.uri, item.version) == ("urn:x:pkg", 4)
    assert article.headline == "Storm reaches the coast"
    assert article.body.startswith("<p>The storm <b>arrived</b>.")
    [picture] = item.pictures.all()
    assert (picture.uri, picture.caption, picture.creator) == (
        "urn:x:photo", "Waves hit the pier.", "Rui Costa",
    )  # fmt: skip
    assert (picture.rendition_url, picture.width) == ("https://example.com/p.jpg", 3000)
    assert picture.usage_terms == "No archive"
    assert WireItem.objects.count() == 1
    story, _ = parse(item.payload.encode(), today=TODAY)  # the package with its two items
    assert (story.uri, len(story.pictures)) == ("urn:x:pkg", 1)


def test_a_concept_item_in_a_message_is_refused_and_the_rest_imports():
    concept = """<conceptItem guid="urn:x:c" version="1" standard="NewsML-G2"
      standardversion="2.35" conformance="power"><itemMeta><itemClass qcode="cinat:concept"/>
      <provider qcode="nprov:REUTERS"/><versionCreated>2026-11-27T09:00:00Z</versionCreated>
      </itemMeta><concept><conceptId qcode="x:1"/><name>A concept</name></concept></conceptItem>"""
    outcomes = import_file("m.xml", message(concept, news_item(namespaces="")))
    assert [(o.result, o.message.split(":")[-1].strip()) for o in outcomes][0] == (
        FAILED, "a NewsML-G2 conceptItem, not a news item",
    )  # fmt: skip
    assert outcomes[1].result == CREATED


# Bad and hostile input


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]><newsItem>&lol9;</newsItem>"
)


@pytest.mark.parametrize(
    "data",
    [
        BILLION_LAUGHS,
        b'<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]><n>&x;</n>',
        b'<!DOCTYPE n [<!ENTITY x SYSTEM "http://127.0.0.1:9/secret">]><n>&x;</n>',
        b'<!DOCTYPE n [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]><n/>',
    ],
    ids=["billion-laughs", "xxe-file", "xxe-http", "parameter-entity"],
)
def test_entity_declarations_are_refused_unread(data, monkeypatch):
    def no_parsing(*args, **kwargs):
        pytest.fail("the parser saw a document declaring entities")

    monkeypatch.setattr(newsml.etree, "fromstring", no_parsing)
    assert refused(data) == "declares XML entities (<!ENTITY> in a DOCTYPE): refused unread"


def test_the_parser_itself_neither_expands_nor_fetches(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = f'<!DOCTYPE n [<!ENTITY x SYSTEM "file://{secret}">]><n>&x;</n>'.encode()
    root = newsml.etree.fromstring(data, newsml.xml_parser())
    assert "TOP SECRET" not in newsml.etree.tostring(root, encoding="unicode")


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_nothing_is_fetched_for_an_external_dtd_or_a_schema_location(scheme, tmp_path):
    """Broken files stand behind the DTD and schema addresses (reading either would fail the
    item), and a listening socket behind the web ones (no connection may reach it: libxml2 2.14
    has no HTTP client at all, the socket guards a build that has one)."""
    (tmp_path / "newsml.dtd").write_text("<!ELEMENT broken")
    (tmp_path / "nitf.xsd").write_text("<broken")
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(0.5)
        base = (
            tmp_path.as_uri() if scheme == "file" else f"http://127.0.0.1:{server.getsockname()[1]}"
        )
        nitf = (
            '<inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/'
            'NITF/2006-10-18/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:'
            f'schemaLocation="http://iptc.org/std/NITF/2006-10-18/ {base}/nitf.xsd"><body>'
            "<body.content><p>Text.</p></body.content></body></nitf></inlineXML>"
        )
        doctype = f'<!DOCTYPE newsItem SYSTEM "{base}/newsml.dtd">\n'
        outcome = import_data("n.xml", (doctype + news_item(content=nitf)).encode())
        assert outcome.result == CREATED, outcome.message
        assert outcome.article.body == "<p>Text.</p>"
        with pytest.raises(TimeoutError):
            server.accept()


def test_xml_declared_in_another_encoding_is_read_in_it():
    data = news_item(headline="<headline>Tempête sur la côte</headline>")
    data = '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + data
    outcome = import_data("latin1.xml", data.encode("latin-1"))
    assert outcome.result == CREATED, outcome.message
    assert outcome.article.headline == "Tempête sur la côte"
    assert outcome.item.payload.startswith("<newsItem")  # kept as text, re-encoded


def test_utf_8_declared_as_latin_1_is_read_as_utf_8_and_said():
    data = news_item(headline="<headline>Tempête à São Paulo</headline>")
    data = '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + data
    outcome = import_data("mislabelled.xml", data.encode())
    assert outcome.result == CREATED, outcome.message
    assert outcome.article.headline == "Tempête à São Paulo"
    assert outcome.item.notices == ["declares ISO-8859-1 but is written in UTF-8: read as UTF-8"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"item_class": "ninat:video"}, "a video item, not a story or a picture"),
        ({"item_meta": '<pubStatus qcode="stat:lost"/>'},
         "pubStatus 'stat:lost' is not usable, withheld or canceled"),
        ({"item_meta": "<embargoed>next Tuesday</embargoed>"},
         "not valid NewsML-G2 2.35: Element 'embargoed': 'next Tuesday' is not a valid value of "
         "the union type 'UnionDateTimeEmptyStringType'. (line 7)"),
        ({"headline": f"<headline>{'Long ' * 50}</headline>"},
         "headline is 249 characters long; the limit is 200"),
        ({"version": "99999999999999999999"}, "version '99999999999999999999' is out of range"),
    ],
    ids=["video", "pubstatus", "embargo", "headline", "version"],
)  # fmt: skip
def test_an_item_the_desk_cannot_take_is_refused_in_one_line(fields, message):
    assert refused(news_item(**fields).encode()) == message


def test_xml_nested_a_hundred_thousand_deep_is_refused_at_libxml2s_limit():
    assert refused(b"<a>" * 100_000) == (
        "invalid XML: Excessive depth in document: 256 (line 1 column 771)"
    )


def test_repeated_doctypes_are_refused_as_invalid_xml():
    assert refused(b"<!DOCTYPE[" * 500_000).startswith("invalid XML: Space required after")


def test_an_empty_xml_file_is_empty():
    assert refused(b" \n", "empty.xml") == "empty: no headline, no text"


def test_invalid_xml_says_what_and_where():
    message = refused(b"<newsItem><itemMeta></newsItem>")
    assert message.startswith("invalid XML: Opening and ending tag mismatch: itemMeta")
    assert message.endswith("(line 1 column 32)")


def test_a_schema_failure_says_which_element_and_where():
    data = news_item(item_meta="<bogus/>").encode()
    assert refused(data) == (
        "not valid NewsML-G2 2.35: Element 'bogus': This element is not expected. Expected is one "
        "of ( firstCreated, embargoed, pubStatus, role, fileName, generator, profile, service, "
        "title, edNote ). (line 7)"
    )


def test_an_item_without_its_required_metadata_fails_the_schema():
    data = news_item().replace('<provider qcode="nprov:REUTERS"/>', "").encode()
    assert refused(data).startswith(
        "not valid NewsML-G2 2.35: Element 'versionCreated': This element is not expected. "
        "Expected is ( provider )."
    )


def test_a_six_megabyte_file_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr(newsml, "read", lambda data: pytest.fail("parsed"))
    padding = "<!-- " + "x" * (6 * 1024 * 1024) + " -->"
    data = news_item().replace("<contentSet>", padding + "<contentSet>").encode()
    assert refused(data, "big.xml") == "6.0 MB is too large for a wire item (the limit is 5.0 MB)"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
         "an RSS feed, not a NewsML-G2 item"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
         "an Atom feed, not a NewsML-G2 item"),
        (b'<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body/></nitf>',
         "an NITF document on its own, not a NewsML-G2 item"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
         "an XHTML page, not a NewsML-G2 item"),
        (b"<NewsML><NewsEnvelope/></NewsML>",
         "a NewsML 1 document (the older standard), not a NewsML-G2 item"),
        (b"<inventory><item/></inventory>",
         "XML of an unknown kind <inventory>, not a NewsML-G2 item"),
        (b"<newsItem guid='x' version='1'/>",
         "<newsItem> outside the NewsML-G2 namespace http://iptc.org/std/nar/2006-10-01/"),
    ],
    ids=["rss", "atom", "nitf", "xhtml", "newsml-1", "unknown", "no-namespace"],
)  # fmt: skip
def test_other_xml_is_refused_by_what_it_is(data, message):
    assert refused(data) == message


def test_an_xml_file_is_never_imported_as_plain_text():
    assert refused(b'<?xml version="1.0" encoding="UTF-8"?>\n<story>Headline</story>', "s.txt") == (
        "XML of an unknown kind <story>, not a NewsML-G2 item"
    )


# The two callers: the command and the import page list every item of a news message


def test_the_command_imports_every_item_of_a_news_message(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(message(news_item(guid="urn:x:1", namespaces=""),
                             news_item(guid="urn:x:2", namespaces="", headline="")))  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_wire", str(path), stdout=out, stderr=err)
    assert out.getvalue().strip() == "created 1, updated 0, skipped 0, failed 1"
    assert f"[1/1] {path} (item 1 of 2): created" in err.getvalue().splitlines()
    assert f"{path} (item 2 of 2): urn:x:2: no headline (neither headline, title nor NITF " in (
        err.getvalue()
    )


def test_the_import_page_lists_every_item_of_an_uploaded_news_message(client, editor):
    client.force_login(editor)
    data = message(
        news_item(guid="urn:x:1", namespaces=""), news_item(guid="urn:x:2", namespaces="")
    )
    upload = SimpleUploadedFile("feed.xml", data, content_type="application/xml")
    response = client.post("/admin/wire/wireitem/import/", {"files": [upload], "text": ""})
    assert [(o.source, o.result) for o in response.context["outcomes"]] == [
        ("feed.xml (item 1 of 2)", CREATED),
        ("feed.xml (item 2 of 2)", CREATED),
    ]
    assert WireItem.objects.filter(article__created_by=editor).count() == 2

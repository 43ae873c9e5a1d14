"""NewsML-G2 as real agencies send it (forms found in AP's, Reuters', dpa's and TT's files in
public test fixtures, and the IPTC's SportsML package listing): each imports, its text whole.
A ninjs body is read by the same code (wire.text.take_html_furniture), checked once here."""

import json

import pytest

from tests.wire.test_newsml_input import BODY, news_item
from wire.importer import CREATED, import_file

pytestmark = pytest.mark.django_db


def imported(data: bytes, name: str = "agency.xml"):
    outcomes = import_file(name, data)
    assert [o.result for o in outcomes] == [CREATED], outcomes[0].message
    return outcomes[0].item, outcomes[0].article


def test_a_date_opening_with_a_space_is_a_date():
    # AP pretty-prints its dates; libxml2 refuses a date-time that opens with a space.
    data = news_item().replace(
        "<versionCreated>2026-11-27T09:00:00Z", "<versionCreated>\n  2026-11-27T09:00:00Z "
    )
    item, _ = imported(data.encode())
    assert item.version_created.isoformat() == "2026-11-27T09:00:00+00:00"
    assert "<versionCreated>\n  2026-11-27T09:00:00Z </versionCreated>" in item.payload


def test_the_printed_dateline_is_the_place_not_the_desks_location():
    # Reuters' `located` names the desk that filed the story (Bangalore), its text the place.
    located = '<located qcode="geo:1"><name>Bangalore</name></located>'
    _, article = imported(news_item(content_meta=located).encode())
    assert article.dateline_place == "LISBON"


def test_aps_underscore_dash_after_its_dateline():
    body = BODY.replace("LISBON, Nov 27 (Reuters) - ", "FORT WASHINGTON, Pa. (AP) _ ")
    content = f'<inlineXML contenttype="application/xhtml+xml">{body}</inlineXML>'
    item, article = imported(news_item(content=content).encode())
    assert article.dateline_place == "FORT WASHINGTON, Pa."
    assert article.body.startswith("<p>The storm <b>arrived</b>.</p>")


def test_a_body_header_is_the_pages_and_goes():
    # dpa's digitalwires: keywords, a date and a flag above the text.
    body = BODY.replace(
        "<h1>Storm reaches the coast</h1>",
        "<header><ul><li>Storm</li><li>Portugal</li></ul><p>27.11.2026 09:00</p></header>",
    )
    content = f'<inlineXML contenttype="application/xhtml+xml">{body}</inlineXML>'
    _, article = imported(news_item(content=content).encode())
    assert article.body.startswith("<p>The storm <b>arrived</b>.</p>")
    assert "Portugal" not in article.body and "27.11.2026" not in article.body


def test_an_agencys_own_markup_keeps_its_words_and_drops_its_furniture():
    # TT's ttnitf: upper-case names, one of them `TEXT`, which HTML parsers empty.
    content = """<inlineXML contenttype="application/ttnitf+xml"><BODY xmlns=""><TEXT>
      <RUBRIK>Polen: EU hämnas</RUBRIK><DAT><ORT>EU</ORT><SOURCE>Bryssel, TT</SOURCE></DAT>
      <INGRESS><P>För första gången tar kommissionen i.</P></INGRESS>
      <BRODTEXT><P>Polen riskerar <desc>rösträtt</desc>.</P></BRODTEXT>
      </TEXT></BODY></inlineXML>"""
    _, article = imported(news_item(content=content).encode())
    assert article.body == (
        "<p>För första gången tar kommissionen i.</p><p>Polen riskerar rösträtt.</p>"
    )


def test_a_package_whose_reference_gives_a_headline_not_a_title():
    # The IPTC's SportsML package listing: the text is not sent, its reference has a headline.
    package = """<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x:pkg"
      version="1" standard="NewsML-G2" standardversion="2.35" conformance="power">
      <itemMeta><itemClass qcode="ninat:composite"/><provider qcode="nprov:XMLTEAM"/>
      <versionCreated>2026-11-27T09:05:00Z</versionCreated></itemMeta>
      <groupSet root="G1"><group id="G1"><itemRef residref="urn:x:text">
      <itemClass qcode="ninat:text"/><headline>Pitcher preview: Arizona at Philadelphia</headline>
      </itemRef></group></groupSet></packageItem>"""
    item, article = imported(package.encode())
    assert article.headline == "Pitcher preview: Arizona at Philadelphia"
    assert item.kept["package_items"][0]["title"] == article.headline


REUTERS_BODY = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body>'
    "<p>(Adds governor's announcement, details)</p><p>By Joseph Ax</p>"
    "<p>NEW YORK, Jan 21 (Reuters) - The Statue of Liberty will reopen.</p>"
    "<p>Other parks stay closed.</p>"
    "<p>(Reporting by Joseph Ax; Editing by Frank McGurty)</p></body></html>"
)


def test_a_reuters_update_note_byline_and_closing_line_leave_the_text():
    content = f'<inlineXML contenttype="application/xhtml+xml">{REUTERS_BODY}</inlineXML>'
    item, article = imported(news_item(content=content).encode())
    assert (
        article.body == "<p>The Statue of Liberty will reopen.</p><p>Other parks stay closed.</p>"
    )
    assert article.dateline_place == "NEW YORK"
    assert [(b.author.name, b.role) for b in article.bylines.order_by("position")] == [
        ("Joseph Ax", "writer"),
        ("Frank McGurty", "editor"),
        ("Reuters", "writer"),
    ]
    assert item.ed_note == "(Adds governor's announcement, details)"


def test_without_a_dateline_the_opening_paragraphs_are_the_text():
    body = REUTERS_BODY.replace("NEW YORK, Jan 21 (Reuters) - ", "")
    content = f'<inlineXML contenttype="application/xhtml+xml">{body}</inlineXML>'
    item, article = imported(news_item(content=content).encode())
    assert article.body.startswith(
        "<p>(Adds governor's announcement, details)</p><p>By Joseph Ax</p>"
    )
    assert item.ed_note == ""


def test_a_ninjs_body_loses_the_same_furniture():
    html = REUTERS_BODY.split("<body>")[1].split("</body>")[0]
    document = {
        "uri": "urn:x:reuters",
        "type": "text",
        "headlines": [{"value": "Statue of Liberty to reopen"}],
        "bodies": [{"contentType": "text/html", "value": html}],
    }
    item, article = imported(json.dumps(document).encode(), "agency.json")
    assert (
        article.body == "<p>The Statue of Liberty will reopen.</p><p>Other parks stay closed.</p>"
    )
    assert article.dateline_place == "NEW YORK"
    assert [(b.author.name, b.role) for b in article.bylines.order_by("position")][:2] == [
        ("Joseph Ax", "writer"),
        ("Frank McGurty", "editor"),
    ]
    assert item.ed_note == "(Adds governor's announcement, details)"

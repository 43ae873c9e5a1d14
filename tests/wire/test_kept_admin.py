"""What the article's fields do not hold is shown on the item's page, readably and escaped; the
rights the wire sent become the photo's usage terms when the photo desk attaches the file."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media_assets.models import Photo
from tests import factories
from tests.wire.conftest import example
from wire.importer import CREATED, import_data

pytestmark = pytest.mark.django_db
HOSTILE = "<script>alert(1)</script>"


def imported(name, data):
    outcome = import_data(name, data)
    assert outcome.result == CREATED, outcome.message
    return outcome.item


def page(client, user, item) -> str:
    client.force_login(user)
    response = client.get(reverse("admin:wire_wireitem_change", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_item_page_shows_subjects_places_genres_and_urgency(client, editor):
    item = imported("tt.json", example("3.0_tt_text_image_3.json"))
    html = page(client, editor, item)
    assert (
        "<li>Krig, konflikter och oroligheter <code>http://tt.se/spec/subref/1.0/16000000</code>"
        " → Krig, konflikter och oroligheter</li>"
    ) in html
    assert '<dl class="wire-kept">' in html
    assert "<dt>places</dt><dd><ul><li>Sverige</li><li>Gotland (geo json: " in html
    assert (
        "<dt>genres</dt><dd><ul><li>Inrikes (literal: INR; uri: http://tt.se/spec/sector/1.0/INR)"
        in html
    )
    assert "<dt>organisations</dt><dd><ul><li>Aurora</li></ul></dd>" in html
    assert "<dt>slugline</dt><dd>militärövning</dd>" in html
    assert "<dt>alt ids</dt>" in html  # camel case in words
    assert '<div class="readonly">3</div>' in html  # urgency
    assert '"literal": "INR"' not in html.split("As sent")[0]  # no raw JSON before "As sent"


def test_the_agency_s_values_are_escaped(client, editor):
    document = {
        "uri": "urn:x:hostile",
        "headlines": [{"value": "Storm reaches the coast"}],
        "subjects": [{"name": HOSTILE, "literal": "X"}],
        "places": [{"name": HOSTILE, "rel": HOSTILE}],
        "slugline": HOSTILE,
    }
    item = imported("hostile.json", json.dumps(document).encode())
    item.notices = [f"category {HOSTILE} maps to no section"]
    item.save()
    html = page(client, editor, item)
    assert HOSTILE not in html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f"<dt>slugline</dt><dd>{escaped}</dd>" in html
    assert f"<li>{escaped} (rel: {escaped})</li>" in html
    assert f"<li>category {escaped} maps to no section</li>" in html
    assert f"<li>{escaped} <code>Wire:X</code> → {escaped}</li>" in html


def test_an_embargo_line_that_could_not_be_read_is_shown_with_the_item(client, editor):
    text = b"EMBARGOED UNTIL <b>FURTHER</b> NOTICE\n\nStorm hits the coast\n\nText."
    item = imported("storm.txt", text)
    html = page(client, editor, item)
    assert (
        "<dt>embargo unreadable</dt><dd><ul><li>EMBARGOED UNTIL &lt;b&gt;FURTHER&lt;/b&gt; NOTICE"
        "</li></ul></dd>"
    ) in html
    assert "<li>embargo line not understood: check it before publishing" in html


def test_an_item_with_nothing_kept_shows_dashes(client, editor):
    item = imported("dpa.json", example("3.0_dpa_text.json"))
    html = page(client, editor, item)
    assert "wire-kept" not in html and "wire-subjects" not in html
    assert '<div class="readonly">4</div>' in html  # dpa's urgency


def test_attaching_the_file_gives_the_photo_the_wire_s_usage_terms(client, photodesk):
    item = imported("rights.json", example("3.0_imageEncodedRights.json"))
    picture = item.pictures.get()
    client.force_login(photodesk)
    upload = SimpleUploadedFile("rossi.jpg", factories.image_bytes(), content_type="image/jpeg")
    url = reverse("admin:wire_wirepicture_attach", args=[picture.pk])
    assert client.post(url, {"upload": upload}).status_code == 302
    photo = Photo.objects.get()
    assert photo.usage_terms == (
        "Rights policy http://example.agency.com/policy:3433: prohibited: commercialize"
    )
    assert photo.credit_line == "John Smith"

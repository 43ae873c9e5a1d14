"""Plain-text agency copy: the seed TASS dispatch and the shapes around it (no database)."""

from datetime import date

import pytest

from tests.wire.conftest import SEED, TODAY
from wire.intake import parse
from wire.story import WireError
from wire.text import infer_date, parse_dateline, parse_text


@pytest.fixture
def seed():
    return parse_text(SEED.read_text(), today=TODAY)


def test_seed_headline_and_standfirst_are_told_apart(seed):
    assert seed.headline == "NATO stands ready to continue dialogue with Russia over INF treaty"
    assert seed.standfirst == (
        '"As an Alliance we are also committed to take effective measures to continue to ensure '
        'the safety and security of all Allies," NATO Secretary General Jens Stoltenberg said'
    )
    assert seed.section_hint == "All news"


def test_seed_photo_caption_and_credit_become_the_picture_not_body_text(seed):
    [picture] = seed.pictures
    assert picture.caption == "NATO Secretary General Jens Stoltenberg"
    assert picture.credit_line == "EPA-EFE/KOCA SULEJMANOVIC"
    assert "SULEJMANOVIC" not in seed.body
    assert "©" not in seed.body + seed.standfirst


def test_seed_dateline_keeps_the_agency_spelling_and_flags_it(seed):
    assert seed.dateline_place == "BRUSELLS"
    assert seed.dateline_date == date(2026, 10, 31)
    assert seed.agency == "TASS"
    assert seed.place_recognised is False


def test_seed_body_is_seven_paragraphs_as_sent_without_the_dateline(seed):
    assert seed.body.count("<p>") == 7
    assert seed.body.startswith("<p>NATO stands ready to continue dialogue with Russia over the ")
    assert "BRUSELLS" not in seed.body
    assert "alliance’s safety" in seed.body  # the agency's typographic apostrophe is kept
    assert seed.body.endswith('stability of the Euro-Atlantic area," he concluded.</p>')


def test_same_text_gives_the_same_uri_and_a_changed_text_another():
    text = SEED.read_text()
    first = parse_text(text, today=TODAY)
    assert parse_text(text + "\n\n", today=TODAY).uri == first.uri
    assert parse_text(text.replace("Wednesday", "Thursday"), today=TODAY).uri != first.uri


def test_correct_spelling_of_brussels_is_not_flagged():
    text = SEED.read_text().replace("BRUSELLS", "BRUSSELS")
    assert parse_text(text, today=TODAY).place_recognised is True


@pytest.mark.parametrize(
    ("month", "day", "today", "expected"),
    [
        (10, 31, date(2026, 11, 28), date(2026, 10, 31)),
        (12, 31, date(2027, 1, 2), date(2026, 12, 31)),  # new year's dispatch read in January
        (11, 29, date(2026, 11, 28), date(2026, 11, 29)),  # a time zone ahead
        (12, 25, date(2026, 11, 28), date(2025, 12, 25)),
        (2, 29, date(2026, 3, 5), date(2024, 2, 29)),
    ],
)
def test_dateline_year_is_inferred_from_the_import_date(month, day, today, expected):
    assert infer_date(month, day, today=today) == expected


@pytest.mark.parametrize(
    ("line", "place", "source"),
    [
        ("BRUSELLS, October 31. /TASS/. NATO stands", "BRUSELLS", "TASS"),
        ("NEW YORK, Oct. 3. /TASS/. Text", "NEW YORK", "TASS"),
        ("GROSSETO, Italy (AP) -- The trial", "GROSSETO, Italy", "AP"),
        ("LONDON, Oct 31 (Reuters) - Shares fell", "LONDON", "Reuters"),
    ],
)
def test_datelines_of_several_agencies_are_recognised(line, place, source):
    dateline = parse_dateline(line, today=TODAY)
    assert (dateline.place, dateline.source) == (place, source)


def test_an_ordinary_sentence_is_not_a_dateline():
    assert parse_dateline("The minister said (AP) - nothing", today=TODAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "This is a paragraph of body text. It has two sentences and no headline.\n\nMore.",
        "BRUSSELS, October 31. /TASS/. A dispatch that starts with its dateline.",
        "© EPA-EFE/KOCA SULEJMANOVIC",
    ],
)
def test_text_without_a_recognisable_headline_is_refused(text):
    with pytest.raises(WireError, match="no recognisable headline"):
        parse_text(text, today=TODAY)


def test_text_without_a_dateline_takes_its_first_line_as_headline():
    story = parse_text("Quake hits Japan\n\nTokyo was shaken. Nobody was hurt.", today=TODAY)
    assert story.headline == "Quake hits Japan"
    assert story.standfirst == ""
    assert story.body == "<p>Tokyo was shaken. Nobody was hurt.</p>"
    assert story.dateline_place == ""


def test_a_text_opening_with_a_bracket_is_text_not_json():
    story, _ = parse(b"[UPDATE] Quake hits Japan\n\nTokyo was shaken.", name="x.txt", today=TODAY)
    assert story.headline == "[UPDATE] Quake hits Japan"


def test_a_dateline_deep_in_the_body_is_not_taken_for_the_opening_one():
    paragraphs = "\n\n".join(f"Paragraph {n} of the story, as sent." for n in range(20))
    text = f"Quake hits Japan\n\n{paragraphs}\n\nTOKYO, May 3 (Kyodo) - A quoted old dispatch."
    story = parse_text(text, today=TODAY)
    assert story.dateline_place == ""
    assert story.body.count("<p>") == 21

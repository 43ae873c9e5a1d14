"""Plain-text agency copy: the seed TASS dispatch and the shapes around it (no database)."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from tests.wire.conftest import SEED, TODAY
from wire.embargo import parse_embargo
from wire.intake import parse
from wire.story import WireError
from wire.styles import STYLES
from wire.text import UNREADABLE_EMBARGO, infer_date, parse_dateline, parse_text


def no_section(name: str) -> bool:
    return False  # the site has no sections: these tests need no database


def read(text: str):
    return parse_text(text, today=TODAY, section_exists=no_section, known_category=no_section)


@pytest.fixture
def seed():
    return read(SEED.read_text())


def test_seed_headline_and_standfirst_are_told_apart(seed):
    assert seed.headline == "NATO stands ready to continue dialogue with Russia over INF treaty"
    assert seed.standfirst == (
        '"As an Alliance we are also committed to take effective measures to continue to ensure '
        'the safety and security of all Allies," NATO Secretary General Jens Stoltenberg said'
    )
    assert seed.section_hint == "All news"
    assert seed.category == "All news"


def test_seed_is_read_in_the_tass_style_and_says_its_category_maps_to_no_section(seed):
    assert seed.notices == ["category “All news” maps to no section"]
    assert seed.writers == []
    assert seed.kept == {}


def test_a_category_naming_a_site_section_gives_no_notice():
    story = parse_text(
        SEED.read_text(), today=TODAY, section_exists=lambda name: True, known_category=no_section
    )
    assert story.notices == []


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
    first = read(text)
    assert read(text + "\n\n").uri == first.uri
    assert read(text.replace("Wednesday", "Thursday")).uri != first.uri


def test_correct_spelling_of_brussels_is_not_flagged():
    text = SEED.read_text().replace("BRUSELLS", "BRUSSELS")
    assert read(text).place_recognised is True


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
        ("ATLANTA, Ga. (AP) -- Voters", "ATLANTA, Ga.", "AP"),
        ("NEW YORK, N.Y. (AP) -- Stocks", "NEW YORK, N.Y.", "AP"),
        ("ST. LOUIS, Mo. (AP) -- A jury", "ST. LOUIS, Mo.", "AP"),
        ("WASHINGTON (AP) — The Senate", "WASHINGTON", "AP"),
        ("TOKYO, May 3 (Kyodo) - Japan's", "TOKYO", "Kyodo"),
        ("MOSCOW, December 2. /RIA Novosti/. The", "MOSCOW", "RIA Novosti"),
    ],
)
def test_datelines_of_several_agencies_are_recognised(line, place, source):
    dateline = parse_dateline(line, today=TODAY)
    assert (dateline.place, dateline.source) == (place, source)


@pytest.mark.parametrize(
    "line",
    [
        "The minister said (AP) - nothing",
        "The minister said (dpa) - nothing",
        "Officials in Madrid said (EFE).- nothing",
        "Paris was quiet (AFP) - nothing",  # mixed case, but not every word capitalised
        "LONDON, Dec 2 Reuters said nothing",
    ],
)
def test_an_ordinary_sentence_is_not_a_dateline(line):
    assert parse_dateline(line, today=TODAY) is None


@pytest.mark.parametrize(
    ("line", "rest"),
    [
        ("BEIJING, Dec. 2 /Xinhua/ -- China will", "China will"),
        ("BEIJING, Dec. 2 (Xinhua) -- China will", "China will"),
        ("MADRID, 2 dic (EFE).- El Gobierno", "El Gobierno"),
        ("ATLANTA, Ga. (AP) -- Voters", "Voters"),
        ("MOSCOW, December 2. /TASS/. Russia's", "Russia's"),
        ("(ANSA) - ROME, DEC 2 - Italy's", "Italy's"),
    ],
)
def test_the_body_starts_after_the_datelines_dash(line, rest):
    assert parse_dateline(line, today=TODAY).rest == rest


def test_a_dateline_with_its_year_keeps_it():
    dateline = parse_dateline("PARIS, 2 déc 2024 (AFP) - Le", today=TODAY)
    assert dateline.date == date(2024, 12, 2)


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
        parse_text(text, today=TODAY, known_category=no_section)


def test_text_without_a_dateline_takes_its_first_line_as_headline_and_says_so():
    story = parse_text(
        "Quake hits Japan\n\nTokyo was shaken. Nobody was hurt.",
        today=TODAY,
        known_category=no_section,
    )
    assert story.headline == "Quake hits Japan"
    assert story.standfirst == ""
    assert story.body == "<p>Tokyo was shaken. Nobody was hurt.</p>"
    assert story.dateline_place == ""
    assert story.agency == "Wire"
    assert story.notices == ["dateline not recognised as any known agency style"]


@pytest.mark.parametrize(
    "headline",
    [
        "U.S. Senate passes stopgap bill to avert shutdown",
        "U.K. inflation eases to 2.1% in November",
        "Gen. Milley testifies before House panel",
        "Dr. Fauci warns of winter wave",
        "St. Petersburg hosts Baltic summit",
        "No. 3 Georgia beats No. 1 Texas in overtime",
        "J.K. Rowling's new novel tops charts",
        "Storm hits Atlanta, Ga. and Columbia, S.C.",
        "Fed chair says U.S. economy 'in a good place'",
    ],
)
def test_headlines_with_abbreviations_and_initials_are_headlines(headline):
    story = read(f"{headline}\n\nWASHINGTON (AP) — Text of the story.")
    assert story.headline == headline


@pytest.mark.parametrize(
    "first_line",
    [
        "The Senate voted on Tuesday. It passed the bill.",
        "Officials said the vote was close.",
        "Mr. Smith went to Washington. He stayed.",
    ],
)
def test_sentences_are_still_not_headlines(first_line):
    with pytest.raises(WireError, match="no recognisable headline"):
        read(f"{first_line}\n\nWASHINGTON (AP) — Text.")


def test_a_byline_opening_a_body_without_dateline_is_taken_out():
    story = read("Quake hits Japan\n\nBy Hiroshi Tanaka\n\nTokyo was shaken.")
    assert story.writers == [("Hiroshi Tanaka", "writer")]
    assert story.body == "<p>Tokyo was shaken.</p>"


def test_without_a_dateline_the_agency_in_the_byline_sends_the_item():
    story = read("UK inflation eases in November\nBy William James, Reuters\n\nPrices rose.")
    assert (story.agency, story.writers) == ("Reuters", [("William James", "writer")])
    assert story.standfirst == ""
    assert story.notices == ["dateline not recognised as any known agency style"]


def test_a_city_with_its_river_after_a_slash_is_a_known_place():
    story = read("Lufthansa cancels flights\n\nFrankfurt/Main (dpa) - Text.")
    assert story.dateline_place == "Frankfurt/Main"
    assert story.place_recognised is True


def test_a_sentence_starting_with_by_is_not_a_byline():
    story = read("Quake hits Japan\n\nBy noon the city was quiet again.")
    assert story.writers == []
    assert story.body == "<p>By noon the city was quiet again.</p>"


def test_a_text_that_is_only_a_closing_line_keeps_it_as_its_body():
    story = read("Quake hits Japan\nNobody was hurt, officials said\n\nEnditem")
    assert story.body == "<p>Enditem</p>"
    assert story.kept == {}


@pytest.mark.django_db  # intake.parse asks the desk whether the first line is a category
def test_a_text_opening_with_a_bracket_is_text_not_json():
    story, _ = parse(b"[UPDATE] Quake hits Japan\n\nTokyo was shaken.", name="x.txt", today=TODAY)
    assert story.headline == "[UPDATE] Quake hits Japan"


def test_a_dateline_deep_in_the_body_is_not_taken_for_the_opening_one():
    paragraphs = "\n\n".join(f"Paragraph {n} of the story, as sent." for n in range(20))
    text = f"Quake hits Japan\n\n{paragraphs}\n\nTOKYO, May 3 (Kyodo) - A quoted old dispatch."
    story = parse_text(text, today=TODAY, known_category=no_section)
    assert story.dateline_place == ""
    assert story.body.count("<p>") == 21


# --- embargo lines -------------------------------------------------------------------------------

RECEIVED = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)  # TODAY, in the morning
HEADLINE = "Markets rally as talks resume"
STANDFIRST = "Officials said more would follow"


def received(text: str, at: datetime = RECEIVED):
    return parse_text(
        text, today=at.date(), received=at, section_exists=no_section, known_category=no_section
    )


def placed(line: str, where: str, opening: str) -> str:
    body = f"{opening} the first paragraph.\n\nThe second paragraph."
    return {
        "above the headline": f"{line}\n\n{HEADLINE}\n{STANDFIRST}\n\n{body}",
        "under the headline": f"{HEADLINE}\n{line}\n{STANDFIRST}\n\n{body}",
        "after the text": f"{HEADLINE}\n{STANDFIRST}\n\n{body}\n\n{line}",
    }[where]


EMBARGO_CASES = [
    pytest.param(style, line, where, id=f"{style.agency or 'other'}-{number}-{where}")
    for style in STYLES
    for number, line in enumerate(style.examples.get("embargo", ()), start=1)
    for where in ("above the headline", "under the headline", "after the text")
]


@pytest.mark.parametrize(("style", "line", "where"), EMBARGO_CASES)
def test_an_embargo_line_holds_the_item_and_is_no_part_of_its_text(style, line, where):
    """Each agency's embargo line in an item of that agency (the examples' dates are of March
    2026, when they came: see tests/wire/test_styles.py)."""
    opening = next(d for d in style.examples["dateline"] if not re.search(r"\d{4}", d))
    sent = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    story = received(placed(line, where, opening), sent)
    assert (story.headline, story.standfirst) == (HEADLINE, STANDFIRST)
    assert story.body.endswith("<p>The second paragraph.</p>")
    assert story.body.count("<p>") == 2
    assert line not in story.body
    assert story.dateline_place  # the agency's dateline still opens the body
    assert story.embargoed_until is not None
    assert story.embargoed_until == parse_embargo(line, sent=sent, day=story.dateline_date)
    assert story.kept == {}
    assert UNREADABLE_EMBARGO not in story.notices


def test_a_time_alone_is_read_on_the_day_the_dateline_gives():
    text = f"{HEADLINE}\nEMBARGOED UNTIL 2301 GMT\n\nLONDON, Nov 29 (Reuters) - Text."
    assert received(text).embargoed_until == datetime(2026, 11, 29, 23, 1, tzinfo=UTC)


def test_a_time_alone_already_past_when_the_text_came_is_the_next_day():
    text = f"{HEADLINE}\nEMBARGOED UNTIL 2301 GMT\n\nLONDON, Nov 28 (Reuters) - Text."
    late = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    assert received(text, late).embargoed_until == datetime(2026, 11, 29, 23, 1, tzinfo=UTC)


def test_a_time_alone_in_a_text_with_no_date_is_the_next_such_time_from_now():
    before = timezone.now()
    story = read(f"{HEADLINE}\nEmbargoed until 18:00 GMT\n\nTOKYO (Kyodo) - Text.")
    assert before <= story.embargoed_until <= before + timedelta(days=1)
    assert (story.embargoed_until.hour, story.embargoed_until.minute) == (18, 0)


def test_an_embargo_line_that_cannot_be_read_is_kept_said_and_taken_out_of_the_text():
    line = "EMBARGOED UNTIL FURTHER NOTICE"
    story = received(f"{line}\n\n{HEADLINE}\n{STANDFIRST}\n\nLONDON (Reuters) - Text.")
    assert story.headline == HEADLINE
    assert line not in story.body + story.standfirst
    assert story.embargoed_until is None
    assert story.kept == {"embargo_unreadable": [line]}
    assert story.notices == [UNREADABLE_EMBARGO]


def test_of_two_embargo_lines_the_later_moment_holds_and_an_unread_one_is_still_kept():
    text = (
        f"EMBARGO: 12:00 GMT 04/12/2026\n{HEADLINE}\n\nPARIS (AFP) - Text.\n\n"
        "Embargo jusqu'au 5 décembre 2026 à 06h00 GMT\n\nEMBARGO: see note"
    )
    story = received(text)
    assert story.embargoed_until == datetime(2026, 12, 5, 6, 0, tzinfo=UTC)
    assert story.kept == {"embargo_unreadable": ["EMBARGO: see note"]}
    assert story.body == "<p>Text.</p>"


# --- lines and spaces ----------------------------------------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_unicode_line_separator_inside_a_paragraph_is_a_space_not_a_break(separator):
    story = read(
        f"Storm slams{separator}the Gulf coast\n\n"
        f"NEW ORLEANS (AP) — A storm{separator}hit the coast.\n\nMore rain is due."
    )
    assert story.headline == "Storm slams the Gulf coast"
    assert story.body == "<p>A storm hit the coast.</p><p>More rain is due.</p>"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_plain_text_lines_break_at_crlf_cr_or_lf(newline):
    lines = ["Storm slams the Gulf coast", "", "NEW ORLEANS (AP) — A storm hit.", "", "More rain."]
    story = read(newline.join(lines))
    assert (story.headline, story.dateline_place) == ("Storm slams the Gulf coast", "NEW ORLEANS")
    assert story.body == "<p>A storm hit.</p><p>More rain.</p>"


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"], ids=["nbsp", "narrow-nbsp"])
def test_a_dateline_spaced_with_no_break_spaces_is_read_and_the_text_keeps_its_own(space):
    quote = f"«{space}Non{space}», dit-il."  # French typography's own narrow spaces
    line = f"SÃO{space}PAULO,{space}Nov{space}27{space}(Reuters){space}-{space}{quote}"
    dateline = parse_dateline(line, today=TODAY)
    assert (dateline.place, dateline.date, dateline.agency) == (
        "SÃO PAULO",
        date(2026, 11, 27),
        "Reuters",
    )
    assert dateline.rest == quote


def test_a_no_break_space_in_a_dateline_reaches_the_story_as_a_space():
    story = read("Floods hit Sao Paulo\n\nSÃO\u00a0PAULO (AP) — Heavy rain flooded streets.")
    assert (story.dateline_place, story.agency) == ("SÃO PAULO", "AP")
    assert story.body == "<p>Heavy rain flooded streets.</p>"
    assert story.notices == []


def test_a_multi_city_dateline_is_known_by_its_first_city():
    text = "Russian drones hit Ukraine's power grid\n\nKYIV/ZAPORIZHZHIA, Nov 27 (Reuters) - Text."
    story = read(text)
    assert (story.dateline_place, story.place_recognised) == ("KYIV/ZAPORIZHZHIA", True)


# --- headlines and category lines ----------------------------------------------------------------


@pytest.mark.parametrize(
    "headline",
    [
        "Recession coming? Economists say no",
        "Will the Fed cut rates? Markets bet on March",
        "Goal! Messi scores in extra time",
        "Putin says talks possible.",
        "U.S. economy grows faster than expected.",
        "Scholz: Germany will not send troops.",
    ],
)
def test_a_headline_may_ask_exclaim_or_end_with_a_full_stop(headline):
    story = read(f"{headline}\n\nLONDON, Nov 27 (Reuters) - Economists said.")
    assert story.headline == headline
    assert story.body == "<p>Economists said.</p>"


@pytest.mark.parametrize(
    "first_line",
    [
        "Prices rose sharply. Officials were surprised",
        "Why did it fail? Officials said the vote was close.",
        "The minister told reporters he would stay.",
    ],
)
def test_a_full_stop_between_sentences_or_a_full_stopped_past_is_still_prose(first_line):
    with pytest.raises(WireError, match="no recognisable headline"):
        read(f"{first_line}\n\nWASHINGTON (AP) — Text.")


STANDFIRST_WITHOUT_STOP = "The two leaders discussed trade and security, the Kremlin said"


@pytest.mark.parametrize(
    "headline",
    [
        "Putin meets Xi",
        "Markets tumble",
        "Scholz in Paris",
        "Neue Regierung vereidigt",
        "Storm Hits Texas",
    ],
)
def test_a_short_headline_above_a_standfirst_is_the_headline_not_a_category(headline):
    text = f"{headline}\n\n{STANDFIRST_WITHOUT_STOP}\n\nBEIJING, November 27. /TASS/. Text."
    story = read(text)
    assert (story.headline, story.standfirst) == (headline, STANDFIRST_WITHOUT_STOP)
    assert (story.category, story.section_hint) == ("", "")
    assert story.notices == []


@pytest.mark.parametrize("category", ["Politics", "All news", "ALL NEWS", "Military & Defense"])
def test_a_category_line_still_opens_a_header_of_headline_and_standfirst(category):
    dateline = "BEIJING, November 27. /TASS/. Text."
    text = f"{category}\n\nPutin meets Xi\n\n{STANDFIRST_WITHOUT_STOP}\n\n{dateline}"
    story = read(text)
    assert (story.category, story.headline) == (category, "Putin meets Xi")
    assert story.standfirst == STANDFIRST_WITHOUT_STOP


# --- lines around the headline -----------------------------------------------------------------


def test_a_getty_credit_is_a_picture_and_a_related_line_is_kept_not_glued_to_the_standfirst():
    text = (
        "France protests grow over pension reform plans\n\n"
        "Unions called new strikes on Thursday as the government held firm\n"
        "Protesters march in Paris on Nov. 26, 2026. (Photo by John SMITH / Getty Images)\n"
        "Related: Macron defends reform\n\n"
        "PARIS, 27 nov 2026 (AFP) - Unions called new strikes.\n"
    )
    story = read(text)
    assert story.standfirst == "Unions called new strikes on Thursday as the government held firm"
    assert [(p.caption, p.credit_line) for p in story.pictures] == [
        ("Protesters march in Paris on Nov. 26, 2026.", "John SMITH / Getty Images")
    ]
    assert story.kept == {"header_lines": ["Related: Macron defends reform"]}
    assert story.body == "<p>Unions called new strikes.</p>"


@pytest.mark.parametrize(
    "line",
    [
        "Related: Macron defends reform",
        "READ MORE: Macron defends reform",
        "Lire aussi : Macron défend sa réforme",
        "Mehr zum Thema: Macron verteidigt Reform",
        "Tags: France, pensions",
    ],
)
def test_a_page_s_labelled_line_under_the_headline_is_kept_as_sent(line):
    story = read(f"{HEADLINE}\n{STANDFIRST}\n{line}\n\nPARIS (AFP) - Text.")
    assert story.standfirst == STANDFIRST
    assert story.kept == {"header_lines": [line]}


def test_a_standfirst_naming_its_speaker_before_a_colon_is_the_standfirst():
    standfirst = "Peskov: the talks were useful and will go on"
    story = read(f"{HEADLINE}\n{standfirst}\n\nMOSCOW, November 27. /TASS/. Text.")
    assert story.standfirst == standfirst
    assert story.kept == {}


# --- embargo lines and body prose ----------------------------------------------------------------


def test_body_paragraphs_opening_with_a_notice_s_words_stay_in_the_body():
    paragraphs = [
        "Embargoed until further notice, the tankers stayed in port.",
        "Hold for release of the crews, the unions demanded.",
    ]
    text = (
        f"{HEADLINE}\n\nBRUSSELS, Nov 27 (Reuters) - The EU extended sanctions.\n\n"
        + "\n\n".join(paragraphs)
    )
    story = received(text)
    assert story.body == "<p>The EU extended sanctions.</p>" + "".join(
        f"<p>{p}</p>" for p in paragraphs
    )
    assert (story.embargoed_until, story.kept, story.notices) == (None, {}, [])


def test_a_notice_in_words_no_style_reads_under_the_headline_still_holds_the_item():
    line = "Embargoed until the end of the press conference"
    story = received(f"{HEADLINE}\n{line}\n\nBRUSSELS, Nov 27 (Reuters) - The EU extended it.")
    assert story.body == "<p>The EU extended it.</p>"
    assert (story.kept, story.notices) == ({"embargo_unreadable": [line]}, [UNREADABLE_EMBARGO])


def test_a_notice_in_words_at_the_foot_of_a_dated_item_still_holds_it():
    line = "Embargoed until delivery"
    story = received(f"{HEADLINE}\n\nBRUSSELS, Nov 27 (Reuters) - The EU met.\n\n{line}")
    assert story.body == "<p>The EU met.</p>"
    assert (story.kept, story.notices) == ({"embargo_unreadable": [line]}, [UNREADABLE_EMBARGO])


def test_a_notice_in_words_in_an_undated_items_header_holds_it():
    line = "Embargoed until delivery"
    text = f"{HEADLINE}\nA standfirst about the plan\nBy Jane Doe\n{line}\n\nThe minister will say."
    story = received(text)
    assert line not in story.standfirst
    assert story.kept["embargo_unreadable"] == [line]
    assert UNREADABLE_EMBARGO in story.notices


def test_the_same_words_opening_a_paragraph_of_the_text_are_the_text():
    line = "Embargoed until the end of the press conference, the report leaked anyway."
    story = received(f"{HEADLINE}\n\nBRUSSELS, Nov 27 (Reuters) - The EU met.\n\n{line}")
    assert story.body == f"<p>The EU met.</p><p>{line}</p>"
    assert (story.kept, story.notices) == ({}, [])


@pytest.mark.parametrize(
    "line",
    [
        "HOLD FOR RELEASE",
        "Embargoed until further notice",
        "EMBARGOED UNTIL RELEASE OF THE JOBS REPORT",
        "Embargoed until Tuesday",
        "Embargoed until the end of the press conference",
    ],
)
def test_a_notice_that_says_no_time_a_style_reads_still_holds_the_item_and_says_so(line):
    story = received(f"{line}\n\n{HEADLINE}\n{STANDFIRST}\n\nLONDON (Reuters) - Text.")
    assert (story.headline, story.standfirst, story.body) == (HEADLINE, STANDFIRST, "<p>Text.</p>")
    assert story.kept == {"embargo_unreadable": [line]}
    assert story.notices == [UNREADABLE_EMBARGO]


def test_a_dash_of_three_hyphens_after_the_dateline_is_no_part_of_the_text():
    story = read("Storm slams the Gulf coast\n\nNEW ORLEANS (AP) --- A storm hit the coast.")
    assert story.body == "<p>A storm hit the coast.</p>"

# ruff: noqa: E501 - the dispatches are written as agencies send them: one paragraph a line
"""Agency styles (wire/styles.py): each agency's datelines, picture credits, bylines and closing
lines, tested with items written the way that agency writes them (invented content)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from articles.models import Byline
from tests import factories
from wire.embargo import is_embargo_line, parse_embargo
from wire.importer import CREATED, import_data
from wire.models import RoutingRule
from wire.styles import STYLES
from wire.text import (
    UNRECOGNISED_DATELINE,
    _headline_like,
    _trailer,
    parse_byline,
    parse_dateline,
    parse_text,
    split_credit,
)

TODAY = date(2026, 12, 3)
SENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday: the time the embargo examples came
WRITER, ADDITIONAL, EDITOR = Byline.Role.WRITER, Byline.Role.ADDITIONAL, Byline.Role.EDITOR


@dataclass
class Expected:
    headline: str
    body_start: str
    place: str
    source: str  # the agency as stored (the dateline's source)
    when: date | None = None
    standfirst: str = ""
    writers: list[tuple[str, str]] = field(default_factory=list)
    contributors: list[dict[str, str]] = field(default_factory=list)
    pictures: list[tuple[str, str]] = field(default_factory=list)  # (caption, credit)
    category: str = ""
    trailers: list[str] = field(default_factory=list)
    body_end: str = ""
    header_lines: list[str] = field(default_factory=list)  # `Related: …`, kept as sent


ITEMS: dict[str, list[tuple[str, Expected]]] = {
    "AP": [
        (
            """Politics

U.S. Senate passes stopgap bill hours before shutdown deadline

The measure keeps the government funded into February
By MARY CLARE JALONICK and LISA MASCARO Associated Press
Senators leave the chamber after the vote at the Capitol in Washington, Dec. 2, 2026. (AP Photo/J. Scott Applewhite)

WASHINGTON (AP) — The Senate passed a stopgap spending bill late Tuesday, sending it to the president hours before a midnight deadline.

The vote was 71-29, with members of both parties voting for it.

Associated Press writer Kevin Freking contributed to this report.
""",
            Expected(
                headline="U.S. Senate passes stopgap bill hours before shutdown deadline",
                standfirst="The measure keeps the government funded into February",
                body_start="<p>The Senate passed a stopgap spending bill late Tuesday",
                body_end="both parties voting for it.</p>",
                place="WASHINGTON",
                source="AP",
                writers=[
                    ("MARY CLARE JALONICK", WRITER),
                    ("LISA MASCARO", WRITER),
                    ("Kevin Freking", ADDITIONAL),
                ],
                pictures=[
                    (
                        "Senators leave the chamber after the vote at the Capitol in Washington,"
                        " Dec. 2, 2026.",
                        "AP Photo/J. Scott Applewhite",
                    )
                ],
                category="Politics",
            ),
        ),
        (
            """Georgia certifies election results after hand recount

By JEFF AMY
Associated Press

ATLANTA, Ga. (AP) -- Georgia's top election official certified the results on Wednesday after a hand recount of paper ballots confirmed the machine count.

Officials said the recount found no significant discrepancies in any county.
""",
            Expected(
                headline="Georgia certifies election results after hand recount",
                body_start="<p>Georgia's top election official certified the results",
                place="ATLANTA, Ga.",
                source="AP",
                writers=[("JEFF AMY", WRITER)],
            ),
        ),
        (
            """Stocks drift lower as Wall Street waits for the jobs report

Wall Street eased back from its record high on Wednesday
Traders work on the floor of the New York Stock Exchange. (AP Photo/Seth Wenig, File)

NEW YORK, N.Y. (AP) -- Stocks drifted lower on Wall Street on Wednesday as investors waited for Friday's jobs report.

The S&P 500 fell 0.3%, and the Dow Jones Industrial Average slipped 120 points.

Associated Press writers Stan Choe in New York and Matt Ott in Silver Spring, Md., contributed.
""",
            Expected(
                headline="Stocks drift lower as Wall Street waits for the jobs report",
                standfirst="Wall Street eased back from its record high on Wednesday",
                body_start="<p>Stocks drifted lower on Wall Street on Wednesday",
                body_end="slipped 120 points.</p>",
                place="NEW YORK, N.Y.",
                source="AP",
                writers=[("Stan Choe", ADDITIONAL), ("Matt Ott", ADDITIONAL)],
                pictures=[
                    (
                        "Traders work on the floor of the New York Stock Exchange.",
                        "AP Photo/Seth Wenig, File",
                    )
                ],
            ),
        ),
        (
            """Storm slams the Gulf coast

NEW ORLEANS (AP) --- A storm hit the Gulf coast on Wednesday, flooding streets in the French Quarter.

Forecasters expect more rain on Thursday.
""",
            Expected(
                headline="Storm slams the Gulf coast",
                body_start="<p>A storm hit the Gulf coast on Wednesday",
                body_end="more rain on Thursday.</p>",
                place="NEW ORLEANS",
                source="AP",
            ),
        ),
    ],
    "Reuters": [
        (
            """World

UK house prices rise more than expected in November

Houses on a street in London.
REUTERS/Toby Melville

LONDON, Dec 2 (Reuters) - British house prices rose by more than expected in November, mortgage lender Nationwide said on Tuesday.

Prices rose 0.6% month-on-month, beating forecasts in a Reuters poll of economists.

(Reporting by William James; Editing by Kate Holton)
""",
            Expected(
                headline="UK house prices rise more than expected in November",
                body_start="<p>British house prices rose by more than expected",
                body_end="poll of economists.</p>",
                place="LONDON",
                source="Reuters",
                when=date(2026, 12, 2),
                writers=[("William James", WRITER), ("Kate Holton", EDITOR)],
                pictures=[("Houses on a street in London.", "REUTERS/Toby Melville")],
                category="World",
            ),
        ),
        (
            """ECB holds rates, signals patience as inflation cools

By Andy Bruce and David Milliken, Reuters
The European Central Bank headquarters in Frankfurt, Germany. REUTERS/Kai Pfaffenbach/File Photo

FRANKFURT, Dec 2 (Reuters) - The European Central Bank kept interest rates unchanged on Tuesday and said it was in no hurry to cut them again.

"We are in a good place," the bank's president told reporters.

(Reporting by Andy Bruce in London; Additional reporting by Leigh Thomas in Paris; Writing by David Milliken; Editing by Hugh Lawson)
""",
            Expected(
                headline="ECB holds rates, signals patience as inflation cools",
                body_start="<p>The European Central Bank kept interest rates unchanged",
                body_end="told reporters.</p>",
                place="FRANKFURT",
                source="Reuters",
                when=date(2026, 12, 2),
                writers=[
                    ("Andy Bruce", WRITER),
                    ("David Milliken", WRITER),
                    ("Leigh Thomas", ADDITIONAL),
                    ("Hugh Lawson", EDITOR),
                ],
                pictures=[
                    (
                        "The European Central Bank headquarters in Frankfurt, Germany.",
                        "REUTERS/Kai Pfaffenbach/File Photo",
                    )
                ],
            ),
        ),
        (
            """U.S. lawmakers reach deal on rail safety bill

WASHINGTON (Reuters) - U.S. lawmakers reached a deal on Tuesday on a rail safety bill after months of talks. (Reporting by David Shepardson; Compiled by Jana Choukeir; Editing by Chizu Nomiyama)
""",
            Expected(
                headline="U.S. lawmakers reach deal on rail safety bill",
                body_start="<p>U.S. lawmakers reached a deal on Tuesday",
                body_end="after months of talks.</p>",
                place="WASHINGTON",
                source="Reuters",
                writers=[("David Shepardson", WRITER), ("Chizu Nomiyama", EDITOR)],
                contributors=[{"name": "Jana Choukeir", "role": "Compiled"}],
            ),
        ),
        (
            """Russian drones hit Ukraine's power grid

Officials said the strikes hit power plants in two regions overnight

KYIV/ZAPORIZHZHIA, Dec 3 (Reuters) - Russian drones struck energy facilities in two Ukrainian regions overnight, officials said on Wednesday.

Repair crews restored power to most homes by morning.

(Reporting by Olena Harmash in Kyiv; Editing by Mark Heinrich)
""",
            Expected(
                headline="Russian drones hit Ukraine's power grid",
                standfirst="Officials said the strikes hit power plants in two regions overnight",
                body_start="<p>Russian drones struck energy facilities in two Ukrainian regions",
                body_end="by morning.</p>",
                place="KYIV/ZAPORIZHZHIA",
                source="Reuters",
                when=date(2026, 12, 3),
                writers=[("Olena Harmash", WRITER), ("Mark Heinrich", EDITOR)],
            ),
        ),
        (
            """Middle East

Egypt puts new Gaza ceasefire plan to both sides

CAIRO/JERUSALEM, Dec 3 (Reuters) - Egyptian mediators put a new ceasefire proposal to Israel and Hamas on Wednesday, two sources said.
""",
            Expected(
                headline="Egypt puts new Gaza ceasefire plan to both sides",
                body_start="<p>Egyptian mediators put a new ceasefire proposal",
                place="CAIRO/JERUSALEM",
                source="Reuters",
                when=date(2026, 12, 3),
                category="Middle East",
            ),
        ),
        (
            """Euro zone recession coming? Economists say no

BRUSSELS/PARIS (Reuters) - Most economists polled by Reuters expect euro zone growth to slow next year but stay positive.
""",
            Expected(
                headline="Euro zone recession coming? Economists say no",
                body_start="<p>Most economists polled by Reuters expect",
                place="BRUSSELS/PARIS",
                source="Reuters",
            ),
        ),
    ],
    "AFP": [
        (
            """Le gouvernement présente son budget rectificatif

Le texte prévoit cinq milliards d'euros d'économies supplémentaires
Le Premier ministre à l'Assemblée nationale, le 1er décembre 2026. (Photo by Ludovic MARIN / AFP)

PARIS, 2 déc 2026 (AFP) - Le gouvernement a présenté mardi un projet de loi de finances rectificative.

Il sera examiné par les députés la semaine prochaine.

bur-jm/lb
""",
            Expected(
                headline="Le gouvernement présente son budget rectificatif",
                standfirst="Le texte prévoit cinq milliards d'euros d'économies supplémentaires",
                body_start="<p>Le gouvernement a présenté mardi",
                body_end="la semaine prochaine.</p>",
                place="PARIS",
                source="AFP",
                when=date(2026, 12, 2),
                pictures=[
                    (
                        "Le Premier ministre à l'Assemblée nationale, le 1er décembre 2026.",
                        "Ludovic MARIN / AFP",
                    )
                ],
                trailers=["bur-jm/lb"],
            ),
        ),
        (
            """Kenya's parliament approves finance bill amid protests

by Anne CHAON, AFP
Photo: AFP

Nairobi (AFP) - Kenya's parliament approved a contested finance bill on Tuesday as police fired tear gas at protesters outside.

The bill raises taxes on mobile money transfers.
""",
            Expected(
                headline="Kenya's parliament approves finance bill amid protests",
                body_start="<p>Kenya's parliament approved a contested finance bill",
                place="Nairobi",
                source="AFP",
                writers=[("Anne CHAON", WRITER)],
                pictures=[("", "AFP")],
            ),
        ),
        (
            """Health

WHO warns of early flu season in Europe

GENEVA, Dec 2, 2026 (AFP) - The World Health Organization warned on Tuesday that the flu season had started earlier than usual across Europe.

Hospitals in several countries reported rising admissions.

burs-ah/dl
""",
            Expected(
                headline="WHO warns of early flu season in Europe",
                body_start="<p>The World Health Organization warned on Tuesday",
                body_end="rising admissions.</p>",
                place="GENEVA",
                source="AFP",
                when=date(2026, 12, 2),
                category="Health",
                trailers=["burs-ah/dl"],
            ),
        ),
        (
            """France protests grow over pension reform plans

Unions called new strikes on Thursday as the government held firm
Protesters march in Paris on Nov. 30, 2026. (Photo by Thibaud MORITZ / AFP via Getty Images)
Related: Macron defends reform

PARIS, 1er déc 2026 (AFP) - Les syndicats ont appelé à de nouvelles grèves jeudi.
""",
            Expected(
                headline="France protests grow over pension reform plans",
                standfirst="Unions called new strikes on Thursday as the government held firm",
                body_start="<p>Les syndicats ont appelé à de nouvelles grèves jeudi.</p>",
                place="PARIS",
                source="AFP",
                when=date(2026, 12, 1),
                pictures=[
                    (
                        "Protesters march in Paris on Nov. 30, 2026.",
                        "Thibaud MORITZ / AFP via Getty Images",
                    )
                ],
                header_lines=["Related: Macron defends reform"],
            ),
        ),
    ],
    "dpa": [
        (
            """Germany's cabinet approves tighter rules for e-scooters

By Christian Hollmann, dpa
Electric scooters parked on a pavement in Berlin. Photo: Christoph Soeder/dpa

BERLIN (dpa) - Germany's cabinet on Wednesday approved tighter rules for electric scooters, including a ban on riding them on pavements.

The rules take effect in the spring.
""",
            Expected(
                headline="Germany's cabinet approves tighter rules for e-scooters",
                body_start="<p>Germany's cabinet on Wednesday approved",
                place="BERLIN",
                source="dpa",
                writers=[("Christian Hollmann", WRITER)],
                pictures=[
                    (
                        "Electric scooters parked on a pavement in Berlin.",
                        "Christoph Soeder/dpa",
                    )
                ],
            ),
        ),
        (
            """Lufthansa streicht Hunderte Flüge wegen Warnstreik

Von Anne-Béatrice Clasmann, dpa
dpa/Boris Roessler

Frankfurt/Main (dpa) - Die Lufthansa hat wegen eines Warnstreiks des Bodenpersonals Hunderte Flüge gestrichen.

Betroffen sind vor allem Frankfurt und München.
""",
            Expected(
                headline="Lufthansa streicht Hunderte Flüge wegen Warnstreik",
                body_start="<p>Die Lufthansa hat wegen eines Warnstreiks",
                place="Frankfurt/Main",
                source="dpa",
                writers=[("Anne-Béatrice Clasmann", WRITER)],
                pictures=[("", "dpa/Boris Roessler")],
            ),
        ),
        (
            """Wirtschaft

Shares in Hamburg port operator jump on shipping deal

HAMBURG (dpa-AFX) - Shares in Hamburg's port operator jumped 8 percent on Wednesday after it agreed a partnership with a shipping line.

Analysts called the deal a turning point.
""",
            Expected(
                headline="Shares in Hamburg port operator jump on shipping deal",
                body_start="<p>Shares in Hamburg's port operator jumped 8 percent",
                place="HAMBURG",
                source="dpa",
                category="Wirtschaft",
            ),
        ),
        (
            """Politik

Bundesregierung beschließt Rentenpaket

BERLIN, 3. Dezember (dpa) - Die Bundesregierung hat am Mittwoch das Rentenpaket beschlossen.

Der Bundestag soll im Januar abstimmen.
""",
            Expected(
                headline="Bundesregierung beschließt Rentenpaket",
                body_start="<p>Die Bundesregierung hat am Mittwoch",
                body_end="im Januar abstimmen.</p>",
                place="BERLIN",
                source="dpa",
                when=date(2026, 12, 3),
                category="Politik",
            ),
        ),
    ],
    "TASS": [
        (
            """Business

Russia's Central Bank keeps key rate at 16%

The regulator said inflation was slowing faster than expected
Bank of Russia Governor Elvira Nabiullina
© Sergei Bobylev/TASS

MOSCOW, December 2. /TASS/. The Bank of Russia kept its key rate unchanged at 16% per annum, the regulator said on Tuesday.

The next board meeting is due in February.
""",
            Expected(
                headline="Russia's Central Bank keeps key rate at 16%",
                standfirst="The regulator said inflation was slowing faster than expected",
                body_start="<p>The Bank of Russia kept its key rate unchanged",
                place="MOSCOW",
                source="TASS",
                when=date(2026, 12, 2),
                pictures=[("Bank of Russia Governor Elvira Nabiullina", "Sergei Bobylev/TASS")],
                category="Business",
            ),
        ),
        (
            """Putin to address Federal Assembly in February, Kremlin says

Vladimir Putin © Mikhail Metzel/TASS

MOSCOW, December 1. /TASS/. Russian President Vladimir Putin will deliver his address to the Federal Assembly in February, Kremlin spokesman said on Monday.
""",
            Expected(
                headline="Putin to address Federal Assembly in February, Kremlin says",
                body_start="<p>Russian President Vladimir Putin will deliver his address",
                place="MOSCOW",
                source="TASS",
                when=date(2026, 12, 1),
                pictures=[("Vladimir Putin", "Mikhail Metzel/TASS")],
            ),
        ),
        (
            """UN General Assembly backs resolution on Arctic cooperation

NEW YORK, Oct. 3. /TASS/. The UN General Assembly adopted a resolution on Arctic cooperation on Friday, a TASS correspondent reported.

The resolution was backed by 120 countries.
""",
            Expected(
                headline="UN General Assembly backs resolution on Arctic cooperation",
                body_start="<p>The UN General Assembly adopted a resolution",
                place="NEW YORK",
                source="TASS",
                when=date(2026, 10, 3),
            ),
        ),
        (
            """Putin meets Xi

The two leaders discussed trade and security, the Kremlin said

BEIJING, December 3. /TASS/. Russian President Vladimir Putin met Chinese leader Xi Jinping on Wednesday.
""",
            Expected(
                headline="Putin meets Xi",
                standfirst="The two leaders discussed trade and security, the Kremlin said",
                body_start="<p>Russian President Vladimir Putin met Chinese leader Xi Jinping",
                place="BEIJING",
                source="TASS",
                when=date(2026, 12, 3),
            ),
        ),
        (
            """Military & Defense

Putin says talks possible.

MOSCOW, December 3. /TASS/. Russian President Vladimir Putin said talks with Kyiv remained possible.
""",
            Expected(
                headline="Putin says talks possible.",
                body_start="<p>Russian President Vladimir Putin said talks",
                place="MOSCOW",
                source="TASS",
                when=date(2026, 12, 3),
                category="Military & Defense",
            ),
        ),
    ],
    "Xinhua": [
        (
            """China's exports rise 5.2 pct in November

BEIJING, Dec. 2 (Xinhua) -- China's exports rose 5.2 percent year on year in November, official data showed Tuesday.

Imports edged up 1.1 percent.
Enditem
""",
            Expected(
                headline="China's exports rise 5.2 pct in November",
                body_start="<p>China's exports rose 5.2 percent",
                body_end="Imports edged up 1.1 percent.</p>",
                place="BEIJING",
                source="Xinhua",
                when=date(2026, 12, 2),
                trailers=["Enditem"],
            ),
        ),
        (
            """China to extend high-speed rail network by 3,000 km next year

by Xinhua writers Zhang Wei and Li Na
A bullet train leaves Shanghai Hongqiao station on Dec. 1, 2026. (Xinhua/Ding Ting)

BEIJING, Dec. 2 /Xinhua/ -- China will add 3,000 km of high-speed railway next year, the national railway operator said Tuesday.

Enditem
""",
            Expected(
                headline="China to extend high-speed rail network by 3,000 km next year",
                body_start="<p>China will add 3,000 km of high-speed railway",
                place="BEIJING",
                source="Xinhua",
                when=date(2026, 12, 2),
                writers=[("Zhang Wei", WRITER), ("Li Na", WRITER)],
                pictures=[
                    (
                        "A bullet train leaves Shanghai Hongqiao station on Dec. 1, 2026.",
                        "Xinhua/Ding Ting",
                    )
                ],
                trailers=["Enditem"],
            ),
        ),
        (
            """UN Security Council extends peacekeeping mission in South Sudan

A UN peacekeeper on patrol in Juba, South Sudan.
(Xinhua/Xie E)

UNITED NATIONS, Dec. 1 (Xinhua) -- The UN Security Council on Monday extended the mandate of its peacekeeping mission in South Sudan for another year.
""",
            Expected(
                headline="UN Security Council extends peacekeeping mission in South Sudan",
                body_start="<p>The UN Security Council on Monday extended",
                place="UNITED NATIONS",
                source="Xinhua",
                when=date(2026, 12, 1),
                pictures=[("A UN peacekeeper on patrol in Juba, South Sudan.", "Xinhua/Xie E")],
            ),
        ),
    ],
    "ANSA": [
        (
            """Politica

Manovra, via libera del Consiglio dei ministri

(di Luca Mirone)
Giorgia Meloni a Palazzo Chigi. ANSA/FABIO FRUSTACI

ROMA, 2 DIC (ANSA) - Il Consiglio dei ministri ha approvato la manovra per il prossimo anno.

Il testo passa ora al Parlamento.

RIPRODUZIONE RISERVATA © Copyright ANSA
""",
            Expected(
                headline="Manovra, via libera del Consiglio dei ministri",
                body_start="<p>Il Consiglio dei ministri ha approvato la manovra",
                body_end="passa ora al Parlamento.</p>",
                place="ROMA",
                source="ANSA",
                when=date(2026, 12, 2),
                writers=[("Luca Mirone", WRITER)],
                pictures=[("Giorgia Meloni a Palazzo Chigi.", "ANSA/FABIO FRUSTACI")],
                category="Politica",
                trailers=["RIPRODUZIONE RISERVATA © Copyright ANSA"],
            ),
        ),
        (
            """Italy's government approves budget for next year

ANSA/ANGELO CARCONI

(ANSA) - ROME, DEC 2 - Italy's government on Tuesday approved its budget for next year, including tax cuts for middle incomes.

The budget now goes to parliament.
""",
            Expected(
                headline="Italy's government approves budget for next year",
                body_start="<p>Italy's government on Tuesday approved its budget",
                place="ROME",
                source="ANSA",
                when=date(2026, 12, 2),
                pictures=[("", "ANSA/ANGELO CARCONI")],
            ),
        ),
        (
            """Borsa: Milano apre in rialzo, bene le banche

MILANO, 2 DIC (ANSA) - Piazza Affari apre in rialzo con il Ftse Mib che guadagna lo 0,6%.

Bene i titoli bancari.
""",
            Expected(
                headline="Borsa: Milano apre in rialzo, bene le banche",
                body_start="<p>Piazza Affari apre in rialzo",
                place="MILANO",
                source="ANSA",
                when=date(2026, 12, 2),
            ),
        ),
        (
            """Il governo approva la manovra di bilancio

(ANSA) - ROMA, 03 DIC - Il Consiglio dei ministri ha approvato la manovra di bilancio.

Il testo passa ora al Senato.
""",
            Expected(
                headline="Il governo approva la manovra di bilancio",
                body_start="<p>Il Consiglio dei ministri ha approvato la manovra",
                body_end="passa ora al Senato.</p>",
                place="ROMA",
                source="ANSA",
                when=date(2026, 12, 3),
            ),
        ),
        (
            """Ultima ora

Sciopero dei trasporti venerdì

ROMA, 3 DIC - (ANSA) I sindacati hanno confermato lo sciopero dei trasporti di venerdì.
""",
            Expected(
                headline="Sciopero dei trasporti venerdì",
                body_start="<p>I sindacati hanno confermato lo sciopero",
                place="ROMA",
                source="ANSA",
                when=date(2026, 12, 3),
                category="Ultima ora",
            ),
        ),
    ],
    "EFE": [
        (
            """El Gobierno aprueba el anteproyecto de ley de vivienda

Por Elena Garrido
La ministra de Vivienda durante la rueda de prensa en Madrid.
EFE/Juan Carlos Hidalgo

MADRID, 2 dic (EFE).- El Gobierno español aprobó este martes el anteproyecto de ley de vivienda.

La norma pasará ahora al Congreso.

EFE jdo/ah
""",
            Expected(
                headline="El Gobierno aprueba el anteproyecto de ley de vivienda",
                body_start="<p>El Gobierno español aprobó este martes",
                body_end="pasará ahora al Congreso.</p>",
                place="MADRID",
                source="EFE",
                when=date(2026, 12, 2),
                writers=[("Elena Garrido", WRITER)],
                pictures=[
                    (
                        "La ministra de Vivienda durante la rueda de prensa en Madrid.",
                        "EFE/Juan Carlos Hidalgo",
                    )
                ],
                trailers=["EFE jdo/ah"],
            ),
        ),
        (
            """Spain's government approves housing bill

By Jorge Rodríguez, EFE
Spain's housing minister at a news conference in Madrid. EPA-EFE/MARISCAL

Madrid, Dec 2 (EFE).- Spain's government on Tuesday approved a draft housing law that caps rent increases.

The bill now goes to parliament.

EFE-EPA
""",
            Expected(
                headline="Spain's government approves housing bill",
                body_start="<p>Spain's government on Tuesday approved a draft housing law",
                body_end="now goes to parliament.</p>",
                place="Madrid",
                source="EFE",
                when=date(2026, 12, 2),
                writers=[("Jorge Rodríguez", WRITER)],
                pictures=[
                    (
                        "Spain's housing minister at a news conference in Madrid.",
                        "EPA-EFE/MARISCAL",
                    )
                ],
                trailers=["EFE-EPA"],
            ),
        ),
        (
            """Internacional

Colombia y Venezuela reabren un paso fronterizo

BOGOTÁ, 2 dic (EFE).- Colombia y Venezuela reabrieron este martes un paso fronterizo cerrado desde hace dos años.
""",
            Expected(
                headline="Colombia y Venezuela reabren un paso fronterizo",
                body_start="<p>Colombia y Venezuela reabrieron este martes",
                place="BOGOTÁ",
                source="EFE",
                when=date(2026, 12, 2),
                category="Internacional",
            ),
        ),
        (
            """El Gobierno aprueba los presupuestos

MADRID, 3 dic (EFE) .- El Consejo de Ministros aprobó este miércoles el proyecto de presupuestos.
""",
            Expected(
                headline="El Gobierno aprueba los presupuestos",
                body_start="<p>El Consejo de Ministros aprobó este miércoles",
                place="MADRID",
                source="EFE",
                when=date(2026, 12, 3),
            ),
        ),
        (
            """Colombia y Venezuela firman un acuerdo comercial

BOGOTÁ/CARACAS, 3 dic (EFE).- Los gobiernos de Colombia y Venezuela firmaron este miércoles un acuerdo comercial.
""",
            Expected(
                headline="Colombia y Venezuela firman un acuerdo comercial",
                body_start="<p>Los gobiernos de Colombia y Venezuela firmaron",
                place="BOGOTÁ/CARACAS",
                source="EFE",
                when=date(2026, 12, 3),
            ),
        ),
    ],
}
CASES = [
    pytest.param(text, expected, id=f"{agency}-{number}")
    for agency, items in ITEMS.items()
    for number, (text, expected) in enumerate(items, start=1)
]


def no_section(name: str) -> bool:
    return False


def read(text: str):
    return parse_text(text, today=TODAY, section_exists=no_section, known_category=no_section)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_an_item_in_its_agencys_style_is_told_apart(text, expected):
    story = read(text)
    assert story.headline == expected.headline
    assert story.standfirst == expected.standfirst
    assert story.body.startswith(expected.body_start)
    assert story.body.endswith(expected.body_end or "</p>")
    assert (story.dateline_place, story.dateline_date) == (expected.place, expected.when)
    assert story.agency == expected.source
    assert story.writers == expected.writers
    assert story.kept.get("contributors", []) == expected.contributors
    assert story.kept.get("trailers", []) == expected.trailers
    assert story.kept.get("header_lines", []) == expected.header_lines
    assert [(p.caption, p.credit_line) for p in story.pictures] == expected.pictures
    assert story.category == story.section_hint == expected.category
    category_notice = [f"category “{expected.category}” maps to no section"]
    assert story.notices == (category_notice if expected.category else [])


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_nothing_the_agency_put_around_the_text_is_left_in_it(text, expected):
    story = read(text)
    text_parts = story.body + story.standfirst
    for name, _ in expected.writers:
        assert f"By {name}" not in text_parts and f"by {name}" not in text_parts
    for caption, credit in expected.pictures:
        assert credit not in text_parts
        assert not caption or caption not in story.standfirst
        assert not caption or f"<p>{caption}" not in story.body
    for trailer in expected.trailers:
        assert trailer not in story.body
    assert "Reporting by" not in story.body and "contributed" not in story.body
    assert not story.body.startswith(("<p>-", "<p>—", "<p>.", "<p>/"))


def test_every_agency_style_has_three_items_or_more():
    agencies = {style.agency for style in STYLES if style.agency}
    assert (
        agencies == set(ITEMS) == {"AP", "Reuters", "AFP", "dpa", "TASS", "Xinhua", "ANSA", "EFE"}
    )
    assert all(len(items) >= 3 for items in ITEMS.values())


# --- the table ---------------------------------------------------------------------------------

EXAMPLES = [
    pytest.param(style, kind, line, id=f"{style.agency or 'other'}-{kind}-{number}")
    for style in STYLES
    for kind, lines in style.examples.items()
    for number, line in enumerate(lines, start=1)
]
READERS = {
    "dateline": lambda line: parse_dateline(line, today=TODAY),
    "credit": split_credit,
    "byline": parse_byline,
    "trailer": _trailer,
    "embargo": lambda line: parse_embargo(line, sent=SENT),
}


def _used(pattern, kind, line):
    if kind == "credit" or (kind == "trailer" and "roles" in pattern.groupindex):
        return pattern.search(line)
    return pattern.match(line) if kind == "dateline" else pattern.fullmatch(line)


@pytest.mark.parametrize(("style", "kind", "line"), EXAMPLES)
def test_each_example_is_read_by_its_own_style_first(style, kind, line):
    """Walking the table in order, no earlier style takes another agency's line."""
    first = next((s for s in STYLES if any(_used(p, kind, line) for p in s.patterns(kind))), None)
    assert first is style
    assert READERS[kind](line) is not None


@pytest.mark.parametrize("style", STYLES, ids=lambda style: style.agency or "other")
def test_every_pattern_has_an_example_in_its_style(style):
    for kind in READERS:
        for pattern in style.patterns(kind):
            examples = style.examples.get(kind, ())
            assert any(_used(pattern, kind, line) for line in examples), pattern.pattern


@pytest.mark.parametrize(
    ("line", "agency"),
    [
        ("ATLANTA, Ga. (AP) -- text", "AP"),
        ("LONDON, Dec 2 (Reuters) - text", "Reuters"),
        ("PARIS, 2 déc 2026 (AFP) - text", "AFP"),
        ("BERLIN (dpa) - text", "dpa"),
        ("MOSCOW, December 2. /TASS/. text", "TASS"),
        ("BEIJING, Dec. 2 (Xinhua) -- text", "Xinhua"),
        ("ROMA, 2 DIC (ANSA) - text", "ANSA"),
        ("MADRID, 2 dic (EFE).- text", "EFE"),
        ("TOKYO, May 3 (Kyodo) - text", ""),
    ],
)
def test_the_brief_s_datelines_are_read_by_their_agency(line, agency):
    dateline = parse_dateline(line, today=TODAY)
    assert dateline.agency == agency
    assert dateline.rest == "text"


@pytest.mark.parametrize(
    ("line", "place", "when", "agency"),
    [
        # Reuters and EFE name every city the story was reported from: kept whole, as printed
        (
            "KYIV/ZAPORIZHZHIA, Dec 3 (Reuters) - text",
            "KYIV/ZAPORIZHZHIA",
            date(2026, 12, 3),
            "Reuters",
        ),
        (
            "CAIRO/JERUSALEM, Dec 3 (Reuters) - text",
            "CAIRO/JERUSALEM",
            date(2026, 12, 3),
            "Reuters",
        ),
        ("BRUSSELS/PARIS (Reuters) - text", "BRUSSELS/PARIS", None, "Reuters"),
        ("BOGOTÁ/CARACAS, 3 dic (EFE).- text", "BOGOTÁ/CARACAS", date(2026, 12, 3), "EFE"),
        # ANSA's site: the agency first, or after the date's dash; a day with its zero
        ("(ANSA) - ROMA, 03 DIC - text", "ROMA", date(2026, 12, 3), "ANSA"),
        ("ROMA, 3 DIC - (ANSA) text", "ROMA", date(2026, 12, 3), "ANSA"),
        ("ROMA, 3 DIC - (ANSA) - text", "ROMA", date(2026, 12, 3), "ANSA"),
        ("(ANSA) - ROME, DEC 3 - text", "ROME", date(2026, 12, 3), "ANSA"),
        # dpa's German date: the day with its full stop, the month in full
        ("BERLIN, 3. Dezember (dpa) - text", "BERLIN", date(2026, 12, 3), "dpa"),
        (
            "Frankfurt/Main, 3. Dez. 2025 (dpa-AFX) - text",
            "Frankfurt/Main",
            date(2025, 12, 3),
            "dpa",
        ),
        # AFP's first of the month
        ("PARIS, 1er déc 2026 (AFP) - text", "PARIS", date(2026, 12, 1), "AFP"),
        ("PARIS, 1er décembre (AFP) - text", "PARIS", date(2026, 12, 1), "AFP"),
        # EFE's `.-` with a space before it, or typed as an en dash
        ("MADRID, 3 dic (EFE) .- text", "MADRID", date(2026, 12, 3), "EFE"),
        ("MADRID, 3 dic (EFE).– text", "MADRID", date(2026, 12, 3), "EFE"),
        # a dash typed as three hyphens
        ("NEW ORLEANS (AP) --- text", "NEW ORLEANS", None, "AP"),
        ("BEIJING, Dec. 3 (Xinhua) --- text", "BEIJING", date(2026, 12, 3), "Xinhua"),
    ],
)
def test_an_agency_s_other_dateline_forms_are_read_to_the_text(line, place, when, agency):
    dateline = parse_dateline(line, today=TODAY)
    assert (dateline.place, dateline.date, dateline.agency) == (place, when, agency)
    assert dateline.rest == "text"


@pytest.mark.parametrize(
    "line",
    [
        "The talks in Kyiv/Zaporizhzhia (Reuters) - ended",  # mixed case: Reuters sets capitals
        "KYIV/ZAPORIZHZHIA, Dec 3 Reuters said - text",
        "ROMA, 3 DIC - il governo (ANSA) text",
        "BERLIN, 3. Dezember - die dpa meldet",
    ],
)
def test_lines_near_the_new_dateline_forms_are_not_datelines(line):
    assert parse_dateline(line, today=TODAY) is None


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("(AP Photo/Evan Vucci)", "", "AP Photo/Evan Vucci"),
        ("Crowds in Beijing. (Xinhua/Ju Huanzong)", "Crowds in Beijing.", "Xinhua/Ju Huanzong"),
        ("REUTERS/Yves Herman", "", "REUTERS/Yves Herman"),
        ("Photo: AFP", "", "AFP"),
        ("EPA/OLIVIER HOSLET", "", "EPA/OLIVIER HOSLET"),
        ("dpa/Michael Kappeler", "", "dpa/Michael Kappeler"),
        ("ANSA/RICCARDO ANTIMIANI", "", "ANSA/RICCARDO ANTIMIANI"),
        ("EFE/Mariscal", "", "EFE/Mariscal"),
        ("© TASS", "", "TASS"),
        ("Vladimir Putin © Valery Sharifulin/TASS", "Vladimir Putin", "Valery Sharifulin/TASS"),
        # Getty's, for its own photographers and for the agencies it sells
        (
            "Protesters march in Paris on Dec. 2, 2026. (Photo by John SMITH / Getty Images)",
            "Protesters march in Paris on Dec. 2, 2026.",
            "John SMITH / Getty Images",
        ),
        ("(Photo by Win McNamee/Getty Images)", "", "Win McNamee/Getty Images"),
        ("(Photo by LUDOVIC MARIN/AFP via Getty Images)", "", "LUDOVIC MARIN/AFP via Getty Images"),
        (
            "(Photo by Theo Wargo/Getty Images for Tribeca Festival)",
            "",
            "Theo Wargo/Getty Images for Tribeca Festival",
        ),
    ],
)
def test_the_brief_s_picture_credits_are_credits(line, caption, credit):
    assert split_credit(line) == (caption, credit)
    assert not _headline_like(line)


@pytest.mark.parametrize(
    "line",
    [
        "Officials said the reporters were REUTERS staff",
        "The photo agency (AP) said nothing",
        "Prices rose 5% in the year to November",
        "Copyright law was changed in 2019",
        "(Photo by the author)",
        "Getty Images said it would cut 5% of its staff",
    ],
)
def test_ordinary_lines_are_not_credits(line):
    assert split_credit(line) is None


def test_a_dateline_in_no_known_style_says_so_and_the_text_still_imports():
    story = read("Quake hits Japan\n\nTokyo -- The city was shaken on Monday.")
    assert story.headline == "Quake hits Japan"
    assert story.dateline_place == ""
    assert story.notices == [UNRECOGNISED_DATELINE]


def test_a_caption_glued_to_its_credit_and_sent_again_apart_is_one_picture():
    text = (
        "Storm floods Venice as the lagoon reaches its highest level this year\n\n"
        "The city's lagoon rose to 1.4 metres\n"
        "St Mark's Square under water. ANSA/ANDREA MEROLA\n"
        "St Mark's Square under water.\nANSA/ANDREA MEROLA\n\n"
        "VENEZIA, 2 DIC (ANSA) - Text."
    )
    story = read(text)
    assert [(p.caption, p.credit_line) for p in story.pictures] == [
        ("St Mark's Square under water.", "ANSA/ANDREA MEROLA")
    ]
    assert story.standfirst == "The city's lagoon rose to 1.4 metres"


def test_a_credit_under_the_headline_does_not_take_the_headline_for_its_caption():
    story = read("Storm floods Venice\n(AP Photo/Luca Bruno)\n\nVENICE, Italy (AP) — Text.")
    assert story.headline == "Storm floods Venice"
    assert [(p.caption, p.credit_line) for p in story.pictures] == [("", "AP Photo/Luca Bruno")]


# --- category lines -----------------------------------------------------------------------------

CATEGORY_LINES = [
    pytest.param(style, name, id=f"{style.agency}-{name}")
    for style in STYLES
    for name in style.categories
]


@pytest.mark.parametrize(("style", "name"), CATEGORY_LINES)
def test_a_section_of_an_agency_s_site_above_a_short_headline_is_the_category(style, name):
    opening = style.examples["dateline"][0]
    story = read(f"{name}\n\nPutin meets Xi\n\n{opening} the first paragraph.")
    assert (story.category, story.headline, story.standfirst) == (name, "Putin meets Xi", "")
    assert story.dateline_place


def test_every_agency_style_names_its_site_s_sections_of_more_than_a_word():
    assert all(style.categories for style in STYLES if style.agency not in ("Xinhua", ""))
    assert all(len(name.split()) > 1 for style in STYLES for name in style.categories)


# --- hostile input -------------------------------------------------------------------------------

MEGABYTE = 1024 * 1024
NEAR_MISSES = [
    "A" * MEGABYTE,
    "A " * (MEGABYTE // 2),
    "A." * (MEGABYTE // 2),
    "A, " * (MEGABYTE // 3),
    "NEW YORK, N.Y." * (MEGABYTE // 14),
    "PARIS, 2 déc" * (MEGABYTE // 12),
    "LONDON, Dec 2 " * (MEGABYTE // 14),
    "(" * MEGABYTE,
    "/" * MEGABYTE,
    "-" * MEGABYTE,
    "©" * MEGABYTE,
    "AP Photo/" * (MEGABYTE // 9),
    "(AP Photo/A" * (MEGABYTE // 11),
    "REUTERS/A" * (MEGABYTE // 9),
    "Photo: " * (MEGABYTE // 7),
    "(Photo by A" * (MEGABYTE // 11),
    "By " * (MEGABYTE // 3),
    "By John Smith and " * (MEGABYTE // 18),
    "(Reporting by " + "A" * MEGABYTE,
    "(Reporting by A; " * (MEGABYTE // 17),
    "Associated Press writer " + "A " * (MEGABYTE // 2),
    "ab/" * (MEGABYTE // 3),
    "ab-" * (MEGABYTE // 3),
    "U.S. " * (MEGABYTE // 5),
    ". A" * (MEGABYTE // 3),
    " " * MEGABYTE,
    "EMBARGOED UNTIL " * (MEGABYTE // 16),
    "EMBARGO: 12:00 GMT " * (MEGABYTE // 19),
    "Sperrfrist: 4. " * (MEGABYTE // 15),
    "HOLD FOR RELEASE UNTIL 10 A.M. EDT, " * (MEGABYTE // 36),
    "KYIV/" * (MEGABYTE // 5),
    "KYIV/ZAPORIZHZHIA, Dec 3 " * (MEGABYTE // 25),
    "(ANSA) - ROMA, 03 DIC " * (MEGABYTE // 22),
    "ROMA, 3 DIC - " * (MEGABYTE // 14),
    "BERLIN, 3. Dezember " * (MEGABYTE // 20),
    "PARIS, 1er déc " * (MEGABYTE // 15),
    "MADRID, 3 dic (EFE) " * (MEGABYTE // 20),
    "(Photo by A / Getty Imagesx " * (MEGABYTE // 28),
    "(Photo by A/B via " * (MEGABYTE // 18),
]


@pytest.mark.parametrize("line", NEAR_MISSES, ids=lambda line: repr(line[:16]))
def test_no_pattern_backtracks_on_a_megabyte_of_near_matches(line):
    """Linear patterns: each finishes (nothing timed; a catastrophic one would hang here)."""
    for style in STYLES:
        for kind in READERS:
            for pattern in style.patterns(kind):
                assert not _used(pattern, kind, line)
    assert _headline_like(line) is False


@pytest.mark.parametrize("line", NEAR_MISSES[:5], ids=lambda line: repr(line[:16]))
def test_a_text_of_megabyte_lines_is_read(line):
    text = f"Headline of the item\n{line}\n\n{line}\n\nWASHINGTON (AP) — {line}\n\n{line}"
    story = read(text)
    assert story.headline == "Headline of the item"


# --- through the one import path -------------------------------------------------------------

REUTERS_ITEM = ITEMS["Reuters"][1][0]
AP_ITEM = ITEMS["AP"][0][0]


@pytest.mark.django_db
def test_bylines_and_contributors_reach_the_draft_with_their_roles():
    outcome = import_data("reuters.txt", REUTERS_ITEM.encode(), today=TODAY)
    assert outcome.result == CREATED
    bylines = outcome.article.bylines.select_related("author").order_by("position")
    assert [(b.author.name, b.role) for b in bylines] == [
        ("Andy Bruce", WRITER),
        ("David Milliken", WRITER),
        ("Leigh Thomas", ADDITIONAL),
        ("Hugh Lawson", EDITOR),
        ("Reuters", WRITER),
    ]
    assert "Reporting by" not in outcome.article.body
    assert outcome.article.dateline_source == "Reuters"
    [picture] = outcome.item.pictures.all()
    assert picture.credit_line == "REUTERS/Kai Pfaffenbach/File Photo"


@pytest.mark.django_db
def test_contributors_in_no_byline_role_are_kept_with_the_item():
    text = ITEMS["Reuters"][2][0]
    outcome = import_data("reuters.txt", text.encode(), today=TODAY)
    assert outcome.item.kept == {"contributors": [{"name": "Jana Choukeir", "role": "Compiled"}]}


@pytest.mark.django_db
def test_a_short_headline_reaches_the_draft_as_its_headline_not_as_its_category():
    text, expected = ITEMS["TASS"][3]
    outcome = import_data("putin-xi.txt", text.encode(), today=TODAY)
    assert outcome.result == CREATED
    assert (outcome.article.headline, outcome.article.standfirst) == (
        expected.headline,
        expected.standfirst,
    )
    assert (outcome.item.category, outcome.item.notices) == ("", [])


@pytest.mark.django_db
def test_a_category_with_no_section_is_said_on_the_item():
    outcome = import_data("ap.txt", AP_ITEM.encode(), today=TODAY)
    assert outcome.item.category == "Politics"
    assert outcome.item.notices == ["category “Politics” maps to no section"]
    assert outcome.article.section is None


@pytest.mark.django_db
def test_a_category_naming_a_section_files_the_draft_there_without_a_notice():
    section = factories.make_section("Politics", slug="politics")
    outcome = import_data("ap.txt", AP_ITEM.encode(), today=TODAY)
    assert outcome.item.notices == []
    assert outcome.article.section == section


TOP_NEWS_ITEM = (
    "Top News\n\nMinister unveils housing plan\nA standfirst about the plan\n\n"
    "LONDON, Dec 3 (Reuters) - The minister unveiled a plan."
)


@pytest.mark.django_db
def test_a_category_of_several_words_no_style_lists_is_read_as_the_headline():
    outcome = import_data("top.txt", TOP_NEWS_ITEM.encode(), today=TODAY)
    assert (outcome.article.headline, outcome.item.category) == ("Top News", "")


@pytest.mark.django_db
@pytest.mark.parametrize("known_by", ["section", "routing rule"])
def test_one_the_desk_knows_by_a_section_or_a_routing_rule_is_the_category(known_by):
    if known_by == "section":
        factories.make_section("Top news", slug="top-news")
    else:
        RoutingRule.objects.create(name="Top", category="top news", tags="top")
    outcome = import_data("top.txt", TOP_NEWS_ITEM.encode(), today=TODAY)
    assert outcome.item.category == "Top News"
    assert (outcome.article.headline, outcome.article.standfirst) == (
        "Minister unveils housing plan",
        "A standfirst about the plan",
    )


@pytest.mark.django_db
def test_an_inactive_rules_category_is_not_known():
    RoutingRule.objects.create(name="Top", category="Top News", tags="top", active=False)
    outcome = import_data("top.txt", TOP_NEWS_ITEM.encode(), today=TODAY)
    assert outcome.article.headline == "Top News"


# --- embargo lines -------------------------------------------------------------------------------


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# Every embargo example in wire.styles, with the moment it names for an item sent at SENT.
EMBARGO_MOMENTS = {
    # AP: a 12-hour clock and a US zone; the date or the weekday may follow
    "EMBARGOED FOR RELEASE UNTIL 12:01 A.M. EST, Tuesday, Nov. 3, 2026": utc(2026, 11, 3, 5, 1),
    "HOLD FOR RELEASE UNTIL 10 A.M. EDT": utc(2026, 3, 2, 14, 0),
    "Embargoed until 6:01 p.m. EDT (2201 GMT) Wednesday, Oct. 14": utc(2026, 10, 14, 22, 1),
    "HOLD FOR RELEASE UNTIL 4 P.M. ET THURSDAY": utc(2026, 3, 5, 21, 0),  # New York: still EST
    # Reuters: `0001 GMT`, New York time said again
    "EMBARGOED UNTIL 0001 GMT WEDNESDAY, MARCH 4": utc(2026, 3, 4, 0, 1),
    "EMBARGOED UNTIL 2301 GMT/6:01 PM ET": utc(2026, 3, 2, 23, 1),
    "EMBARGOED UNTIL 0500 GMT FRIDAY": utc(2026, 3, 6, 5, 0),
    # AFP: day/month/year; in French, Paris time unless said
    "EMBARGO: 12:00 GMT 04/03/2026": utc(2026, 3, 4, 12, 0),
    "SOUS EMBARGO JUSQU'AU 4 MARS 2026 À 00H01 GMT": utc(2026, 3, 4, 0, 1),
    "Embargo jusqu'au mercredi 4 mars à 11h00 heure de Paris": utc(2026, 3, 4, 10, 0),
    "Embargo jusqu'au 1er avril à 06h00": utc(2026, 4, 1, 4, 0),  # Paris in summer time
    # dpa: German time unless said
    "Embargoed until 04.03.2026, 00:01 Uhr MEZ": utc(2026, 3, 3, 23, 1),
    "Sperrfrist 04.03.2026, 00.01 Uhr": utc(2026, 3, 3, 23, 1),
    "Sperrfrist: 4. März 2026, 00:01 Uhr": utc(2026, 3, 3, 23, 1),
    "Sperrfrist: Mittwoch, 4. März, 10:00 Uhr MEZ": utc(2026, 3, 4, 9, 0),
    "Sperrfrist: 18:30 Uhr MESZ": utc(2026, 3, 2, 16, 30),
    # TASS: Moscow time
    "EMBARGOED UNTIL 10:00 MOSCOW TIME, MARCH 3": utc(2026, 3, 3, 7, 0),
    "EMBARGO: 16:00 Moscow time": utc(2026, 3, 2, 13, 0),
    "EMBARGOED UNTIL 09:00 MSK, Oct. 5": utc(2026, 10, 5, 6, 0),
    # Xinhua: Beijing time; 09:30 had passed in Beijing when the item came: the next day's
    "EMBARGOED UNTIL 10:00 BEIJING TIME (0200 GMT) MARCH 5": utc(2026, 3, 5, 2, 0),
    "Embargoed till 20:00 Beijing time, March 4": utc(2026, 3, 4, 12, 0),
    "EMBARGOED UNTIL 09:30 BEIJING TIME": utc(2026, 3, 3, 1, 30),
    # ANSA: Italian time unless said
    "Embargo fino alle ore 12 del 4 marzo": utc(2026, 3, 4, 11, 0),
    "EMBARGO FINO ALLE 00.01 DEL 5 MARZO 2026": utc(2026, 3, 4, 23, 1),
    "Embargo fino alle ore 15:30": utc(2026, 3, 2, 14, 30),
    # EFE: Spanish peninsular time unless said
    "Embargado hasta las 00:01 horas del 4 de marzo": utc(2026, 3, 3, 23, 1),
    "EMBARGADA HASTA LAS 00.01 GMT DEL 5 DE MARZO DE 2026": utc(2026, 3, 5, 0, 1),
    "Embargo hasta las 18.00 horas": utc(2026, 3, 2, 17, 0),
    # any other agency: ISO 8601, or a 24-hour clock with a zone
    "EMBARGOED UNTIL 2026-03-04T00:01Z": utc(2026, 3, 4, 0, 1),
    "Embargo: 2026-03-04 09:00 JST": utc(2026, 3, 4, 0, 0),
    "EMBARGOED UNTIL 09:00 JST, March 5": utc(2026, 3, 5, 0, 0),
    "Embargoed until 18:00 GMT": utc(2026, 3, 2, 18, 0),
}


def test_every_embargo_example_has_the_moment_it_names_asserted():
    examples = {line for style in STYLES for line in style.examples.get("embargo", ())}
    assert examples == set(EMBARGO_MOMENTS)
    agencies = {style.agency for style in STYLES if style.embargoes}
    assert agencies == {"AP", "Reuters", "AFP", "dpa", "TASS", "Xinhua", "ANSA", "EFE", ""}


@pytest.mark.parametrize(("line", "moment"), EMBARGO_MOMENTS.items())
def test_an_embargo_line_is_read_as_the_moment_it_names(line, moment):
    assert is_embargo_line(line)
    read = parse_embargo(line, sent=SENT)
    assert read == moment
    assert read.tzinfo is not None


@pytest.mark.parametrize(
    "line",
    [
        "Embargo on Cuban cigars eased after talks",
        "Embargoed Russian oil still reaches Europe, report says",
        "The embargo ended on Tuesday.",
        "Release of embargoed documents delayed",
        "Embargoed until further notice, the report said, " + "the figures were kept back. " * 8,
        "Embargado el yate, la familia recurrirá.",  # EFE copy: "the yacht seized"
        "Sperrfrist für Mieterhöhungen verlängert",  # a dpa headline: "rent rise moratorium"
    ],
)
def test_a_line_that_only_speaks_of_an_embargo_is_not_an_embargo_line(line):
    assert not is_embargo_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Embargoed until further notice, the tankers stayed in port.",
        "Hold for release of the crews, the unions demanded.",
        "Hold for release of the hostages, the families urged the government.",
        "Embargoed until the sanctions are lifted, the cargo is rotting in Rotterdam.",
        "Sperrfrist bis zur Wahl, sagte die Ministerin.",
        "Embargo jusqu'à nouvel ordre sur les exportations, a décidé le gouvernement.",
    ],
)
def test_a_sentence_opening_with_a_notices_words_is_a_notice_only_above_the_text(line):
    # Inside the text it runs on past a comma and says no when: prose. Above it, or in an
    # undated item, it would stop publication unread.
    assert not is_embargo_line(line, in_text=True)
    assert is_embargo_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Embargoed until delivery",
        "Not for publication before the speech is delivered",
        "Embargo fino a martedì",
        "Embargoed until the end of the press conference.",
    ],
)
def test_a_notice_in_words_no_style_reads_is_one_inside_the_text_too(line):
    assert is_embargo_line(line, in_text=True)


@pytest.mark.parametrize(
    "line",
    [
        "EMBARGOED UNTIL FURTHER NOTICE",
        "EMBARGOED",
        "Embargoed until 10:00",  # no zone, and no agency to read it in its own time
        "HOLD FOR RELEASE UNTIL 25 P.M. EDT",
        "Sperrfrist: 31. Februar 2026, 10:00 Uhr",
        "EMBARGO: 12:00 GMT 04/13/2026",
        "EMBARGOED UNTIL 0001 GMT MONDAY, MARCH 4",  # 4 March 2026 is a Wednesday
        # they say when, but no style reads it: still notices
        "Embargoed until further notice",
        "Embargoed until further notice.",
        "Hold for release until further notice",
        "HOLD FOR RELEASE",
        "Hold for release",
        "HOLD FOR RELEASE UNTIL RELEASE OF THE JOBS REPORT",
        "EMBARGOED UNTIL <b>FURTHER</b> NOTICE",  # capitals, a tag's letter aside
        "Embargoed until Tuesday",
        "Embargoed until midnight",
        "Sperrfrist bis Montag",
        "Embargo jusqu'à nouvel ordre",
        "Sperrfrist bis auf Weiteres",
        "Embargo fino a nuovo avviso",
        "Embargado hasta nuevo aviso",
    ],
)
def test_an_embargo_line_that_cannot_be_read_is_recognised_but_not_read(line):
    assert is_embargo_line(line)
    assert parse_embargo(line, sent=SENT) is None


def test_the_weekday_chooses_nothing_but_must_agree_with_the_date():
    line = "EMBARGOED UNTIL 0001 GMT MONDAY, MARCH 4"
    assert parse_embargo(line, sent=utc(2024, 3, 1, 9, 0)) == utc(2024, 3, 4, 0, 1)


HOLD = "HOLD FOR RELEASE UNTIL 10 A.M. EDT"


def test_a_time_alone_is_the_items_own_day():
    assert parse_embargo(HOLD, sent=utc(2026, 6, 10, 13, 0)) == utc(2026, 6, 10, 14, 0)


def test_a_time_alone_already_past_when_the_item_was_sent_is_the_next_day():
    assert parse_embargo(HOLD, sent=utc(2026, 6, 10, 15, 0)) == utc(2026, 6, 11, 14, 0)


def test_a_time_alone_is_the_day_the_item_says_it_is_from():
    sent = utc(2026, 6, 10, 15, 0)
    assert parse_embargo(HOLD, sent=sent, day=date(2026, 6, 12)) == utc(2026, 6, 12, 14, 0)


def test_a_time_alone_is_never_simply_today():
    assert parse_embargo(HOLD, sent=utc(2019, 7, 1, 8, 0)) == utc(2019, 7, 1, 14, 0)


def test_the_day_is_the_one_in_the_embargo_s_zone():
    """At 01:00 GMT on 11 June it is still 10 June in New York, and 11 p.m. that day is ahead."""
    line = "HOLD FOR RELEASE UNTIL 11 P.M. EDT"
    assert parse_embargo(line, sent=utc(2026, 6, 11, 1, 0)) == utc(2026, 6, 11, 3, 0)


def test_a_weekday_alone_is_the_next_such_day_or_the_week_after_if_it_has_passed():
    line = "EMBARGOED UNTIL 0001 GMT FRIDAY"
    assert parse_embargo(line, sent=utc(2026, 3, 5, 22, 0)) == utc(2026, 3, 6, 0, 1)
    assert parse_embargo(line, sent=utc(2026, 3, 6, 10, 0)) == utc(2026, 3, 13, 0, 1)


def test_a_date_without_a_year_in_a_december_item_is_next_january():
    line = "Sperrfrist: 4. Januar, 00:01 Uhr"
    assert parse_embargo(line, sent=utc(2026, 12, 20, 9, 0)) == utc(2027, 1, 3, 23, 1)
    assert parse_embargo(line, sent=utc(2027, 1, 10, 9, 0)) == utc(2027, 1, 3, 23, 1)

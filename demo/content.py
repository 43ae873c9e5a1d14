"""The demo newsroom: sections, people, accounts and a handful of stories in every state.

The lead story is the TASS dispatch in articles/seed/, the wire copy the project started from.
"""

from pathlib import Path

SEED_FILE = (
    Path(__file__).resolve().parent.parent / "articles" / "seed" / "000_7e226a48a90657f7.txt"
)

SECTIONS = [
    ("World", "world", "News from every continent."),
    ("Politics", "politics", "Parliament, government and elections."),
    ("Business", "business", "Companies, markets and the economy."),
    ("Science", "science", "Research, space, health and the environment."),
    ("Culture", "culture", "Books, film, music and the arts."),
]

# (username, group, author name, author slug)
ACCOUNTS = [
    ("editor", "Editor", "Helen Marsh", "helen-marsh"),
    ("reporter", "Reporter", "Tomás Ortega", "tomas-ortega"),
    ("photodesk", "Photo desk", "", ""),
]

# Today's story budget: slug, pitch, section, writer, photographer, deadline (hour), words,
# and a brief for the photo desk.
BUDGET = [
    (
        "eu-summit-reax",
        "Reactions in the capitals to the EU summit's energy deal",
        "world",
        "reporter",
        "",
        15,
        700,
        "",
    ),
    (
        "harbour-strike",
        "Dock workers vote on a strike at the container harbour",
        "business",
        "reporter",
        "photodesk",
        17,
        500,
        "The picket line at the harbour gate, wide and tight.",
    ),
    (
        "city-budget",
        "What the city budget means for your bins and buses",
        "politics",
        "",
        "",
        18,
        900,
        "",
    ),
]

AGENCIES = [("TASS", "tass", "Russian news agency.")]

SEED_PHOTO = {
    "caption": "NATO Secretary General Jens Stoltenberg",
    "credit_line": "EPA-EFE/KOCA SULEJMANOVIC",
    "creator": "KOCA SULEJMANOVIC",
    "source": "EPA-EFE",
}

# Stories besides the seed: (status, section, author's username, headline, standfirst, body, tags)
STORIES = [
    (
        "published",
        "science",
        "reporter",
        "Volunteers count a record number of swifts over the river",
        "Two hundred birdwatchers spent the weekend on the bridges; the tally surprised them.",
        [
            "Volunteers counted 4,312 common swifts over the river on Saturday evening, the "
            "highest figure since the survey began eleven years ago.",
            "“We expected a good year after the warm spring, but not this,” said the survey's "
            "coordinator, who has watched the birds from the same bridge since 2015.",
            "The count will be repeated in August, when the birds gather before flying south.",
        ],
        ["Wildlife", "Birds"],
    ),
    (
        "published",
        "business",
        "editor",
        "Harbour cranes return to work after a week-long stoppage",
        "Dock workers and the port authority agreed on new shift patterns late on Thursday.",
        [
            "The first container ships were unloaded on Friday morning after the port authority "
            "and the dockers' union agreed on a new pattern of shifts.",
            "About forty ships had waited offshore during the stoppage.",
        ],
        ["Port", "Strikes"],
    ),
    (
        "edit",
        "politics",
        "reporter",
        "City council votes to extend the night bus network",
        "Three new routes will link the outer districts with the centre from March.",
        [
            "The council approved the extension by 31 votes to 12 on Tuesday.",
            "Opposition members asked how the new routes would be paid for after the subsidy ends.",
        ],
        ["Transport", "City council"],
    ),
    (
        "edit",
        "culture",
        "reporter",
        "A forgotten opera is staged again after 150 years",
        "The score was found in a library basement during a move.",
        [
            "The opera, last performed in 1874, opens at the municipal theatre on Friday.",
            "Musicians rebuilt the orchestral parts from a single surviving manuscript.",
        ],
        ["Opera", "Music"],
    ),
    (
        "draft",
        "world",
        "reporter",
        "Ferry links to the islands resume after the storm",
        "",
        ["Ferries sailed again on Monday morning after three days in port."],
        ["Ferries", "Weather"],
    ),
    (
        "draft",
        "business",
        "reporter",
        "Local bakery chain opens its tenth shop",
        "The family firm started with one oven in 1982.",
        [],
        ["Retail"],
    ),
]

"""manage.py generate_articles N: a realistic newsroom of published articles, for benchmarks.

Sections, staff writers and agencies, a small pool of credited photos, and N articles each with
2–3 bylines, 3 tags and a lead photo, published one every few minutes back from now. Run it again
to add more.

Articles are made in batches of --batch-size, each in its own transaction: the articles, their
bylines, tags and teaser rows each go in with one bulk insert per batch, and nothing of a batch is
kept after it, so memory stays flat however many are asked for (1,000,000 take about half an hour
on two cores, most of it PostgreSQL parsing bodies for the search columns and indexing them).
"""

import io
import random
import time
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw
from taggit.models import Tag, TaggedItem

from articles import renditions, teasers
from articles.cache import public_content_changed
from articles.models import Article, Author, Byline, Section, Status
from media_assets.uploads import import_photo

SECTIONS = ["World", "Europe", "Politics", "Business", "Science", "Sport", "Culture", "Opinion"]
FIRST = ["Anna", "Boris", "Chloé", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas"]
LAST = ["Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Urban", "Vidal"]
AGENCIES = ["TASS", "Reuters", "AFP", "EPA-EFE", "AP"]
TOPICS = [
    "NATO",
    "Russia",
    "INF Treaty",
    "Elections",
    "Climate",
    "Energy",
    "Trade",
    "Health",
    "Migration",
    "Space",
    "Football",
    "Tennis",
    "Film",
    "Music",
    "Technology",
    "Banking",
    "Inflation",
    "Diplomacy",
    "Defence",
    "Education",
    "Transport",
    "Agriculture",
    "Courts",
    "Parliament",
    "Ukraine",
    "China",
    "United States",
    "Germany",
    "France",
    "Brussels",
]
SUBJECTS = [
    "Ministers",
    "NATO",
    "The central bank",
    "Scientists",
    "The court",
    "Parliament",
    "Farmers",
    "The commission",
    "Negotiators",
    "Voters",
]
VERBS = ["agree on", "reject", "debate", "delay", "announce", "question", "back", "review"]
OBJECTS = [
    "new treaty",
    "budget plan",
    "energy deal",
    "trade rules",
    "climate targets",
    "missile talks",
    "rate rise",
    "reform package",
    "border checks",
    "space mission",
]
PLACES = ["Brussels", "Moscow", "Washington", "Berlin", "Paris", "Geneva", "Kyiv", "London"]
PARAGRAPH = (
    "<p>{subject} said on {day} that the {object} would be discussed again next week, after "
    "talks in {place} ended without a joint statement. Officials close to the negotiations "
    "described the mood as constructive but cautious.</p>"
)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


class Command(BaseCommand):
    help = "Create N realistic published articles (with bylines, tags and photos) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many articles to create.")
        parser.add_argument("--photos", type=int, default=12, help="Size of the photo pool.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (repeatable runs).")
        parser.add_argument(
            "--minutes", type=int, default=7, help="Minutes between two articles' publication."
        )
        parser.add_argument(
            "--batch-size", type=int, default=1000, help="Articles per transaction (default 1000)."
        )

    def handle(self, *args, count, photos, seed, minutes, batch_size, **options):
        if count < 1 or photos < 1 or minutes < 1 or batch_size < 1:
            raise CommandError("count, --photos, --minutes and --batch-size must be positive.")
        rng = random.Random(seed)
        sections = [self._section(name, position) for position, name in enumerate(SECTIONS)]
        authors = self._authors()
        pool = [self._photo(rng, n) for n in range(photos)]
        tags = [Tag.objects.get_or_create(name=n, defaults={"slug": slugify(n)})[0] for n in TOPICS]
        start = Article.objects.count()
        now = timezone.now()
        began = time.monotonic()
        for first in range(0, count, batch_size):
            size = min(batch_size, count - first)
            with transaction.atomic():
                made = self._articles(rng, start + first, size, sections, pool, now, minutes)
                self._bylines(rng, made, authors)
                self._tags(rng, made, tags)
                teasers.refresh(article.pk for article in made)
            done, seconds = first + size, time.monotonic() - began
            self.stdout.write(f"{done} of {count} articles ({done / seconds:.0f} a second)")
        public_content_changed()
        self.stdout.write(
            self.style.SUCCESS(f"Created {count} published articles in {seconds:.0f} s.")
        )

    def _section(self, name, position):
        return Section.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )[0]

    def _authors(self):
        people = [f"{a} {b}" for a in FIRST for b in LAST[: len(FIRST) // 2]]
        authors = [
            Author.objects.get_or_create(slug=slugify(name), defaults={"name": name, "bio": ""})[0]
            for name in people
        ]
        for agency in AGENCIES:
            authors.append(
                Author.objects.get_or_create(
                    slug=slugify(agency), defaults={"name": agency, "kind": Author.Kind.AGENCY}
                )[0]
            )
        return authors

    def _photo(self, rng, n):
        image = Image.new("RGB", (1600, 1067), tuple(rng.randrange(40, 200) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randrange(1600), rng.randrange(1067)
            colour = tuple(rng.randrange(256) for _ in range(3))
            draw.ellipse((x, y, x + rng.randrange(80, 500), y + rng.randrange(80, 400)), colour)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        agency = AGENCIES[n % len(AGENCIES)]
        fields = {
            "caption": f"{rng.choice(SUBJECTS)} in {rng.choice(PLACES)}",
            "alt_text": "Coloured shapes standing in for a news photograph",
            "creator": f"{rng.choice(FIRST)} {rng.choice(LAST)}".upper(),
            "source": agency,
        }
        fields["credit_line"] = f"{agency}/{fields['creator']}"
        photo = import_photo(buffer.getvalue(), filename=f"pool-{n}.jpg", fields=fields)[0]
        renditions.make_now(photo)  # the pool's renditions here: no worker needed for the pages
        return photo

    def _articles(self, rng, offset, size, sections, pool, now, minutes):
        articles = []
        for n in range(offset, offset + size):
            when = now - timedelta(minutes=minutes * n)
            headline = (
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                f"in {rng.choice(PLACES)}"
            )
            body = "".join(
                PARAGRAPH.format(
                    subject=rng.choice(SUBJECTS),
                    day=rng.choice(DAYS),
                    object=rng.choice(OBJECTS),
                    place=rng.choice(PLACES),
                )
                for _ in range(rng.randint(5, 9))
            )
            articles.append(
                Article(
                    headline=headline,
                    slug=f"{slugify(headline)}-{n}",
                    standfirst=f"{headline}: what was decided, and what comes next.",
                    body=body,
                    section=rng.choice(sections),
                    lead_photo=rng.choice(pool),
                    dateline_place=rng.choice(PLACES),
                    dateline_date=when.date(),
                    dateline_source=rng.choice(AGENCIES),
                    status=Status.PUBLISHED,
                    published_at=when,
                    first_published_at=when,
                )
            )
        return Article.objects.bulk_create(articles)

    def _bylines(self, rng, articles, authors):
        rows = []
        for article in articles:
            chosen = rng.sample(authors, rng.randint(2, 3))
            roles = [Byline.Role.WRITER, Byline.Role.WRITER, Byline.Role.ADDITIONAL]
            for position, (author, role) in enumerate(zip(chosen, roles, strict=False)):
                rows.append(Byline(article=article, author=author, role=role, position=position))
        Byline.objects.bulk_create(rows)

    def _tags(self, rng, articles, tags):
        content_type = ContentType.objects.get_for_model(Article)
        rows = [
            TaggedItem(tag=tag, content_type=content_type, object_id=article.pk)
            for article in articles
            for tag in rng.sample(tags, 3)
        ]
        TaggedItem.objects.bulk_create(rows)

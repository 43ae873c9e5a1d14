"""Plain factory functions: each makes one valid object, with keyword overrides."""

import io
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image

from articles import editing, teasers
from articles.models import Article, Author, Byline, Revision, Section, Status
from media_assets.models import Photo
from media_assets.uploads import import_photo

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def make_user(username=None, **fields):
    username = username or f"user{next(_seq)}"
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, **fields
    )
    return user


def make_section(name=None, **fields):
    name = name or f"Section {next(_seq)}"
    return Section.objects.create(
        name=name, slug=fields.pop("slug", name.lower().replace(" ", "-")), **fields
    )


def make_author(name=None, **fields):
    name = name or f"Author {next(_seq)}"
    return Author.objects.create(
        name=name, slug=fields.pop("slug", name.lower().replace(" ", "-")), **fields
    )


def image_bytes(size=(640, 480), *, fmt="JPEG", color=(200, 40, 40), mode="RGB", **save_args):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_args)
    return buffer.getvalue()


def distinct_jpeg(number: int) -> bytes:
    """A 640x480 JPEG no other number gives: the number's bits as dark squares on red. (Shades of
    one colour are not enough: JPEG makes neighbouring ones the same file, and the library would
    take the second photo for the first.)"""
    image = Image.new("RGB", (640, 480), (200, 40, 40))
    for bit in range(48):
        if number >> bit & 1:
            x, y = bit % 8 * 80, bit // 8 * 80
            image.paste((20, 20, 20), (x, y, x + 80, y + 80))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def make_photo(**fields) -> Photo:
    fields.setdefault("caption", "A test picture")
    fields.setdefault("alt_text", "A red rectangle")
    fields.setdefault("credit_line", "EPA-EFE/TEST PHOTOGRAPHER")
    photo, _ = import_photo(distinct_jpeg(next(_seq)), filename="test.jpg", fields=fields)
    return photo


def make_article(*, status=Status.DRAFT, bylines=None, tags=(), **fields) -> Article:
    """A complete article (headline, body, section, a byline) in the given state."""
    n = next(_seq)
    fields.setdefault("headline", f"Headline {n}")
    fields.setdefault("slug", f"headline-{n}")
    fields.setdefault("standfirst", "What happened, in one sentence.")
    fields.setdefault("body", "<p>The first paragraph.</p>")
    if "section" not in fields:
        fields["section"] = make_section()
    if "lead_photo" not in fields and "no_photo" not in fields:
        fields["no_photo"] = True
    article = Article.objects.create(**fields)
    for position, author in enumerate(bylines if bylines is not None else [make_author()]):
        Byline.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.add(*tags)
    if status != Status.DRAFT:
        # Tests set the state directly; only workflow.perform() does so in the application.
        now = timezone.now()
        published = {"published_at": now, "first_published_at": now}
        Article.objects.filter(pk=article.pk).update(
            status=status, **(published if status == Status.PUBLISHED else {})
        )
        article.refresh_from_db()
        teasers.refresh([article.pk])  # as workflow.perform() does
    return article


def save_revision(article: Article, user) -> Revision:
    """Save the article as it stands through the one save path: its next revision."""
    stored = Article.objects.values_list("version", flat=True).get(pk=article.pk)
    return editing.save_content(
        article, user=user, source=Revision.Source.ADMIN, expected_version=stored
    )


# --- issue 14, the story budget (tests/desk/test_budget.py, test_photo_requests.py) -----------


def make_line(**fields):
    """A budget line for today, in a new section unless one is given."""
    from desk.models import BudgetLine

    n = next(_seq)
    fields.setdefault("slug", f"story-{n}")
    fields.setdefault("pitch", f"What story {n} is about")
    if "section" not in fields:
        fields["section"] = make_section()
    return BudgetLine.objects.create(**fields)


def make_photo_request(line=None, **fields):
    from desk.models import PhotoRequest

    fields.setdefault("brief", "The minister arriving at the summit")
    return PhotoRequest.objects.create(line=line or make_line(), **fields)


# --- issue 15, live blogs (tests/articles/test_live*.py, tests/e2e/test_live_blog.py) --------


def make_live_blog(*, status=Status.PUBLISHED, **fields) -> Article:
    """A live blog (published unless told), owned through its byline by whoever `bylines` name."""
    return make_article(status=status, is_live=True, **fields)


def post_entry(article: Article, user, text: str = "Ministers arrive.", **fields):
    """One entry posted through the one way entries are posted (articles.live.post)."""
    from articles import live

    return live.post(article, user, live.Entry(body=f"<p>{text}</p>", **fields))

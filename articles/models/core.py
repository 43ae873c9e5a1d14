"""The editorial domain: sections, contributors, articles and bylines."""

from typing import Any, NamedTuple

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from taggit.managers import TaggableManager

from articles.addresses import public_url
from articles.html import sanitize_body
from media_assets.models import Photo, credit_text
from newsroom.inserts import CompiledInsert


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="Shown at the top of the section page.")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in this order in the site's navigation."
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_sections",
        help_text="Told when a story in this section is submitted for edit. None chosen: every "
        "editor is told.",
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return public_url("articles:section", self.slug)


class Author(models.Model):
    """Anyone who gets a byline: staff, freelancers, wire agencies; with or without an account."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        AGENCY = "agency", "Agency"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.PERSON)
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The staff account that writes as this author, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return public_url("articles:author", self.slug)


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    EDIT = "edit", "In edit"
    PUBLISHED = "published", "Published"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what the public may see: published, due, and not under embargo."""
        now = timezone.now()
        not_embargoed = models.Q(embargo_until__isnull=True) | models.Q(embargo_until__lte=now)
        return self.filter(not_embargoed, status=Status.PUBLISHED, published_at__lte=now)

    def owned_by(self, user):
        """What `user` wrote or carries their byline: the union of two look-ups by index (a join
        through the bylines with OR, then DISTINCT, reads every article and byline)."""
        created = Article.objects.filter(created_by=user).values("pk")
        bylined = Byline.objects.filter(author__user=user).values("article_id")
        return self.filter(pk__in=created.union(bylined))


class Article(CompiledInsert):
    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the article's address."
    )
    standfirst = models.TextField(
        max_length=600, blank=True, help_text="One or two sentences under the headline."
    )
    body = models.TextField(
        blank=True,
        help_text="Paragraphs, subheads, lists, links, emphasis, quotes, tables, pull quotes, fact "
        "boxes, photos from the library and embeds from the listed providers; anything else is "
        "removed on save. A photo in the text needs a credit and alt text, as the lead does.",
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    tags = TaggableManager(blank=True)

    lead_photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="lead_articles"
    )
    lead_caption = models.TextField(
        blank=True, help_text="Replaces the photo's own caption on this article only."
    )
    lead_credit = models.CharField(
        max_length=200, blank=True, help_text="Replaces the photo's credit on this article only."
    )
    no_photo = models.BooleanField(
        "publish without a photo",
        default=False,
        help_text="Tick to publish on purpose with no lead photo.",
    )

    # Search and social: each optional, each falling back to the headline, standfirst or lead
    # photo (see articles.templatetags.article_meta.social). The limits are what search engines
    # and networks show (articles.forms.COUNTED): longer is allowed and warned, up to max_length.
    seo_title = models.CharField(
        "SEO title",
        max_length=120,
        blank=True,
        help_text="The title in search results and the browser tab, instead of the headline. "
        "Google shows about 60 characters; beyond that it is cut.",
    )
    meta_description = models.CharField(
        max_length=320,
        blank=True,
        help_text="The text under the title in search results, instead of the standfirst. "
        "Google shows about 155–160 characters.",
    )
    social_headline = models.CharField(
        max_length=200,
        blank=True,
        help_text="The headline of the card on Facebook, X and LinkedIn, instead of the "
        "headline. They show about 70 characters.",
    )
    social_image = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="social_articles",
        help_text="The picture of the social card, instead of the lead photo; cropped to 16:9. "
        "It needs a credit, alt text and a valid licence to publish, like the lead photo.",
    )

    dateline_place = models.CharField(max_length=100, blank=True, help_text="e.g. Brussels")
    dateline_date = models.DateField(null=True, blank=True)
    dateline_source = models.CharField(
        max_length=50, blank=True, help_text="The agency whose dispatch this is, e.g. TASS."
    )

    status = models.CharField(
        max_length=10, choices=Status, default=Status.DRAFT, editable=False, db_index=True
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Nothing of the article is public before this moment, whatever its status: "
        "not the page, feeds, sitemaps, search or API. Only editors may set or lift it.",
    )
    version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Goes up with every saved revision."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    revised_at = models.DateTimeField(
        "publicly updated at",
        null=True,
        blank=True,
        editable=False,
        help_text="Set by a correction or update note; silent fixes leave it alone.",
    )
    # Live coverage (articles.live): entries posted one by one under the article's text.
    is_live = models.BooleanField(
        "live blog",
        default=False,
        help_text="Readers see entries posted one by one under the text, newest first, and new "
        "ones appear without reloading. Post entries from Live blog entries.",
    )
    live_closed_at = models.DateTimeField(
        "live coverage ended",
        null=True,
        blank=True,
        editable=False,
        help_text="Set when an editor closes the live blog: no entry may be posted after it.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-updated_at"]
        permissions = [
            ("publish_article", "Can return, publish and unpublish articles"),
            ("edit_any_article", "Can edit any article in any state"),
            ("attach_photo", "Can set the lead photo of any article"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="article_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.headline

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        when = timezone.localtime(self.published_at or self.created_at)
        section = self.section.slug if self.section else "news"
        date = (str(when.year), f"{when.month:02d}", f"{when.day:02d}")
        return public_url("articles:article", section, *date, self.slug)

    def is_owned_by(self, user) -> bool:
        if self.created_by_id == user.pk:
            return True
        return any(b.author.user_id == user.pk for b in self.bylines.all())

    @property
    def is_scheduled(self) -> bool:
        if self.status != Status.PUBLISHED:
            return False
        assert self.published_at is not None, "publishing sets published_at (workflow._apply)"
        return self.published_at > timezone.now()

    @property
    def is_embargoed(self) -> bool:
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def modified_at(self):
        """The "updated" time readers see: the latest correction or update, else publication."""
        return self.revised_at or self.published_at

    @property
    def dateline(self) -> str:
        """House style: `BRUSSELS, October 31. /TASS/.`"""
        if not self.dateline_place:
            return ""
        text = self.dateline_place.upper()
        if self.dateline_date:
            text += ", " + date_format(self.dateline_date, "F j")
        text += "."
        if self.dateline_source:
            text += f" /{self.dateline_source}/."
        return text

    @property
    def byline(self) -> str:
        return format_byline(list(self.bylines.all()), name=lambda byline: byline.author.name)

    @property
    def caption(self) -> str:
        if self.lead_caption:
            return self.lead_caption
        return self.lead_photo.caption if self.lead_photo else ""

    @property
    def credit(self) -> str:
        if self.lead_credit:
            return credit_text(self.lead_credit)
        return self.lead_photo.credit if self.lead_photo else ""


class Byline(models.Model):
    class Role(models.TextChoices):
        WRITER = "writer", "Writer"
        ADDITIONAL = "additional", "Additional reporting"
        PHOTOGRAPHER = "photographer", "Photographer"
        EDITOR = "editor", "Editor"
        TRANSLATOR = "translator", "Translator"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    role = models.CharField(max_length=20, choices=Role, default=Role.WRITER)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author", "role"], name="unique_byline_role")
        ]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()})"


class Credit(NamedTuple):
    """A byline as readers see it: the role, and the author's name, address and kind."""

    role: str
    name: str
    slug: str
    kind: str

    @property
    def url(self) -> str:
        return public_url("articles:author", self.slug)

    @property
    def is_agency(self) -> bool:
        return self.kind == Author.Kind.AGENCY


class Topic(NamedTuple):
    """A tag as readers see it."""

    name: str
    slug: str

    @property
    def url(self) -> str:
        return public_url("articles:tag", self.slug)


# Keyed by role value: a Byline's role is a Role, a teaser row's Credit role a plain str.
BYLINE_PHRASES: dict[str, str] = {
    Byline.Role.WRITER: "By {}",
    Byline.Role.ADDITIONAL: "additional reporting by {}",
    Byline.Role.PHOTOGRAPHER: "photographs by {}",
    Byline.Role.EDITOR: "edited by {}",
    Byline.Role.TRANSLATOR: "translated by {}",
}


def join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def format_byline(credits: list, *, name=lambda credit: credit.name) -> str:
    """`By A and B; additional reporting by C`, roles in the order they first appear.

    `credits` are Credits or Bylines (anything with a `role`); `name(credit)` gives the words
    for each person (Credit.name by default; byline links pass an escaped link).
    """
    by_role: dict[str, list[str]] = {}
    for credit in credits:
        by_role.setdefault(credit.role, []).append(name(credit))
    parts = [BYLINE_PHRASES[role].format(join_names(names)) for role, names in by_role.items()]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


class PreviousSlug(models.Model):
    """A published article's old slug, so its old address answers with a redirect."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="previous_slugs")
    slug = models.SlugField(max_length=200, unique=True)

    def __str__(self):
        return self.slug

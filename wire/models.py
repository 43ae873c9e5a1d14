"""What came in on the wire: one record per agency item, beside the draft it became."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles.models import Article
from media_assets.models import Photo, credit_text
from newsroom.inserts import CompiledInsert


class WireItem(CompiledInsert):
    """An agency item by its URI: re-sending the same version changes nothing."""

    class Format(models.TextChoices):
        TEXT = "text", "Plain text"
        NINJS2 = "ninjs2", "ninjs 2.x"
        NINJS3 = "ninjs3", "ninjs 3.x"
        NEWSMLG2 = "newsmlg2", "NewsML-G2"

    class PubStatus(models.TextChoices):
        USABLE = "usable", "Usable"
        WITHHELD = "withheld", "Withheld by the agency"
        CANCELED = "canceled", "Cancelled by the agency"

    uri = models.CharField("URI", max_length=500, unique=True, editable=False)
    # Big: some agencies (and our own export) use timestamps as versions.
    version = models.PositiveBigIntegerField(default=1, editable=False)
    format = models.CharField(max_length=10, choices=Format, editable=False)
    agency = models.CharField(max_length=100, editable=False)
    article = models.OneToOneField(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wire_item",
        help_text="The draft this item became. Empty if the desk deleted it: the item is not "
        "imported again.",
    )
    filename = models.CharField(max_length=255, blank=True, editable=False)
    received_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    version_created = models.DateTimeField(null=True, blank=True, editable=False)
    embargoed_until = models.DateTimeField(
        null=True, blank=True, help_text="The agency forbids publication before this moment."
    )
    pubstatus = models.CharField(
        "agency status", max_length=10, choices=PubStatus, default=PubStatus.USABLE
    )
    place_unrecognised = models.BooleanField(
        "dateline place unrecognised",
        default=False,
        help_text="The dateline's place is not a spelling we know. It is kept as sent: check it.",
    )
    language = models.CharField(max_length=35, blank=True)
    copyright_holder = models.CharField(max_length=200, blank=True)
    copyright_notice = models.TextField(blank=True)
    usage_terms = models.TextField(blank=True)
    ed_note = models.TextField("agency's note to editors", blank=True)
    info_sources = models.TextField(blank=True, help_text="Who supplied or enhanced the item.")
    payload = models.TextField(editable=False, help_text="The item exactly as received.")
    subjects = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The subjects as coded by the agency: name, code and scheme.",
    )
    urgency = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="1 is the most urgent, 9 the least."
    )
    category = models.CharField(
        max_length=200, blank=True, editable=False, help_text="The agency's category, as sent."
    )
    kept = models.JSONField(
        "also sent",
        default=dict,
        blank=True,
        editable=False,
        help_text="What the article's fields do not hold (places, genres, organisations, "
        "rights, signals …), kept as sent.",
    )
    notices = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="What the importer could not make sense of, for the desk to check.",
    )

    pending_version = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    pending_payload = models.TextField(blank=True, editable=False)
    pending_received_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["pubstatus"])]

    def __str__(self):
        return f"{self.agency}: {self.uri} v{self.version}"

    @property
    def latest_version(self) -> int:
        return max(self.version, self.pending_version or 0)

    def flags(self) -> list[str]:
        """What the desk must look at, in words."""
        flags = []
        if self.pubstatus != self.PubStatus.USABLE:
            flags.append(self.get_pubstatus_display())
        if self.place_unrecognised:
            flags.append("Dateline place not recognised")
        flags.extend(self.notices)
        if self.pending_version:
            flags.append(f"Version {self.pending_version} waiting")
        if self.embargoed_until and self.embargoed_until > timezone.now():
            flags.append(f"Embargoed until {timezone.localtime(self.embargoed_until):%d %b %H:%M}")
        return flags

    def get_article_admin_url(self) -> str:
        """The draft's admin page; empty if there is none (deleted, or articles not in admin)."""
        if self.article_id is None:
            return ""
        try:
            return reverse("admin:articles_article_change", args=[self.article_id])
        except NoReverseMatch:
            return ""


class WirePicture(models.Model):
    """A picture the item refers to: its caption and credit as sent, and where to fetch it."""

    item = models.ForeignKey(WireItem, on_delete=models.CASCADE, related_name="pictures")
    position = models.PositiveSmallIntegerField(default=0)
    uri = models.CharField("URI", max_length=500, blank=True)
    name = models.CharField(max_length=100, blank=True)
    caption = models.TextField(blank=True)
    creator = models.CharField("by", max_length=200, blank=True)
    credit_line = models.CharField(
        max_length=200,
        blank=True,
        help_text="As the agency sent it; copy it to the photo's credit line when attaching.",
    )
    copyright_holder = models.CharField(max_length=200, blank=True)
    copyright_notice = models.CharField(max_length=300, blank=True)
    usage_terms = models.TextField(blank=True)
    rendition_url = models.URLField(
        "best rendition", max_length=1000, blank=True, help_text="Recorded, never fetched."
    )
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    photo = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The photo desk's file for this picture, once attached.",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption[:80] or self.name or self.uri or f"Picture {self.pk}"

    @property
    def credit(self) -> str:
        return credit_text(self.credit_line)


# --- subject mapping ---


class SubjectMapping(models.Model):
    """How an agency's subject code becomes a tag on the draft: made the first time the code
    arrives, with a tag named as the subject, then the desk's to change or to ignore."""

    code = models.CharField(
        max_length=500,
        unique=True,
        help_text="Qualified by its scheme: a URI, `medtop:20000106`, or the sender's "
        "name before a code of its own (`NTB:13010000`).",
    )
    scheme = models.CharField(max_length=500, blank=True)
    name = models.CharField(max_length=200, help_text="The subject's name, as first sent.")
    tag = models.ForeignKey(
        "taggit.Tag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subject_mappings",
        help_text="The tag items with this subject get from now on.",
    )
    ignore = models.BooleanField(
        default=False, help_text="Items with this subject get no tag for it."
    )
    items = models.ManyToManyField(
        WireItem, blank=True, related_name="subject_mappings", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} ({self.name})"


# --- routing ---


class RoutingRule(models.Model):
    """An editor's rule for new wire items: the conditions it asks, and what it does to a match.

    Active rules are tried in order (position, then age); the first whose every given condition
    holds routes the item and the rest are not asked, as Superdesk's routing stops at a match:
    one rule answers for each item, so its effect can be read off the rule alone.
    """

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveIntegerField(
        default=0, help_text="Rules are tried from the lowest number up; the first match wins."
    )
    active = models.BooleanField(default=True, help_text="An inactive rule is not tried.")
    agency = models.CharField(
        max_length=100, blank=True, help_text="Only items from this agency (any case)."
    )
    category = models.CharField(
        max_length=200, blank=True, help_text="Only items the agency sent in this category."
    )
    subject_code = models.CharField(
        max_length=200,
        blank=True,
        help_text="Only items with this subject: a code with its scheme (medtop:20000106) or "
        "the bare code (20000106).",
    )
    urgency_at_most = models.PositiveSmallIntegerField(
        "urgency at most",
        null=True,
        blank=True,
        choices=[(n, str(n)) for n in range(1, 10)],
        help_text="Only items at least this urgent: 1 is the most urgent, 9 the least.",
    )
    headline_keyword = models.CharField(
        "keyword in headline",
        max_length=100,
        blank=True,
        help_text="Only items whose headline has this word or phrase (any case).",
    )
    section = models.ForeignKey(
        "articles.Section",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The draft goes in this section.",
    )
    tags = models.CharField(
        max_length=500, blank=True, help_text="Tags added to the draft, separated by commas."
    )
    desk = models.ForeignKey(
        "auth.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The desk (a group) the item is routed to; the wire list filters by desk.",
    )
    auto_publish = models.BooleanField(
        "publish automatically",
        default=False,
        help_text="Publish the draft at once, as text alone (no lead photo), in the name of the "
        "editor who last saved this rule. Never for an embargoed, withheld or cancelled item; "
        "if the workflow refuses, the item stays a draft and its flags say why.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last saved the rule: an automatic publication is made in their name.",
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class ItemRouting(models.Model):
    """The rule that routed an item, and what came of it; an item without one was routed by no
    rule (and is flagged so, among its notices, while any rule is active)."""

    item = models.OneToOneField(
        WireItem, primary_key=True, on_delete=models.CASCADE, related_name="routing"
    )
    rule = models.ForeignKey(
        RoutingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    rule_name = models.CharField(max_length=100, help_text="The rule's name when it routed.")
    desk = models.ForeignKey(
        "auth.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routed_at = models.DateTimeField(default=timezone.now)
    problem = models.CharField(
        max_length=500,
        blank=True,
        help_text="Why the rule's automatic publication did not happen, for the desk.",
    )

    def __str__(self):
        return f"{self.item_id} by {self.rule_name}"


# --- feeds ---


class WireFeed(models.Model):
    """Where copy arrives on its own: an agency's drop folder or a feed URL, checked every
    `interval` seconds by `manage.py ingest_wire --feeds` (or the check_feed task)."""

    class Kind(models.TextChoices):
        FOLDER = "folder", "Drop folder"
        URL = "url", "Feed URL (HTTP pull)"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.URL)
    path = models.CharField(
        "folder",
        max_length=500,
        blank=True,
        help_text="For a drop folder: its absolute path on the server. Imported files move to "
        "done/ inside it, refused ones to failed/ with the reason beside them.",
    )
    url = models.URLField(
        "URL",
        max_length=1000,
        blank=True,
        help_text="For a feed URL: an http(s) address answering a ninjs item, a list of them "
        "(`items`) or NewsML-G2.",
    )
    agency = models.CharField(
        max_length=100,
        blank=True,
        help_text="Who delivers this feed: an item that names no agency of its own is credited "
        "to it.",
    )
    active = models.BooleanField(default=True, help_text="Untick to stop checking this feed.")
    interval = models.PositiveIntegerField(
        "check every (seconds)", default=60, validators=[MinValueValidator(5)]
    )
    quiet_after = models.PositiveIntegerField(
        "warn when quiet for (minutes)",
        default=120,
        help_text="The wire list warns when this feed has delivered nothing for this long.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_item_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.CharField(max_length=500, blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    items_imported = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def where(self) -> str:
        return self.path if self.kind == self.Kind.FOLDER else self.url

    @property
    def failing(self) -> bool:
        """The last check went wrong (a successful check leaves the old error as history)."""
        error_at, checked_at = self.last_error_at, self.last_checked_at
        return bool(error_at and checked_at and error_at >= checked_at)

    def quiet(self, now=None) -> bool:
        """Nothing delivered for longer than quiet_after (counted from creation if never)."""
        since = self.last_item_at or self.created_at
        return (now or timezone.now()) - since > timedelta(minutes=self.quiet_after)

    def warnings(self, now=None, *, details: bool = True) -> list[str]:
        """What the desk must know about this feed, in words; without `details`, no error text
        (it may name internal hosts and paths)."""
        if not self.active:
            return []
        warnings = []
        if self.failing:
            failed = "Last check failed"
            warnings.append(f"{failed}: {self.last_error}" if details else failed)
        if self.quiet(now):
            warnings.append(f"Nothing delivered for over {self.quiet_after} minutes")
        return warnings

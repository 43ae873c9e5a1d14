"""Live blogs: the entries posted one by one under a live article (articles.live changes them)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.core import Article
from media_assets.models import Photo


class LiveEntryQuerySet(models.QuerySet):
    def for_readers(self, article: Article) -> "LiveEntryQuerySet":
        """The entries of a public live blog as pages show them, newest first, in one query."""
        return self.filter(article=article).select_related("author").order_by("-pk")


class LiveEntry(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_entries")
    body = models.TextField(
        help_text="What happened, in a few paragraphs: the body's formatting and links apply; "
        "anything else is removed on save."
    )
    photo = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_entries",
        help_text="Optional: a photo from the library, shown under the text. It needs a credit "
        "and alt text, as the body's photos do.",
    )
    # What readers see of the photo, kept when the entry is saved: their pages never read the
    # library (nor run Pillow) to show it.
    photo_data = models.JSONField(default=dict, blank=True, editable=False)
    embed_url = models.URLField(
        "embed",
        max_length=2048,
        blank=True,
        help_text="Optional: the address of a post or video from a provider the body accepts "
        "(YouTube, Bluesky, Mastodon …), shown as a click-to-load box.",
    )
    pinned = models.BooleanField(
        default=False, help_text="Pinned entries stay at the top, above the newest."
    )
    key_event = models.BooleanField(
        "key event",
        default=False,
        help_text="Listed in the key events summary at the top of the blog.",
    )
    summary = models.CharField(
        max_length=150,
        blank=True,
        help_text="The line of a key event in the summary (and the headline of the entry in "
        "feeds and structured data); empty, the start of the text is used.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(default=timezone.now, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What readers see, rendered when the entry is saved (articles.live.render_stored) and again
    # when something it shows changes (its photo's credit or renditions): readers' pages never
    # render an entry. `rendered_html` is articles.body.render() of the sanitised body and the
    # checked photo and embed figures; `plain_text` its text, for excerpts and structured data.
    rendered_html = models.TextField(blank=True, editable=False)
    plain_text = models.TextField(blank=True, editable=False)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "live blog entry"
        verbose_name_plural = "live blog entries"
        ordering = ["-pk"]
        indexes = [models.Index(fields=["article", "-id"])]

    def __str__(self):
        return f"{self.article} · {self.posted_at:%H:%M}"


class LiveRevision(models.Model):
    """When a live blog's published entries last changed other than by a new one (an edit, an
    unpin, a deletion): readers' pages compare it to refetch their whole list."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="live_revision"
    )
    revised_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.article} · {self.revised_at:%H:%M:%S}"


def revision_of(article: Article) -> str:
    """The blog's revision stamp for readers' pages ("0" if never revised), from the row
    select_related("live_revision") joined: no query of its own."""
    try:
        return str(int(article.live_revision.revised_at.timestamp() * 1_000_000))
    except LiveRevision.DoesNotExist:
        return "0"

"""The photo desk's records, after the IPTC Photo Metadata standard."""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


def original_upload_to(photo: "Photo", filename: str) -> str:
    # Content-addressed, so the same file never lands twice and names never collide.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"originals/{photo.sha256[:2]}/{photo.sha256}.{suffix}"


class PhotoQuerySet(models.QuerySet):
    def licence_expired(self, *, on=None):
        on = on or timezone.localdate()
        return self.filter(licence_expires__lt=on)


class RenditionState(models.TextChoices):
    """Where the renditions the pages need stand, as the photo desk sees it."""

    NONE = "", "not asked for"
    QUEUED = "queued", "queued"
    READY = "ready", "ready"
    FAILED = "failed", "failed"


class Photo(models.Model):
    # No width_field/height_field: those make Django read the file back from storage on save
    # (a download from a bucket), and import_photo() sets the upright dimensions itself.
    image = models.ImageField(upload_to=original_upload_to)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    file_size = models.PositiveBigIntegerField(editable=False, default=0)
    sha256 = models.CharField(
        "content hash", max_length=64, unique=True, editable=False, help_text="SHA-256 of the file."
    )

    caption = models.TextField(
        blank=True, help_text="What the picture shows, as readers will see it (IPTC Description)."
    )
    alt_text = models.CharField(
        max_length=500,
        blank=True,
        help_text="What a reader who cannot see the picture needs to know. Required to publish.",
    )
    creator = models.CharField(
        "photographer", max_length=200, blank=True, help_text="IPTC Creator (by-line)."
    )
    credit_line = models.CharField(
        max_length=200,
        blank=True,
        help_text="As it must appear next to the picture, e.g. EPA-EFE/KOCA SULEJMANOVIC.",
    )
    copyright_notice = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="The agency or person that supplied the picture."
    )
    usage_terms = models.TextField(blank=True)
    licence_expires = models.DateField(
        null=True, blank=True, help_text="After this date the picture may not be published."
    )
    web_statement = models.URLField("web statement of rights", blank=True)
    focal_x = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Horizontal focal point, 0 (left) to 1 (right); crops keep it in frame.",
    )
    focal_y = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Vertical focal point, 0 (top) to 1 (bottom).",
    )

    # The renditions the apps above need, made by a task (media_assets.rendition_jobs): for which
    # rendition_key(), how far along, the attempts made and the last error, for the photo desk.
    renditions_state = models.CharField(
        max_length=10, choices=RenditionState.choices, blank=True, editable=False
    )
    renditions_key = models.CharField(max_length=10, blank=True, editable=False)
    renditions_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    renditions_error = models.TextField(blank=True, editable=False)
    renditions_queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PhotoQuerySet.as_manager()

    # Not a field. False on the photo the add form hands back when the upload was already in the
    # library (PhotoAdmin.save_form()): the admin then neither logs an addition nor says "added".
    imported_now: bool = True

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        label = self.caption or f"Photo {self.pk or 'new'} (no caption)"
        return label if len(label) <= 80 else label[:79] + "…"

    @property
    def credit(self) -> str:
        """The credit a reader sees: `© EPA-EFE/KOCA SULEJMANOVIC`."""
        return credit_text(self.credit_line or self.creator or self.source)

    def licence_valid(self, *, on=None) -> bool:
        return self.licence_expires is None or self.licence_expires >= (on or timezone.localdate())

    @property
    def focal(self) -> tuple[float, float]:
        return (self.focal_x, self.focal_y)

    def embedded_metadata(self) -> dict[str, str]:
        """What every rendition carries in its own IPTC/XMP/EXIF."""
        return {
            "caption": self.caption,
            "alt_text": self.alt_text,
            "creator": self.creator,
            "credit_line": self.credit_line or self.creator or self.source,
            "copyright_notice": self.copyright_notice,  # never made up from the credit
            "source": self.source,
            "usage_terms": self.usage_terms,
            "web_statement": self.web_statement,
        }

    def rendition_key(self, *, cropped: bool = True) -> str:
        """Changes whenever a rendition's pixels or metadata would, so its URL changes too.

        `cropped` renditions also depend on the focal point.
        """
        inputs = [self.sha256, *self.embedded_metadata().values()]
        if cropped:
            inputs += [f"{self.focal_x:.4f}", f"{self.focal_y:.4f}"]
        return hashlib.sha256("\x1f".join(inputs).encode()).hexdigest()[:10]


def credit_text(credit_line: str) -> str:
    """Render a credit line the way readers see it, adding the © the agencies use."""
    credit_line = credit_line.strip()
    if not credit_line or credit_line.startswith("©"):
        return credit_line
    return f"© {credit_line}"


class Rendition(models.Model):
    """One derived file per (photo, spec), made once and reused."""

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=50)
    file = models.FileField(upload_to="renditions/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["photo", "spec"], name="unique_rendition_per_spec")
        ]

    def __str__(self):
        return f"{self.photo_id}:{self.spec}"

    @property
    def url(self) -> str:
        return self.file.url

    @property
    def mime_type(self) -> str:
        return "image/webp" if (self.file.name or "").endswith(".webp") else "image/jpeg"

"""Curated fronts: the home page and each section front, arranged by editors.

A front keeps every arrangement it was given; readers see the newest whose `goes_live_at` has
come, so a scheduled change goes live at its time without a cron. A slot names an article, never
a copy of it: the read path shows only teaser rows that are visible now, so an unpublished or
embargoed article leaves every slot at once with no write here.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article, Section

HOME = "home"


def section_page(section_id: int) -> str:
    return f"section-{section_id}"


class Front(models.Model):
    page = models.CharField(
        max_length=40, unique=True, help_text='"home", or "section-<id>" for a section front.'
    )
    section = models.OneToOneField(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="front"
    )

    def __str__(self) -> str:
        return f"{self.section.name} front" if self.section else "Home front"


class Arrangement(models.Model):
    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="arrangements")
    goes_live_at = models.DateTimeField(
        default=timezone.now,
        help_text="Readers see the newest arrangement whose time has come.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["front", "-goes_live_at"], name="front_arrangement_live")]

    def __str__(self) -> str:
        return f"{self.front} from {self.goes_live_at:%Y-%m-%d %H:%M}"


class Place(models.TextChoices):
    LEAD = "lead", "Lead"
    TOP = "top", "Top stories"
    BLOCK = "block", "Block"


class Crop(models.TextChoices):
    """The pictures a teaser row holds (articles.teaser_pictures.FIGURE_SPECS), or none."""

    DEFAULT = "", "As the place shows it (none in a block)"
    WIDE = "fill-1200x675", "Wide (1200×675)"
    SMALL = "fill-640x360", "Small (640×360)"
    NONE = "none", "No photo"


class Slot(models.Model):
    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="slots")
    place = models.CharField(max_length=10, choices=Place.choices, default=Place.TOP)
    block = models.CharField(
        max_length=80, blank=True, help_text='A block\'s heading ("Opinion"); blocks only.'
    )
    position = models.PositiveIntegerField(default=0)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="front_slots")
    headline = models.CharField(
        max_length=300, blank=True, help_text="Shown on this front only; empty: the article's."
    )
    standfirst = models.CharField(
        max_length=500, blank=True, help_text="Shown on this front only; empty: the article's."
    )
    crop = models.CharField(max_length=20, choices=Crop.choices, blank=True, default="")
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="After this time the automatic order fills the slot."
    )

    class Meta:
        ordering = ["arrangement", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_place_display()} {self.position}"

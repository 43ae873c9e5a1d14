"""The breaking news banner: a short line, with an optional link, across every public page for
a set time (articles.breaking shows it and tells the caches; articles.breaking_admin edits it)."""

import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

TEXT_LENGTH = 140
_web_address = URLValidator(schemes=["http", "https"])
# A path on this site: one leading slash (two would be another host), no spaces or control
# characters, no backslash (browsers read it as a slash).
_site_path = re.compile(r"/(?![/\\])[^\s\\\x00-\x1f\x7f]*\Z")


def validate_link(value: str) -> None:
    """An http(s) address or a path on this site; anything else (javascript:, data:, //host)
    could run code or leave the site unseen, so it is refused."""
    if _site_path.match(value):
        return
    try:
        _web_address(value)
    except ValidationError:
        raise ValidationError(
            "Give a web address starting with https:// or http://, or a path on this site "
            "starting with a single /.",
            code="invalid_link",
        ) from None


class BreakingNewsQuerySet(models.QuerySet["BreakingNews"]):
    def not_ended(self, now: datetime | None = None) -> "BreakingNewsQuerySet":
        return self.filter(ends_at__gt=now or timezone.now())


class BreakingNews(models.Model):
    """One banner and its time. While several are up at once, the newest wins: the one that
    started last (then the one made last) shows; when it ends, an earlier one still running
    shows again."""

    text = models.CharField(
        max_length=TEXT_LENGTH,
        help_text=f"One short line of plain text, at most {TEXT_LENGTH} characters, shown "
        "as typed.",
    )
    url = models.CharField(
        "link",
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text="Optional: where the line leads, a path on this site (/news/…) or an "
        "https:// address.",
    )
    starts_at = models.DateTimeField(
        "shows from",
        default=timezone.now,
        help_text="Leave it at now to show the banner at once, or choose a later time.",
    )
    ends_at = models.DateTimeField(
        "shows until",
        db_index=True,
        help_text="When the banner leaves every page. A newer banner replaces it while both run.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = "breaking news banner"
        verbose_name_plural = "breaking news banners"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="breaking_news_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if self.text:
            self.text = " ".join(self.text.split())  # one line, whatever was pasted
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The banner must end after it starts."})

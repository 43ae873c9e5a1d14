"""Who is editing an article now, and who outside the newsroom may read it before it is public."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models.core import Article

SHARE_SALT = "articles.share-link"


class EditLock(models.Model):
    """A soft lock: it warns, it never blocks. It expires unless the editor's page renews it."""

    TTL = timedelta(minutes=3)

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="edit_lock")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user} on {self.article_id}"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()


def new_share_key() -> str:
    return secrets.token_urlsafe(24)


class ShareLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A signed, expiring, revocable address at which someone without an account may read an
    unpublished or embargoed article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    key = models.CharField(max_length=64, unique=True, default=new_share_key, editable=False)
    note = models.CharField(
        "for whom", max_length=200, blank=True, help_text="e.g. “Legal: J. Smith”"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Share link for “{self.article}”" + (f" ({self.note})" if self.note else "")

    def get_absolute_url(self):
        token = signing.Signer(salt=SHARE_SALT).sign(self.key)
        return reverse("articles:share", args=[token])

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def from_token(cls, token: str) -> "ShareLink | None":
        """The usable link a token names, or None (bad signature, unknown, expired, revoked)."""
        try:
            key = signing.Signer(salt=SHARE_SALT).unsign(token)
        except signing.BadSignature:
            return None
        return cls.objects.usable().select_related("article").filter(key=key).first()

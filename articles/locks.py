"""Who has an article open: a soft lock that warns the next editor, can be taken over, and
expires on its own a few minutes after the holder's page stops renewing it."""

from django.db import transaction
from django.utils import timezone

from articles.log import ArticleAction
from articles.models import Article, EditLock
from audit.models import record as audit


def holder(article: Article, user) -> EditLock | None:
    """The live lock someone else holds on the article, if any."""
    lock = EditLock.objects.select_related("user").filter(article=article).first()
    if lock and lock.is_active and lock.user_id != user.pk:
        return lock
    return None


def acquire(article: Article, user) -> EditLock | None:
    """Take or renew the lock unless someone else holds a live one; returns the other's lock.

    The editor's page calls it when it opens and then every minute while it stays open."""
    with transaction.atomic():
        other = holder(article, user)
        if other is None:
            _hold(article, user)
        return other


def take_over(article: Article, user) -> None:
    with transaction.atomic():
        other = holder(article, user)
        _hold(article, user)
        if other:
            audit(
                ArticleAction.LOCK_TAKEN,
                article,
                actor=user,
                detail=f"from {other.user}",
                data={"from": other.user.get_username()},
            )


def release(article: Article, user) -> None:
    EditLock.objects.filter(article=article, user=user).delete()


def _hold(article: Article, user) -> None:
    now = timezone.now()
    mine = EditLock.objects.filter(article=article, user=user)
    if not mine.update(expires_at=now + EditLock.TTL):
        EditLock.objects.update_or_create(
            article=article, defaults={"user": user, "since": now, "expires_at": now + EditLock.TTL}
        )

"""Who may see and edit which article, beyond Django's per-model permissions."""

from articles.models import Article, Status


def sees_every_article(user) -> bool:
    """Editors and the photo desk see the whole newsroom; reporters see their own articles."""
    return any(
        user.has_perm(p)
        for p in ("articles.edit_any_article", "articles.publish_article", "articles.attach_photo")
    )


def can_edit_text(user, article: Article) -> bool:
    """Editors edit anything; reporters edit their own articles while they are drafts."""
    if user.has_perm("articles.edit_any_article"):
        return True
    return (
        user.has_perm("articles.change_article")
        and article.status == Status.DRAFT
        and article.is_owned_by(user)
    )


def may_see(user, article: Article) -> bool:
    """Whether `user` may see this article in the admin: the rule of ArticleAdmin.get_queryset.
    Comments on it and notifications about it go to no one else."""
    if not user.is_active or not user.has_perm("articles.view_article"):
        return False
    return sees_every_article(user) or article.is_owned_by(user)

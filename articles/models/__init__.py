"""The editorial domain's models, one module per noun group; import them from here."""

from articles.models.access import EditLock, ShareLink
from articles.models.autosave import Autosave
from articles.models.breaking import BreakingNews
from articles.models.core import (
    BYLINE_PHRASES,
    Article,
    ArticleQuerySet,
    Author,
    Byline,
    Credit,
    PreviousSlug,
    Section,
    Status,
    Topic,
    format_byline,
    join_names,
)
from articles.models.live import LiveEntry
from articles.models.notes import Correction
from articles.models.photos import BodyPhoto
from articles.models.related import RelatedArticle
from articles.models.revision import Revision
from articles.models.teaser import Teaser

__all__ = [
    "BYLINE_PHRASES",
    "Article",
    "ArticleQuerySet",
    "Author",
    "Autosave",
    "BodyPhoto",
    "BreakingNews",
    "Byline",
    "Correction",
    "Credit",
    "EditLock",
    "LiveEntry",
    "PreviousSlug",
    "RelatedArticle",
    "Revision",
    "Section",
    "ShareLink",
    "Status",
    "Teaser",
    "Topic",
    "format_byline",
    "join_names",
]

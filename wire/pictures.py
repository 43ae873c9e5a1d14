"""The photo desk attaches the agency's file to a picture the wire told us about.

The wire's caption, credit and usage terms win over whatever the file carries, so the credit the
agency sent becomes the photo's credit line and its rights the photo's usage terms; the draft
gets it as its lead photo if it has none yet. Its renditions are queued for the worker at once
(articles.renditions).
"""

from django.db import transaction

from articles import editing, renditions
from articles.models import Revision, Status
from media_assets.models import Photo
from media_assets.uploads import import_photo
from wire.importer import locked_article
from wire.models import WirePicture


def attach(picture: WirePicture, data: bytes, *, filename: str, user, alt_text: str = "") -> Photo:
    """Store the file through the photo library's one way in; ValidationError on a bad file."""
    fields = {
        "caption": picture.caption,
        "alt_text": alt_text,
        "creator": picture.creator,
        "credit_line": picture.credit_line,
        "copyright_notice": picture.copyright_notice,
        "source": picture.copyright_holder,
        "usage_terms": picture.usage_terms,
    }
    photo, _ = import_photo(data, filename=filename, uploaded_by=user, fields=fields)
    with transaction.atomic():
        picture.photo = photo
        picture.save(update_fields=["photo"])
        renditions.queue(photo)
        # Only a draft takes it as its lead: an article in edit or published is the desk's call.
        article = locked_article(picture.item.article_id)
        if article and article.status == Status.DRAFT and article.lead_photo_id is None:
            article.lead_photo = photo
            article.no_photo = False
            editing.save_content(
                article,
                user=user,
                source=Revision.Source.IMPORT,
                expected_version=article.version,
                note="Lead photo from the wire",
            )
    return photo

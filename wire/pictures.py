"""The photo desk attaches the agency's file to a picture the wire told us about.

The wire's caption and credit win over whatever the file carries, so the credit the agency sent
becomes the photo's credit line; the draft gets it as its lead photo if it has none yet.
"""

from django.db import transaction

from articles.models import Status
from media_assets.models import Photo
from media_assets.uploads import import_photo
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
    }
    photo, _ = import_photo(data, filename=filename, uploaded_by=user, fields=fields)
    with transaction.atomic():
        picture.photo = photo
        picture.save(update_fields=["photo"])
        article = picture.item.article
        # Only a draft takes it as its lead: an article in edit or published is the desk's call.
        if article and article.status == Status.DRAFT and article.lead_photo_id is None:
            article.lead_photo = photo
            article.no_photo = False
            article.save(update_fields=["lead_photo", "no_photo", "updated_at"])
    return photo

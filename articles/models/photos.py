"""Which library photos an article's body shows (its `<figure data-photo>`), kept on each save.

The body is the truth; these rows are its index, written by articles.editing.save_content()
(sync()), so a photo's change finds the articles showing it inline with one indexed query
(articles.teasers.refresh_for_photo), and the photo desk cannot delete a picture a story still
shows, as with a lead photo.
"""

from django.db import models

from articles.body import photo_ids
from articles.models.core import Article
from media_assets.models import Photo


class BodyPhotoQuerySet(models.QuerySet):
    def sync(self, article: Article, *, new: bool = False) -> list[Photo]:
        """Make the rows say what the article's body shows now, and return those photos (ids
        not in the library have no row: the publishing checks name them). A `new` article has
        no rows yet: nothing to delete, and a body without photos needs no query built (the wire
        desk saves thousands of them an hour)."""
        wanted = photo_ids(article.body)
        if not wanted:
            if not new:
                self.filter(article=article).delete()
            return []
        rows = self.filter(article=article)
        photos = list(Photo.objects.filter(pk__in=wanted))
        ids = {photo.pk for photo in photos}
        rows.exclude(photo_id__in=ids).delete()
        known = set(rows.values_list("photo_id", flat=True))
        BodyPhoto.objects.bulk_create(BodyPhoto(article=article, photo_id=pk) for pk in ids - known)
        return photos


class BodyPhoto(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="body_photos")
    photo = models.ForeignKey(Photo, on_delete=models.PROTECT, related_name="body_articles")

    objects = BodyPhotoQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "photo"], name="unique_body_photo")
        ]

    def __str__(self):
        return f"Photo #{self.photo_id} in the body of “{self.article}”"

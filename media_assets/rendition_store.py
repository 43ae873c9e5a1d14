"""Renditions made once per (photo, spec) and reused, with URLs that change only with the picture.

A rendition's file name holds the photo's content hash, the spec and `Photo.rendition_key()`
(focal point and embedded credit), so a browser or CDN may cache it for ever: when the desk moves
the focal point or corrects a credit, the next request makes a new file under a new name.
"""

import logging
from collections.abc import Sequence
from functools import lru_cache

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile

from media_assets.imaging import Rendered, Spec, parse_spec, render
from media_assets.models import Photo, Rendition

logger = logging.getLogger(__name__)


def get_rendition(photo: Photo, spec: str) -> Rendition:
    """The rendition of `photo` for `spec`, made now if it does not exist or is out of date.

    Uses the photo's prefetched renditions (`prefetch_related("renditions")`) when it has them,
    so a page of photos costs no queries once their renditions exist. Safe when two requests race
    to make the same one.
    """
    parsed = parse_spec(spec)
    spec = parsed.name
    key = photo.rendition_key(cropped=parsed.operation == "fill")
    existing = _find(photo, spec)
    if existing is not None and key in _name(existing.file):
        return existing
    rendered = _render(photo, spec)
    name = f"{photo.sha256[:2]}/{photo.sha256[:16]}-{spec}-{key}.{rendered.extension}"
    if existing is not None:
        return _replace(existing, name, rendered)
    rendition = Rendition(photo=photo, spec=spec, width=rendered.width, height=rendered.height)
    rendition.file.save(name, ContentFile(rendered.data), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # Another request made it first: keep theirs, drop our copy.
        rendition.file.delete(save=False)
        return Rendition.objects.get(photo=photo, spec=spec)
    return rendition


def get_renditions(photo: Photo, specs: Sequence[Spec]) -> list[Rendition]:
    """`get_rendition` for each of `specs` (a srcset), hashing the photo's key once per shape."""
    keys: dict[bool, str] = {}
    made = {rendition.spec: rendition for rendition in photo.renditions.all()}
    found = []
    for spec in specs:
        cropped = spec.operation == "fill"
        if cropped not in keys:
            keys[cropped] = photo.rendition_key(cropped=cropped)
        existing = made.get(spec.name)
        if existing is None or keys[cropped] not in _name(existing.file):
            existing = get_rendition(photo, spec.name)
        found.append(existing)
    return found


def rendition_url(rendition: Rendition) -> str:
    """`rendition.url`, remembered for files on the local disk (a tenth of a teaser's time).

    A rendition's name changes with its pixels, and a FileSystemStorage URL is its base URL plus
    the quoted name, so the pair is a safe key; other storages may sign URLs, so they are asked.
    (The bucket's, S3MediaStorage as newsroom/media_storage.py configures it, is unsigned and
    built from its public domain: string work, no request.)
    """
    file = rendition.file
    storage = file.storage
    if storage.__class__ is FileSystemStorage:  # a lazy DefaultStorage reports what it wraps
        return _local_url(storage.base_url, file.name)
    return file.url


@lru_cache(maxsize=8192)
def _local_url(base_url: str, name: str) -> str:
    return FileSystemStorage(base_url=base_url).url(name)


def _find(photo: Photo, spec: str) -> Rendition | None:
    # renditions.all() is the prefetched list when there is one, else one query.
    return next((r for r in photo.renditions.all() if r.spec == spec), None)


def _render(photo: Photo, spec: str) -> Rendered:
    # Straight from storage: the FieldFile may still hold the closed upload it was saved from.
    with photo.image.storage.open(_name(photo.image), "rb") as original:
        data = original.read()
    return render(data, parse_spec(spec), focal=photo.focal, metadata=photo.embedded_metadata())


def _replace(rendition: Rendition, name: str, rendered: Rendered) -> Rendition:
    old = _name(rendition.file)
    rendition.file.save(name, ContentFile(rendered.data), save=False)
    rendition.width, rendition.height = rendered.width, rendered.height
    rendition.save(update_fields=["file", "width", "height"])
    rendition.file.storage.delete(old)
    return rendition


def stored_names(photo: Photo) -> list[str]:
    """The original's and the renditions' file names, to delete once the photo's row is gone."""
    return [_name(photo.image), *(_name(r.file) for r in photo.renditions.all())]


def delete_stored(photo: Photo, names: list[str]) -> None:
    # Runs after the row's deletion committed: a storage fault must not undo that or fail the
    # request, so it leaves an unreferenced file behind and says which in the log.
    for name in names:
        try:
            photo.image.storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s from the media storage", name)


def _name(file: FieldFile) -> str:
    """A stored file's name. FieldFile.name is None only for a field never given a file, and
    photos and renditions are saved with theirs (the fields are required)."""
    assert file.name is not None, "a saved photo or rendition has its file"
    return file.name

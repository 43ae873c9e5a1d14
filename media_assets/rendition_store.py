"""Renditions made once per (photo, spec) and reused, with URLs that change only with the picture.

A rendition's file name holds the photo's content hash, the spec and `Photo.rendition_key()`
(focal point and embedded credit), so a browser or CDN may cache it for ever: when the desk moves
the focal point or corrects a credit, the next one made gets a new name.

Two kinds of callers. Makers run Pillow: `make_renditions()` (the task the apps above queue, and
commands), `get_rendition()` (the desk's own thumbnails and previews). Readers never do:
`ready_renditions()`, `nearest_of_shape()` and `missing_specs()` only look at what exists.
"""

import logging
from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile

from media_assets.imaging import Rendered, Spec, parse_spec, render
from media_assets.models import Photo, Rendition
from media_assets.storage import save_whole
from media_assets.tasks import retire_files

logger = logging.getLogger(__name__)


def get_rendition(photo: Photo, spec: str, *, original: bytes | None = None) -> Rendition:
    """The rendition of `photo` for `spec`, made now if it does not exist or is out of date.

    Runs Pillow: for the desk's screens and the rendition task, never a reader's request.
    Uses the photo's prefetched renditions (`prefetch_related("renditions")`) when it has them,
    so a page of photos costs no queries once their renditions exist. Safe when two requests race
    to make the same one. `original` is the original's bytes when the caller has read them.
    """
    parsed = parse_spec(spec)
    spec = parsed.name
    key = photo.rendition_key(cropped=parsed.operation == "fill")
    existing = _find(photo, spec)
    if existing is not None and key in _name(existing.file):
        return existing
    rendered = _render(photo, spec, original)
    name = f"{photo.sha256[:2]}/{photo.sha256[:16]}-{spec}-{key}.{rendered.extension}"
    if existing is not None:
        return _replace(existing, name, rendered)
    rendition = Rendition(photo=photo, spec=spec, width=rendered.width, height=rendered.height)
    save_whole(rendition.file, name, rendered.data)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        # Another request made it first: keep theirs, drop our copy.
        rendition.file.delete(save=False)
        return Rendition.objects.get(photo=photo, spec=spec)
    return rendition


def make_renditions(photo: Photo, specs: Iterable[str]) -> list[Rendition]:
    """Make whichever of `specs` are missing or out of date, reading the original once.

    Runs Pillow: the rendition task and management commands call it, never a reader's request.
    OSError when the original cannot be read, Pillow's errors when it cannot be rendered.
    """
    wanted = missing_specs(photo, specs)
    if not wanted:
        return []
    with photo.image.storage.open(_name(photo.image), "rb") as stored:
        original = stored.read()
    return [get_rendition(photo, spec, original=original) for spec in wanted]


def missing_specs(photo: Photo, specs: Iterable[str]) -> list[str]:
    """Those of `specs` without a rendition for the photo's current key (no Pillow)."""
    keys = _Keys(photo)
    made = {rendition.spec: rendition for rendition in photo.renditions.all()}
    names = dict.fromkeys(parse_spec(spec).name for spec in specs)
    return [name for name in names if not keys.current(made.get(name), parse_spec(name))]


def ready_renditions(photo: Photo, specs: Sequence[Spec]) -> tuple[list[Rendition], bool]:
    """The renditions there are for `specs` (a srcset), and whether each is current (no Pillow).

    A spec's rendition made for an older key (before the focal point or credit changed) stands
    in until the new one is made; a spec with none at all is left out.
    """
    keys = _Keys(photo)
    made = {rendition.spec: rendition for rendition in photo.renditions.all()}
    found = [made[spec.name] for spec in specs if spec.name in made]
    current = len(found) == len(specs) and all(
        keys.current(rendition, spec) for rendition, spec in zip(found, specs, strict=True)
    )
    return found, current


def nearest_of_shape(photo: Photo, spec: Spec) -> Rendition | None:
    """The existing rendition closest in width to `spec` with the same shape (no Pillow):
    the same crop ratio for `fill`, any uncropped one for `width` and `max`."""
    same = [r for r in photo.renditions.all() if _same_shape(parse_spec(r.spec), spec)]
    return min(same, key=lambda r: abs(r.width - spec.width), default=None)


def _same_shape(one: Spec, other: Spec) -> bool:
    if one.operation != "fill" or other.operation != "fill":
        return one.operation != "fill" and other.operation != "fill"
    assert one.height and other.height, "fill specs have a height"
    return abs(one.width / one.height - other.width / other.height) < 0.01


class _Keys:
    """The photo's rendition keys, each hashed once, and whether a rendition carries its own."""

    def __init__(self, photo: Photo) -> None:
        self.photo = photo
        self.keys: dict[bool, str] = {}

    def current(self, rendition: Rendition | None, spec: Spec) -> bool:
        if rendition is None:
            return False
        cropped = spec.operation == "fill"
        if cropped not in self.keys:
            self.keys[cropped] = self.photo.rendition_key(cropped=cropped)
        return self.keys[cropped] in _name(rendition.file)


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


def _render(photo: Photo, spec: str, data: bytes | None) -> Rendered:
    if data is None:
        # Straight from storage: the FieldFile may still hold the closed upload it was saved from.
        with photo.image.storage.open(_name(photo.image), "rb") as original:
            data = original.read()
    return render(data, parse_spec(spec), focal=photo.focal, metadata=photo.embedded_metadata())


def _replace(rendition: Rendition, name: str, rendered: Rendered) -> Rendition:
    old = _name(rendition.file)
    save_whole(rendition.file, name, rendered.data)
    rendition.width, rendition.height = rendered.width, rendered.height
    rendition.save(update_fields=["file", "width", "height"])
    retire_files([old])  # pages cached anywhere may still show it
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

"""Files in a drop folder, handled with the care a folder strangers write to needs: where such
a folder may be (settings.WIRE_DROP_ROOTS), reading a file without following a link out of it,
and moving one without replacing another of the same name."""

import contextlib
import errno
import os
import stat
from pathlib import Path

from django.conf import settings

from wire.intake import read_file

MAX_NAME_BYTES = 255  # a file name's limit on Linux's file systems
ERROR_NOTE = ".error.txt"
MAX_SUFFIX_BYTES = 32  # `.newsml.xml`; longer is no extension but part of the name
# A file system without hard links (some network mounts): moves check the name, then rename.
NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


def outside_drop_roots(path: Path) -> str:
    """Why `path` may not be swept, in one line ("" if it may): it must lie inside one of
    settings.WIRE_DROP_ROOTS once symbolic links are resolved."""
    roots = [Path(os.path.realpath(root)) for root in settings.WIRE_DROP_ROOTS]
    if not roots:
        return "no drop folder is allowed until WIRE_DROP_ROOTS names where agencies deliver"
    real = Path(os.path.realpath(path))
    if any(real.is_relative_to(root) for root in roots):
        return ""
    allowed = ", ".join(settings.WIRE_DROP_ROOTS)
    return f"{path} is outside the drop folders allowed (WIRE_DROP_ROOTS: {allowed})"


def read_dropped(path: Path) -> bytes:
    """The file's bytes; a symbolic link or anything but a plain file is refused unread."""
    return read_file(path, follow_links=False)


def own_folder(path: Path) -> Path:
    """`path` made if missing, and checked to be a real folder: the agency writes beside it, and
    a link it left as `done` or `.processing/…` would have the worker move files wherever the
    link points (NotADirectoryError, an OSError, when it is not)."""
    with contextlib.suppress(FileExistsError):
        path.mkdir()
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(f"{path} is a link or a file, not a folder: refusing to use it")
    return path


def plain_files(folder: Path) -> list[Path]:
    """The plain files directly in `folder`: never a link, a folder or a device."""
    with os.scandir(folder) as entries:
        return [Path(entry.path) for entry in entries if entry.is_file(follow_symlinks=False)]


def free_name(folder: Path, name: str) -> Path:
    """folder/name, or folder/stem-2.ext … when an agency sent the same name before; cut short
    when the name and its error note (NAME.error.txt) would pass the file system's limit."""
    stem, suffix = os.path.splitext(name)
    target = folder / fitted(stem, suffix)
    count = 1
    while os.path.lexists(target) or os.path.lexists(error_note(target)):
        count += 1
        target = folder / fitted(f"{stem}-{count}", suffix)
    return target


def fitted(stem: str, suffix: str) -> str:
    """stem + suffix, shortened (by whole characters) so that the name with ERROR_NOTE after it
    stays within MAX_NAME_BYTES. A "suffix" too long to be an extension is cut as the stem is."""
    if len(os.fsencode(suffix)) > MAX_SUFFIX_BYTES:
        stem, suffix = stem + suffix, ""
    room = MAX_NAME_BYTES - len(os.fsencode(suffix + ERROR_NOTE))
    while len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return stem + suffix


def error_note(path: Path) -> Path:
    """Where the reason a file failed is written, beside it."""
    return path.with_name(path.name + ERROR_NOTE)


def move_into(path: Path, folder: Path) -> Path:
    """`path` moved into `folder` under a free name; never over a file already there, even one
    another worker moves in at the same moment (a hard link fails where a rename would replace)."""
    while True:
        target = free_name(folder, path.name)
        try:
            os.link(path, target, follow_symlinks=False)
        except FileExistsError:
            continue  # taken meanwhile: the next free name
        except OSError as error:
            if error.errno not in NO_HARD_LINKS:
                raise
            path.rename(target)
            return target
        path.unlink()
        return target

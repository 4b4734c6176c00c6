"""Only regular files are read: what a path is, and opening it without blocking.

A named pipe opened for reading blocks until a writer comes (forever, in a batch run), and a
device such as /dev/zero reports a size of 0 and then never ends: either stalls or exhausts
the run. So every path is looked at before it is opened, and the opened descriptor is looked
at again, because the path may have been swapped for a pipe in between.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

REGULAR = "regular file"
FOLDER = "folder"
MISSING = "missing"
LOOP = "symbolic link loop"
BROKEN = "broken symbolic link (its target does not exist)"

_SPECIAL = {
    stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFSOCK: "socket",
}
# Without O_NONBLOCK, open() of a FIFO with no writer never returns; the flag is cleared
# again once the descriptor is known to be a regular file (where it has no effect anyway).
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class NotRegular(Exception):
    """The path turned out, once opened, not to be a regular file."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _kind_of_mode(mode: int) -> str:
    if stat.S_ISREG(mode):
        return REGULAR
    if stat.S_ISDIR(mode):
        return FOLDER
    return _SPECIAL.get(stat.S_IFMT(mode), "special file")


def kind_of(path: Path) -> str:
    """What ``path`` is, following symbolic links: REGULAR, FOLDER, MISSING or another kind.

    Other errors from examining the path (e.g. permission denied) are raised as OSError.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LOOP
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return BROKEN if path.is_symlink() else MISSING
        raise
    return _kind_of_mode(mode)


def not_regular_reason(path: Path, kind: str) -> str:
    """The Rejected reason for a path of ``kind`` (neither REGULAR nor MISSING)."""
    if kind == FOLDER:  # only links to folders get here: a folder itself is walked
        return (
            "Not a regular file: symbolic link to a folder, which is not followed (links "
            "can loop); name the folder itself to read it."
        )
    through = " behind a symbolic link" if kind not in (LOOP, BROKEN) and path.is_symlink() else ""
    return f"Not a regular file: {kind}{through}; only regular files are read."


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for binary reading; NotRegular if it is anything but a regular file."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        kind = _kind_of_mode(os.fstat(fd).st_mode)
        if kind != REGULAR:
            raise NotRegular(kind)
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise

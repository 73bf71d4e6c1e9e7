"""Writing files so that a reader never sees half of one; reading one whole.

Used by the present stage (charts and exports) and the load stage (a figures
file handed to pandas in one read); needs nothing else from the package.
"""

from __future__ import annotations

import io
import os
import secrets
from pathlib import Path
from typing import BinaryIO, Callable


def replace_atomically(path: str | os.PathLike, write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place.

    A reader sees the old file or the new one, never a truncated one, even if
    the process is killed mid-write; if ``write`` fails, the temporary file is
    removed and the old file is left as it was. The new file gets the
    permissions a plain ``open`` would give it: it is created with mode 0o666
    and the kernel takes the umask off, so no process-wide setting is touched.
    """
    path = Path(path)
    handle, temp = _new_temporary(path)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def _new_temporary(path: Path) -> tuple[int, Path]:
    """A new, empty, hidden file beside ``path``, opened for writing, with a name no other writer has."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:  # a clash of 48 random bits is all but impossible; O_EXCL makes one harmless
        temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue


class OneRead:
    """A binary file that gives all its bytes at the first read, however few are asked for.

    pandas' C parser reads a file 256 KiB at a time, and when a read ends among
    the spaces or tabs that start a record, it drops them: a cell '  x' comes
    back as 'x'. Read in one go, the file has no such place.
    """

    mode = "rb"

    def __init__(self, data: bytes):
        self._data = data

    def read(self, size: int = -1) -> bytes:
        data, self._data = self._data, b""
        return data

    def __iter__(self):
        raise io.UnsupportedOperation("read it with read()")

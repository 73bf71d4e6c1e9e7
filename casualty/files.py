"""Writing files so that a reader never sees half of one.

Used by the present stage (charts and exports); needs nothing else from the
package.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable


def replace_atomically(path: str | os.PathLike, write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place.

    A reader sees the old file or the new one, never a truncated one, even if
    the process is killed mid-write; if ``write`` fails, the temporary file is
    removed and the old file is left as it was. The new file gets the
    permissions a plain ``open`` would give it.
    """
    path = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, _new_file_mode())  # mkstemp makes it private (0600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def _new_file_mode() -> int:
    """The permissions open() gives a new file: 0o666 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask

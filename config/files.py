"""Where Jejak keeps its data, and files only their owner can read, whatever the umask.

The database, exports, invitation links, QR codes and rejected roster rows hold personal data
(names, NISNs, phone numbers, working survey links): every file Jejak writes is 0600 and every
folder it creates 0700. Every layer writes through these helpers, so none can forget.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

import platformdirs

APP_NAME = "jejak"
DATABASE_FILE = "jejak.db"
FILE_MODE = 0o600
DIR_MODE = 0o700


def user_data_dir() -> Path:
    """The platform's folder for Jejak's data: ~/.local/share/jejak on Linux ($XDG_DATA_HOME)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def private_dir(path: Path) -> Path:
    """`path` as a folder, each missing part created 0700; folders already there are left alone."""
    missing: list[Path] = []
    for part in (path, *path.parents):
        if part.exists():
            break
        missing.append(part)
    for part in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            part.mkdir(mode=DIR_MODE)
            _chmod(part, DIR_MODE)  # mkdir's mode goes through the umask
    if missing and not path.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(path))
    return path


def private_file(path: Path) -> Path:
    """`path` made 0600: created empty when missing (its folder 0700), chmodded when there."""
    private_dir(path.parent)
    fd = os.open(path, os.O_RDONLY | os.O_CREAT, FILE_MODE)  # read-only: a read-only file opens
    try:
        _fchmod(fd, path)
    finally:
        os.close(fd)
    return path


@overload
def private_open(path: Path, mode: Literal["wb"] = "wb", **kwargs: Any) -> BinaryIO: ...
@overload
def private_open(path: Path, mode: Literal["w"], **kwargs: Any) -> TextIO: ...
def private_open(path: Path, mode: str = "wb", **kwargs: Any) -> IO[Any]:
    """`open(path, mode)` for writing ("w"/"wb"), the file 0600 (also one that was there)."""
    if mode not in ("w", "wb"):
        raise ValueError(f"private_open writes a file anew: mode 'w' or 'wb', not {mode!r}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        _fchmod(fd, path)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def _fchmod(fd: int, path: Path) -> None:
    if hasattr(os, "fchmod"):  # not on Windows, where the mode bits mean little anyway
        os.fchmod(fd, FILE_MODE)
    else:  # pragma: no cover - Windows
        _chmod(path, FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(NotImplementedError):
        os.chmod(path, mode)

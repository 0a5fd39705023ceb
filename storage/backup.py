"""Backups of a SQLite database while Jejak runs: SQLite's online backup, one consistent copy.

PostgreSQL has its own tools (pg_dump); Jejak does not wrap them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from config.files import private_file


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy the SQLite file `source` into the new file `target` (owner-only); the copy's size.

    SQLite's backup API copies a consistent snapshot page by page while other connections
    keep writing (WAL included), unlike copying the file, which can catch a write halfway.
    """
    if target.exists():
        raise FileExistsError(str(target))
    # Created 0600 before SQLite opens it: the copy holds every alumnus's personal data.
    private_file(target)
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target.stat().st_size

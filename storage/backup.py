"""Backups of a SQLite database while Jejak runs: SQLite's online backup, one consistent copy.

PostgreSQL has its own tools (pg_dump); Jejak does not wrap them.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class NotSQLite(ValueError):
    """The database is not a SQLite file: back it up with the server's own tools."""


def sqlite_path(database_url: str) -> Path:
    """The file behind a SQLite URL, or NotSQLite."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise NotSQLite(url.get_backend_name())
    return Path(url.database)


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy the database into `target` (a new file, readable by its owner only); its size.

    SQLite's backup API copies a consistent snapshot page by page while other connections
    keep writing (WAL included), unlike copying the file, which can catch a write halfway.
    """
    source = sqlite_path(database_url)
    # Created 0600 before SQLite opens it: the copy holds every alumnus's personal data.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
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

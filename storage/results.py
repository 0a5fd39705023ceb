"""How many rows an INSERT, UPDATE or DELETE changed, with the type SQLAlchemy leaves out."""

from __future__ import annotations

from sqlalchemy import CursorResult


def rows_changed(result: object) -> int:
    """The result's rowcount: `execute()` is typed as returning a Result, but a DML statement
    without RETURNING gives a CursorResult, the one kind that counts rows."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"no row count on a {type(result).__name__}")
    return result.rowcount

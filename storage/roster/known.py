"""What the roster holds about an alumnus, as text, for the questions a questionnaire prefills.

Read once, when a session starts (engine.start's `known`), never on ordinary turns. The keys are
conversations.questionnaire.PREFILL_FIELDS; a blank roster cell is simply absent.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, select

from storage.models import Alumnus, ClassGroup

# Field -> column, in PREFILL_FIELDS' names (`class` is the class group's name).
_COLUMNS: dict[str, Any] = {
    "name": Alumnus.name,
    "nisn": Alumnus.nisn,
    "birth_date": Alumnus.birth_date,
    "graduation_year": Alumnus.graduation_year,
    "programme": Alumnus.programme,
    "class": ClassGroup.name,
    "phone": Alumnus.phone,
}
_ROSTER_ROW = (
    select(*(column.label(field) for field, column in _COLUMNS.items()))
    .select_from(Alumnus)
    .outerjoin(ClassGroup, ClassGroup.id == Alumnus.class_group_id)
    .where(Alumnus.id == bindparam("alumnus"))
)


def roster_values(conn: Connection, alumnus_id: int, fields: Collection[str]) -> dict[str, str]:
    """The alumnus's roster values for `fields` (unknown fields and blank cells left out)."""
    wanted = [field for field in fields if field in _COLUMNS]
    if not wanted:
        return {}
    row = conn.execute(_ROSTER_ROW, {"alumnus": alumnus_id}).mappings().first()
    if row is None:
        return {}
    values = {field: _text(row[field]) for field in wanted}
    return {field: text for field, text in values.items() if text}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()

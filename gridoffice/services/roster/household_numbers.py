"""Helpers for entering a household like the ones already on the roster: the next free 户号
in its micro-grid, and an address composed with the community's name in front
("禹庙村5组88号"), as every imported or generated address has."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridoffice.domain.codes import GridLevel
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household

_TRAILING_DIGITS = re.compile(r"^(.*?)(\d+)$")
PARTS = ("village_group", "compound", "building", "unit", "door")


def _next_after(numbers: list[str]) -> str | None:
    """The highest number ending in digits, plus one, its width kept ("YMC03012" → "YMC03013")."""
    best: tuple[str, int, int] | None = None
    for number in numbers:
        m = _TRAILING_DIGITS.match(number or "")
        if m is None:
            continue
        prefix, digits = m.group(1), m.group(2)
        if best is None or int(digits) > best[1]:
            best = (prefix, int(digits), len(digits))
    if best is None:
        return None
    prefix, value, width = best
    return f"{prefix}{value + 1:0{width}d}"


def next_number(db: Database, grid_id: int | None) -> str:
    """A free 户号 following the grid's highest number (or the roster's, for an empty grid)."""
    with db.reading() as s:
        taken = set(s.scalars(select(Household.number).where(Household.deleted_at.is_(None))))
        in_grid = [n for n in s.scalars(select(Household.number).where(
            Household.grid_id == grid_id, Household.deleted_at.is_(None)))] if grid_id is not None else []
    candidate = _next_after(in_grid) or _next_after(sorted(taken)) or "1"
    while candidate in taken:  # another grid already uses the following number
        candidate = _next_after([candidate]) or candidate + "1"
    return candidate


def community_name(s: Session, grid_id: int | None) -> str:
    grid = s.get(Grid, grid_id) if grid_id is not None else None
    while grid is not None and grid.level != GridLevel.COMMUNITY:
        grid = s.get(Grid, grid.parent_id) if grid.parent_id is not None else None
    return grid.name if grid is not None else ""


def composed_address(db: Database, grid_id: int | None, parts: dict[str, str]) -> str:
    """组 / 小区 / 楼栋 / 单元 / 门牌 joined, with the community's name in front."""
    body = "".join((parts.get(k) or "").strip() for k in PARTS)
    if not body:
        return ""
    with db.reading() as s:
        prefix = community_name(s, grid_id)
    return body if body.startswith(prefix) else prefix + body

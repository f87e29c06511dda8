"""Matching a roster's micro-grid column (第1微网格, 3组, YMC-01-03…) to the grids in the
database, and making the grids the clerk chose to create."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlmodel import Session

from gridoffice.domain.codes import GridLevel
from gridoffice.i18n import tr
from gridoffice.services.errors import ServiceError
from gridoffice.services.scope import grid_subtree_ids
from gridoffice.store.models import Grid

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ASSIGNABLE = (GridLevel.MICRO, GridLevel.DEDICATED)


def _cn_number(text: str) -> str:
    """一 → 1, 十二 → 12, 二十三 → 23 (grid and group numbers stay below 100)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return str((_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0))
    return "".join(str(_CN_DIGITS[c]) for c in text)


def normalize(text: str) -> str:
    text = re.sub(r"[\s\u3000]+", "", text).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return re.sub(r"[零〇一二两三四五六七八九十]+", lambda m: _cn_number(m.group()), text)


def core(text: str) -> str:
    """第3微网格 / 3组 / 第三小组 → 3."""
    text = normalize(text)
    text = re.sub(r"^第", "", text)
    return re.sub(r"(号)?(微网格|网格|小组|组)$", "", text)


@dataclass
class GridMatch:
    text: str
    grid_id: int | None = None
    code: str = ""
    name: str = ""
    candidates: list[str] = field(default_factory=list)  # codes, when ambiguous

    @property
    def matched(self) -> bool:
        return self.grid_id is not None

    @property
    def ambiguous(self) -> bool:
        return self.grid_id is None and len(self.candidates) > 1


def match(session: Session, texts: set[str], within: int | None = None) -> dict[str, GridMatch]:
    """Each distinct text → the one assignable grid it names (by code, name, covers, then number)."""
    query = select(Grid.id, Grid.code, Grid.name, Grid.covers, Grid.level).where(Grid.deleted_at.is_(None))
    rows = session.execute(query).all()
    if within is not None:
        allowed = set(grid_subtree_ids(session, within))
        rows = [r for r in rows if r.id in allowed]
    assignable = [r for r in rows if r.level in ASSIGNABLE]
    keys = [(r, r.code.upper(), normalize(r.name), {normalize(t) for t in re.split(r"[、,，;；\s]+", r.covers) if t},
             core(r.name)) for r in assignable]  # normalised once, not once per text
    result: dict[str, GridMatch] = {}
    for text in texts:
        if not text:
            continue
        norm, text_core = normalize(text), core(text)
        tiers = (
            [r for r, code, _n, _c, _k in keys if code == norm.upper()],
            [r for r, _code, name, _c, _k in keys if name == norm],
            [r for r, _code, _n, covers, _k in keys if norm in covers],
            [r for r, _code, _n, _c, name_core in keys if text_core and name_core == text_core],
        )
        m = GridMatch(text)
        for tier in tiers:
            if len(tier) == 1:
                m.grid_id, m.code, m.name = tier[0].id, tier[0].code, tier[0].name
                break
            if len(tier) > 1:
                m.candidates = sorted(r.code for r in tier)
                break
        result[text] = m
    return result


def general_grids(session: Session) -> list[tuple[int, str, str]]:
    """(id, code, name) of the grids new micro-grids may go under."""
    rows = session.execute(
        select(Grid.id, Grid.code, Grid.name).where(Grid.deleted_at.is_(None), Grid.level == GridLevel.GENERAL)
        .order_by(Grid.code)
    ).all()
    return [(r.id, r.code, r.name) for r in rows]


class GridChoiceError(ServiceError):
    pass


def parent_for_new(session: Session, code: str) -> Grid:
    grid = session.scalars(select(Grid).where(Grid.code == code, Grid.deleted_at.is_(None))).first()
    if grid is None:
        raise GridChoiceError(tr("没有编码为 {code} 的网格。").format(code=code))
    if grid.level != GridLevel.GENERAL:
        raise GridChoiceError(tr("新的微网格只能建在一般网格下，{code} 不是一般网格。").format(code=code))
    return grid


def create(session: Session, parent: Grid, names: list[str]) -> dict[str, int]:
    """New micro-grids under ``parent`` (codes parent-NN after the last used). name → id."""
    used = set(session.scalars(select(Grid.code)).all())
    order = session.scalar(select(func.max(Grid.sort_order)).where(Grid.parent_id == parent.id)) or 0
    made: dict[str, int] = {}
    n = 0
    for name in names:
        n += 1
        while f"{parent.code}-{n:02d}" in used:
            n += 1
        code = f"{parent.code}-{n:02d}"
        used.add(code)
        order += 1
        covers = normalize(name) if re.fullmatch(r"\d+(号)?(小组|组)", normalize(name)) else ""
        new_id = session.execute(
            insert(Grid.__table__).returning(Grid.__table__.c.id),
            dict(parent_id=parent.id, level=GridLevel.MICRO, code=code, name=name, covers=covers,
                 sort_order=order, note=tr("导入花名册时新建"), deleted_at=None),
        ).scalar_one()
        made[name] = new_id
    return made

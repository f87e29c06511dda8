"""Matching a roster's micro-grid column (第1微网格, 3组, YMC-01-03…) to the grids in the
database, and making the grids the clerk chose to create."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlmodel import Session

from gridoffice.domain.codes import GridLevel
from gridoffice.domain.pinyin import initials
from gridoffice.i18n import tr
from gridoffice.services.errors import ServiceError
from gridoffice.services.grids.core import GridInfo, catalogue
from gridoffice.services.scope import grid_subtree_ids, require_grid
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


Path = tuple[str, str, str]  # (community, general grid, micro-grid) as the file writes them


def match(session: Session, texts: set[str] | dict[str, Path], within: int | None = None) -> dict[str, GridMatch]:
    """Each distinct grid of the file → the one assignable grid it names (by code, name, covers,
    then number), narrowed by the file's 社区 / 一般网格 columns when it has them (``texts`` as
    key → path). Two grids that both fit are reported as ambiguous, never guessed."""
    paths = texts if isinstance(texts, dict) else {t: ("", "", t) for t in texts}
    query = select(Grid.id, Grid.code, Grid.name, Grid.covers, Grid.level).where(Grid.deleted_at.is_(None))
    rows = session.execute(query).all()
    if within is not None:
        allowed = set(grid_subtree_ids(session, within))
        rows = [r for r in rows if r.id in allowed]
    assignable = [r for r in rows if r.level in ASSIGNABLE]
    keys = [(r, r.code.upper(), normalize(r.name), {normalize(t) for t in re.split(r"[、,，;；\s]+", r.covers) if t},
             core(r.name)) for r in assignable]  # normalised once, not once per text
    table = catalogue(session) if any(c or g for c, g, _m in paths.values()) else {}
    result: dict[str, GridMatch] = {}
    for key, (community, general, text) in paths.items():
        if not text:
            continue
        norm, text_core = normalize(text), core(text)
        tiers = (
            [r for r, code, _n, _c, _k in keys if code == norm.upper()],
            [r for r, _code, name, _c, _k in keys if name == norm],
            [r for r, _code, _n, covers, _k in keys if norm in covers],
            [r for r, _code, _n, _c, name_core in keys if text_core and name_core == text_core],
        )
        m = GridMatch(key)
        for tier in tiers:
            if community or general:
                tier = [r for r in tier if _fits(table, r.id, community, general)]
            if len(tier) == 1:
                m.grid_id, m.code, m.name = tier[0].id, tier[0].code, tier[0].name
                break
            if len(tier) > 1:
                m.candidates = sorted(r.code for r in tier)
                break
        result[key] = m
    return result


_PLACE_SUFFIX = re.compile(r"(社区居民委员会|村民委员会|居民委员会|居委会|村委会|社区|村)$")


def names_match(text: str, grid: GridInfo | None) -> bool:
    """The file's 社区 / 一般网格 text names this grid: its code, its name (大弯社区 = 大弯), or
    its number (第1网格 = 一网格 = 1)."""
    if grid is None or not text:
        return False
    norm = normalize(text)
    name = normalize(grid.name)
    return (norm.upper() == grid.code.upper() or norm == name
            or (_PLACE_SUFFIX.sub("", norm) or norm) == (_PLACE_SUFFIX.sub("", name) or name)
            or (bool(core(text)) and core(text) == core(grid.name)))


def _fits(table: dict[int, GridInfo], gid: int, community: str, general: str) -> bool:
    g = table.get(gid)
    if g is None:
        return False
    if general and not names_match(general, table.get(g.general_id) if g.general_id else None):
        return False
    return not community or names_match(community, table.get(g.community_id) if g.community_id else None)


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
    grid = require_grid(session, code)
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


def create_paths(session: Session, paths: list[Path], note: str) -> tuple[dict[Path, int], list[int]]:
    """Build community → general grid → micro-grid from the file's columns (a first import into
    an empty database). Existing grids of the same name under the same parent are reused; a
    path without a community is placed in the database's only community, if there is one.
    Returns path → micro-grid id for the paths placed, and the ids of every grid made (deepest
    first, the order to delete them in)."""
    table = {gid: g for gid, g in catalogue(session).items() if not g.deleted}
    used = {g.code for g in catalogue(session).values()}
    roots = [g for g in table.values() if g.parent_id is None]
    street = roots[0].id if len(roots) == 1 and roots[0].level == GridLevel.STREET else None
    children: dict[int | None, list[tuple[int, str, str]]] = {}  # parent → (id, name, code)
    for g in table.values():
        children.setdefault(g.parent_id, []).append((g.id, g.name, g.code))
    made: list[int] = []

    def code_for(parent_code: str | None, name: str) -> str:
        if parent_code:
            n = 1
            while f"{parent_code}-{n:02d}" in used:
                n += 1
            return f"{parent_code}-{n:02d}"
        base = initials(_PLACE_SUFFIX.sub("", normalize(name)) or name).upper() or "SQ"
        code, n = base, 1
        while code in used:
            n += 1
            code = f"{base}{n}"
        return code

    def child(parent: int | None, parent_code: str | None, level: str, name: str) -> tuple[int, str]:
        for gid, gname, gcode in children.get(parent, []):
            if table.get(gid) is not None and table[gid].level == level and normalize(gname) == normalize(name):
                return gid, gcode
            if gid in made and normalize(gname) == normalize(name):
                return gid, gcode
        code = code_for(parent_code, name)
        used.add(code)
        order = len(children.get(parent, []))
        new_id = session.execute(
            insert(Grid.__table__).returning(Grid.__table__.c.id),
            dict(parent_id=parent, level=level, code=code, name=name, covers="", sort_order=order,
                 note=note, deleted_at=None)).scalar_one()
        children.setdefault(parent, []).append((new_id, name, code))
        made.append(new_id)
        return new_id, code

    only = [g for g in table.values() if g.level == GridLevel.COMMUNITY]
    placed: dict[Path, int] = {}
    for path in paths:
        community, general, micro = (x.strip() for x in path)
        if not micro or not general:
            continue
        if community:
            root_code = table[street].code if street is not None else None
            cid, ccode = child(street, root_code if street is not None else None, GridLevel.COMMUNITY, community)
        elif len(only) == 1:
            cid, ccode = only[0].id, only[0].code
        else:
            continue
        gid, gcode = child(cid, ccode, GridLevel.GENERAL, general)
        mid, _mcode = child(gid, gcode, GridLevel.MICRO, micro)
        placed[path] = mid
    return placed, list(reversed(made))

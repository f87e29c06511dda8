"""The rows of a statistics form: one per micro-grid (``grids``), general grid
(``grids:general``) or community (``communities``), counted as the summary ledger counts them
(``ledger_summary.grid_counts``), grouped by grid id — never by name, 第1网格 repeats — and
named by ``services/grids.catalogue``. The rows add up to the 合计 row."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from gridoffice.domain import privacy
from gridoffice.domain.codes import GridLevel
from gridoffice.i18n import tr
from gridoffice.services.grids import core as grids
from gridoffice.services.ledgers import LedgerOptions
from gridoffice.services.ledgers import summary as ledger_summary
from gridoffice.services.scope import Scope, grid_subtree_ids, person_filter
from gridoffice.store import Database
from gridoffice.store.models import Household, KeyMembership, Person

LABELS = ("community", "general_grid", "micro_grid", "leader")
_SUMMARY_KEY = {"count:disabled": "disabled", "count:dibao": "dibao", "count:tekun": "tekun",
                "count:left_behind_child": "left_behind_child", "count:pregnant": "pregnant",
                "count:chronic": "chronic"}


@dataclass
class CountRows:
    rows: list[list[Any]]
    grid_ids: list[int | None]  # the grid of each row (None: people of no grid)
    totals: dict[str, Any] = field(default_factory=dict)  # field → the 合计 value


def count_rows(db: Database, kind: str, keys: Sequence[str], grid_code: str | None, on: dt.date,
               public: bool, campaign_id: int | None = None) -> CountRows:
    options = LedgerOptions(on=on, grid_code=grid_code, campaign_id=campaign_id)
    per_grid = ledger_summary.grid_counts(db, options)
    _add_sex_and_elderly(db, per_grid, on)
    leaders = ledger_summary.grid_leaders(db)
    with db.reading() as s:
        table = grids.catalogue(s)
        chosen = None
        if grid_code:
            from gridoffice.services.scope import require_grid

            chosen = set(grid_subtree_ids(s, require_grid(s, grid_code).id))  # type: ignore[arg-type]
    level = {"grids": (GridLevel.MICRO, GridLevel.DEDICATED), "grids:general": (GridLevel.GENERAL,),
             "communities": (GridLevel.COMMUNITY,)}[kind]
    lines: dict[int | None, Counter[str]] = {}
    for gid in sorted((g for g in table.values() if not g.deleted and g.level in level
                       and (chosen is None or g.id in chosen)), key=lambda g: grids.order_key(table, g.id)):
        lines[gid.id] = Counter()
    for gid, counts in per_grid.items():  # type: ignore[assignment]
        g = table.get(gid)  # type: ignore[call-overload]
        if g is None:
            if gid == ledger_summary.UNASSIGNED and chosen is None and kind == "grids":
                lines.setdefault(None, Counter()).update(counts)
            continue
        owner = {"grids": gid, "grids:general": g.general_id, "communities": g.community_id}[kind]
        if owner in lines and owner is not None:
            lines[owner].update(counts)
    ids = list(lines)
    hidden: dict[tuple[Any, str], str] = {}
    if public:
        hidden = _suppress(lines, keys)
    # without a 社区 / 一般网格 column a row names its grid so that no two rows read the same
    # (第1微网格 exists in every community of a street)
    plain = "community" in keys or (kind == "grids" and "general_grid" in keys)
    rows = []
    for gid in ids:  # type: ignore[assignment]
        g = table.get(gid) if gid is not None else None  # type: ignore[call-overload]
        rows.append([_value(key, gid, g, lines[gid], leaders, hidden, plain) for key in keys])  # type: ignore[arg-type, index]
    overall: Counter[str] = Counter()
    for counts in lines.values():
        overall.update(counts)
    totals = {key: hidden.get(("total", key), _figure(overall, key)) for key in keys
              if key not in LABELS and key not in ("serial", "note")}
    return CountRows(rows, ids, totals)


def _figure(counts: Counter[str], key: str) -> int:
    return counts.get(_SUMMARY_KEY.get(key, key), 0)


def _value(key: str, gid: int | None, g: grids.GridInfo | None, counts: Counter[str], leaders: dict[int, str],
           hidden: dict[tuple[Any, str], str], plain: bool = True) -> Any:
    if key == "serial" or key == "note":
        return None
    if key in LABELS:
        if g is None:
            return tr("未划分网格") if key == "micro_grid" else ""
        return {"community": g.community, "general_grid": g.general, "micro_grid": g.name if plain else g.label,
                "leader": leaders.get(g.id, "")}[key]
    return hidden.get((gid, key), _figure(counts, key))


def _suppress(lines: dict[int | None, Counter[str]], keys: Sequence[str]) -> dict[tuple[Any, str], str]:
    """The public version: small counts of sensitive groups hidden so that the 合计 gives none
    back (``domain.privacy.suppress_small_cells``)."""
    hidden: dict[tuple[Any, str], str] = {}
    for key in keys:
        group = _SUMMARY_KEY.get(key, key.removeprefix("count:"))
        if group not in privacy.SENSITIVE_GROUPS:
            continue
        values: dict[tuple[Any, str], int] = {(gid, key): _figure(c, key) for gid, c in lines.items()}
        values[("total", key)] = sum(values.values())
        hidden.update(privacy.suppress_small_cells(values, [(("total", key), [k for k in values if k[0] != "total"])]))
    return hidden


def _add_sex_and_elderly(db: Database, per_grid: dict[int, Counter[str]], on: dt.date) -> None:
    with db.reading() as s:
        base = (select(Household.grid_id, Person.sex, func.count()).select_from(Person)
                .join(Household, Person.household_id == Household.id)
                .where(Household.deleted_at.is_(None), person_filter(s, Scope(), on))
                .group_by(Household.grid_id, Person.sex))
        for gid, sex, n in s.execute(base):
            key = {"男": "male", "女": "female"}.get(sex or "")
            if key:
                per_grid.setdefault(ledger_summary.UNASSIGNED if gid is None else gid, Counter())[key] += n
        elderly = (select(Household.grid_id, func.count(func.distinct(Person.id))).select_from(Person)
                   .join(Household, Person.household_id == Household.id)
                   .join(KeyMembership, KeyMembership.person_id == Person.id)
                   .where(Household.deleted_at.is_(None), person_filter(s, Scope(), on),
                          KeyMembership.category == "elderly",
                          or_(KeyMembership.since.is_(None), KeyMembership.since <= on),
                          or_(KeyMembership.until.is_(None), KeyMembership.until >= on))
                   .group_by(Household.grid_id))
        for gid, n in s.execute(elderly):
            per_grid.setdefault(ledger_summary.UNASSIGNED if gid is None else gid, Counter())["count:elderly"] += n

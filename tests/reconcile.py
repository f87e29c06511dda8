"""Reconciliation of per-grid figures, written once for every ledger and count view (issue 13).

A ``Table`` is rows of figures, each about one grid at one level (community / general / micro;
grid id None for the 未划分网格 bucket), and a total. ``check`` says what does not add up:

- every grid appears at most once per level;
- the rows of a level are every grid of that level (``every_grid``), or grids of that level
  only (``every_grid=False``: "grids that have something", which the sheet says);
- the children of a row (one level down, matched by id through the grid catalogue) add up to
  it, and no child is left without its parent's row when the parent level is shown;
- every level (with the 未划分网格 bucket) adds up to the total;
- the total equals the independent figures given (``stats``, a campaign's counts).

Figures are compared by column header, so two sheets of one ledger are checked against each
other too (``check_ledger``). Ledger sheets say which grid each row is about in
``Sheet.grid_rows``; a sheet without it is not per grid and is skipped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gridoffice.domain.codes import GridLevel
from gridoffice.exports.ledger import Ledger, Sheet
from gridoffice.services.grids.core import GridInfo

LEVELS = ("community", "general", "micro")  # top down


@dataclass
class Table:
    name: str
    rows: list[tuple[str, int | None, dict[str, float]]]  # (level, grid id, figures by header)
    total: dict[str, float] | None = None
    every_grid: bool = True
    levels_shown: Sequence[str] = field(default_factory=tuple)  # levels that must be there


def level_of(g: GridInfo) -> str:
    return GridLevel.MICRO if g.level == GridLevel.DEDICATED else str(g.level)


def ancestor(g: GridInfo, level: str) -> int | None:
    return {"community": g.community_id, "general": g.general_id}.get(level)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def from_sheet(sheet: Sheet) -> Table | None:
    """The additive figures (columns of kind ``int``) of a per-grid sheet, by header."""
    if sheet.grid_rows is None:
        return None
    ints = [(i, c.header) for i, c in enumerate(sheet.columns) if c.kind == "int"]
    rows = list(sheet.rows)
    if len(rows) != len(sheet.grid_rows):
        raise AssertionError(f"{sheet.name}: {len(rows)} rows but {len(sheet.grid_rows)} grid keys")
    sheet.rows = iter(rows)  # the sheet can still be written after the check
    table_rows = [(level, gid, {h: row[i] for i, h in ints if _number(row[i])})
                  for (level, gid), row in zip(sheet.grid_rows, rows, strict=True)]
    total = None
    if sheet.total is not None:
        total = {h: sheet.total[i] for i, h in ints if i < len(sheet.total) and _number(sheet.total[i])}
    return Table(sheet.name, table_rows, total, sheet.every_grid)


def check(table: Table, grids: Mapping[int, GridInfo], expected: Mapping[str, float] | None = None,
          scope: Iterable[int] | None = None) -> list[str]:
    """What does not reconcile in ``table`` (empty: it does). ``scope``: the grid ids the table
    is about (default: every grid not deleted)."""
    problems: list[str] = []
    inside = set(scope) if scope is not None else {gid for gid, g in grids.items() if not g.deleted}
    by_level: dict[str, list[tuple[int | None, dict[str, float]]]] = defaultdict(list)
    for level, gid, figures in table.rows:
        by_level[level].append((gid, figures))
    unassigned = [f for _level, gid, f in table.rows if gid is None]
    present = [lv for lv in LEVELS if any(gid is not None for gid, _ in by_level.get(lv, []))]
    for level in table.levels_shown:
        if level not in present:
            problems.append(f"{table.name}: no {level} rows")
    for level in present:
        ids = [gid for gid, _ in by_level[level] if gid is not None]
        twice = [gid for gid, n in Counter(ids).items() if n > 1]
        if twice:
            problems.append(f"{table.name}: {len(twice)} {level} grids appear more than once "
                            f"({len(ids)} rows for {len(set(ids))} grids)")
        wrong = [gid for gid in ids if gid not in grids or level_of(grids[gid]) != level]
        if wrong:
            problems.append(f"{table.name}: {len(wrong)} rows filed as {level} are not {level} grids")
        every = {gid for gid in inside if gid in grids and level_of(grids[gid]) == level}
        missing = every - set(ids)
        if table.every_grid and missing:
            problems.append(f"{table.name}: {len(missing)} of {len(every)} {level} grids have no row")
        outside = set(ids) - every
        if outside:
            problems.append(f"{table.name}: {len(outside)} {level} rows are outside the scope")
    for upper, lower in ((a, b) for i, a in enumerate(present) for b in present[i + 1:]):
        parents = {gid: f for gid, f in by_level[upper] if gid is not None}
        sums: dict[int, Counter] = defaultdict(Counter)
        for gid, figures in by_level[lower]:
            if gid is None or gid not in grids:
                continue
            parent = ancestor(grids[gid], upper)
            if parent not in parents:
                problems.append(f"{table.name}: {lower} grid {grids[gid].code} has no {upper} row")
                continue
            sums[parent].update(figures)
        bad = [gid for gid, figures in parents.items()
               if any(abs(figures[h] - sums[gid][h]) > 1e-9 for h in figures if _shared(h, by_level[lower]))]
        if bad:
            g = grids.get(bad[0])
            problems.append(f"{table.name}: {len(bad)} {upper} rows differ from the sum of their {lower} rows "
                            f"(first: {g.path if g else bad[0]})")
    if table.total is not None:
        for level in present:
            sums_level: Counter = Counter()
            for gid, figures in by_level[level]:
                if gid is not None:
                    sums_level.update(figures)
            for figures in unassigned:
                sums_level.update(figures)
            off = {h: (v, sums_level[h]) for h, v in table.total.items()
                   if _shared(h, by_level[level]) and abs(v - sums_level[h]) > 1e-9}
            if off:
                problems.append(f"{table.name}: the {level} rows do not add up to the total: {off}")
    for header, value in (expected or {}).items():
        if table.total is not None and header in table.total and table.total[header] != value:
            problems.append(f"{table.name}: total {header} = {table.total[header]}, expected {value}")
    return problems


def _shared(header: str, rows: list[tuple[int | None, dict[str, float]]]) -> bool:
    return any(header in figures for _gid, figures in rows)


def check_ledger(ledger: Ledger, grids: Mapping[int, GridInfo],
                 expected: Mapping[str, float] | None = None) -> tuple[list[str], dict[str, Counter]]:
    """Every per-grid sheet of the ledger, and the sheets against each other (a grid's figure
    under one header is the same on every sheet). Returns the problems and, per sheet, the
    number of rows per level (for the report)."""
    problems: list[str] = []
    seen: dict[tuple[str, int, str], tuple[str, float]] = {}
    shape: dict[str, Counter] = {}
    for sheet in ledger.sheets:
        table = from_sheet(sheet)
        if table is None:
            continue
        table.name = f"{ledger.key}/{sheet.name}"
        problems += check(table, grids, expected)
        shape[table.name] = Counter(level if gid is not None else "unassigned" for level, gid, _ in table.rows)
        for level, gid, figures in table.rows:
            if gid is None:
                continue
            for header, value in figures.items():
                key = (level, gid, header)
                if key in seen and seen[key][1] != value:
                    problems.append(f"{table.name}: {header} of {grids[gid].path} is {value} here, "
                                    f"{seen[key][1]} on {seen[key][0]}")
                seen.setdefault(key, (table.name, value))
    return problems, shape

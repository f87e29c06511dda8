"""A per-grid count sheet (one row per micro-grid under the scope, by id; 小计 per community when
the scope spans several; a 合计 row), shared by the health ledgers. The public version hides
small counts of sensitive figures so that no printed sum gives them back
(``domain.privacy.suppress_small_cells``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gridoffice.domain import privacy
from gridoffice.domain.codes import GridLevel
from gridoffice.exports.ledger import Column, Sheet
from gridoffice.i18n import tr
from gridoffice.services.grids.core import GridInfo, order_key
from gridoffice.services.ledgers import kit

MICRO_LEVELS = (GridLevel.MICRO, GridLevel.DEDICATED)


def micro_grids(table: Mapping[int, GridInfo], inside: set[int] | None) -> list[int]:
    """Live micro (and dedicated) grids, in tree order, within ``inside`` (None: all)."""
    found = [g.id for g in table.values() if not g.deleted and g.level in MICRO_LEVELS
             and (inside is None or g.id in inside)]
    return sorted(found, key=lambda gid: order_key(table, gid))  # type: ignore[arg-type]


def sheet(name: str, title: str, table: Mapping[int, GridInfo], grid_ids: Sequence[int],
          counts: Mapping[int, Mapping[str, int]], figures: Sequence[tuple[str, str]], *, public: bool,
          sensitive: Sequence[str] = (), row_sums: Sequence[tuple[str, Sequence[str]]] = (),
          rates: Sequence[tuple[str, str, str]] = (), unassigned: Mapping[str, int] | None = None,
          unassigned_label: str = "") -> Sheet:
    """``figures`` (key, header) are the int columns; ``row_sums`` (key, parts) say which
    figures of a row add up to another (for the suppression); ``rates`` (header, part key,
    whole key) are percent columns after them, left out of the public version (a rate next to
    a hidden count gives it back). ``unassigned``: the counts of no listed grid, a row of their
    own (``unassigned_label``, grid id None) before the 合计, which counts them too."""
    rates = () if public else rates
    communities = sorted({table[g].community_id for g in grid_ids if table[g].community_id is not None},
                         key=lambda c: order_key(table, c))  # type: ignore[arg-type]
    many = len(communities) > 1
    keys = [k for k, _ in figures]
    values: dict[tuple[Any, str], int] = {}
    for gid in grid_ids:
        for k in keys:
            values[(gid, k)] = counts.get(gid, {}).get(k, 0)
    for cid in communities if many else []:
        for k in keys:
            values[(("c", cid), k)] = sum(values[(g, k)] for g in grid_ids if table[g].community_id == cid)
    bucket = ["none"] if unassigned is not None else []
    for k in keys:
        if unassigned is not None:
            values[("none", k)] = unassigned.get(k, 0)
        values[("total", k)] = sum(values[(g, k)] for g in [*grid_ids, *bucket])
    shown: dict[tuple[Any, str], str] = {}
    if public and sensitive:
        rows_of = [*grid_ids, *((("c", c)) for c in (communities if many else [])), *bucket, "total"]
        sums = [((r, total), [(r, p) for p in parts]) for r in rows_of for total, parts in row_sums]
        for k in keys:
            sums.append((("total", k), [(g, k) for g in [*grid_ids, *bucket]]))
            for cid in communities if many else []:
                sums.append(((("c", cid), k), [(g, k) for g in grid_ids if table[g].community_id == cid]))
        shown = privacy.suppress_small_cells(values, sums, lambda cell: cell[1] in sensitive)

    def figures_of(row: Any) -> list[Any]:
        out: list[Any] = [shown.get((row, k), values[(row, k)]) for k in keys]
        for _header, part, whole in rates:
            out.append(values[(row, part)] / values[(row, whole)] if values[(row, whole)] else None)
        return out

    items: list[kit.GridRow] = []
    for gid in grid_ids:
        g = table[gid]
        items.append((GridLevel.MICRO, gid, g.community_id, [*([g.community] if many else []), g.general, g.name,
                                                             *figures_of(gid)]))
    subtotals = [(cid, [table[cid].name, tr("小计"), "", *figures_of(("c", cid))])  # type: ignore[index]
                 for cid in (communities if many else [])]
    if unassigned is not None:
        items.append((GridLevel.MICRO, None, None, [*([""] if many else []), "", unassigned_label,
                                                    *figures_of("none")]))
    rows, grid_rows = kit.with_subtotals(items, subtotals)  # type: ignore[arg-type]
    columns = [*([Column(tr("社区"), 12, "name")] if many else []), Column(tr("一般网格"), 12, "name"),
               Column(tr("微网格"), 12, "name"), *(Column(header, 9, "int") for _, header in figures),
               *(Column(header, 9, "percent") for header, _p, _w in rates)]
    total = [tr("合计"), *([""] if many else []), "", *figures_of("total")]
    return Sheet(name=name, title=title, columns=columns, rows=rows, total=total, row_count=len(rows),
                 grid_rows=grid_rows)

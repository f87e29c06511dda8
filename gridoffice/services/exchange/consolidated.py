"""The street's consolidated figures from aggregate packages (``sync_aggregate``): counts and kit
coverage per village and community, adding up to the street total (``package summary``, the
desk's 汇总 table). A village's lines are those of the latest month it sent (or the month asked).

Each aggregate line is one grid of the sender; the grid rows travel in aggregate packages too, so
the line is placed under its community (总网格) here by the grid's uuid, never by its name."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from gridoffice.i18n import N_, tr
from gridoffice.services.grids import core as grids
from gridoffice.store import Database
from gridoffice.store.models import Grid, SyncAggregate, SyncPeer

# the figures shown, in order (keys of an aggregate line's counts; "key" sums the key.* ones)
FIGURES = (("households", N_("户数")), ("persons", N_("人数")), ("aged_60_plus", N_("60岁以上")),
           ("aged_80_plus", N_("80岁以上")), ("key", N_("重点人群")), ("kits_listed", N_("应发")),
           ("kits_handed", N_("已发")), ("visits_in_period", N_("本月走访")), ("matters_in_period", N_("本月事项")))


def _figures(counts: dict[str, Any]) -> dict[str, int]:
    out = {k: int(counts.get(k) or 0) for k, _label in FIGURES if k != "key"}
    out["key"] = sum(int(v or 0) for k, v in counts.items() if k.startswith("key."))
    return out


def _add(into: dict[str, int], more: dict[str, int]) -> None:
    for k, v in more.items():
        into[k] = into.get(k, 0) + v


def coverage(figures: dict[str, int]) -> float | None:
    """Kits handed out of kits listed (None when nothing is listed)."""
    listed = figures.get("kits_listed", 0)
    return figures.get("kits_handed", 0) / listed if listed else None


def summary(db: Database, period: str | None = None) -> dict[str, Any]:
    """``villages``: one entry per office that sent aggregate counts (office, code, period,
    ``figures`` and ``communities`` [{community, code, figures}]); ``total``: their sum."""
    with db.reading() as s:
        peers = {p.db_uuid: p for p in s.execute(select(SyncPeer)).scalars()}
        lines = s.execute(select(SyncAggregate).order_by(SyncAggregate.id)).scalars().all()
        by_uuid = dict(s.execute(select(Grid.uuid, Grid.id)).all())
        table = grids.catalogue(s)
    months: dict[str, str] = {}
    for line in lines:
        if period is None or line.period == period:
            months[line.peer_uuid] = max(months.get(line.peer_uuid, ""), line.period)
    villages: dict[str, dict[str, Any]] = {}
    for line in lines:
        if months.get(line.peer_uuid) != line.period:
            continue
        p = peers.get(line.peer_uuid)
        v = villages.setdefault(line.peer_uuid, {"office": p.office_name if p else line.peer_uuid[:8],
                                                 "code": p.office_code if p else "", "period": line.period,
                                                 "figures": {}, "communities": defaultdict(dict)})
        info = table.get(by_uuid.get(line.grid_uuid, -1))
        community = table.get(info.community_id) if info and info.community_id else None
        name = community.name if community else (tr("未划分网格") if not line.grid_uuid else line.grid_name)
        code = community.code if community else line.grid_code
        figures = _figures(line.counts or {})
        _add(v["figures"], figures)
        _add(v["communities"][(code, name)], figures)
    total: dict[str, int] = {}
    out = []
    for v in sorted(villages.values(), key=lambda v: (v["code"], v["office"])):
        _add(total, v["figures"])
        v["communities"] = [{"community": name, "code": code, "figures": f}
                            for (code, name), f in sorted(v["communities"].items())]
        out.append(v)
    return {"period": period or "", "villages": out, "total": total}


def rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The summary as table lines: each community of each village, a 小计 per village that has
    more than one community, and the 合计 — what the desk and the CLI show."""
    out = []
    for v in data["villages"]:
        for c in v["communities"]:
            out.append({"office": v["office"], "code": v["code"], "period": v["period"],
                        "community": c["community"], **c["figures"], "coverage": coverage(c["figures"])})
        if len(v["communities"]) > 1:
            out.append({"office": v["office"], "code": v["code"], "period": v["period"], "community": tr("小计"),
                        **v["figures"], "coverage": coverage(v["figures"])})
    if data["villages"]:
        out.append({"office": tr("合计"), "code": "", "period": data["period"], "community": "",
                    **data["total"], "coverage": coverage(data["total"])})
    return out

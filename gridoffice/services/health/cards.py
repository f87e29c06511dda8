"""Printed health work of a micro-grid: bedside contact cards for its red and yellow residents
and the daily-call sheet of its red ones (exports/health_cards.py draws them).

The contacts on a card are the micro-grid's own: its leader (微网格长), the first of its
service team (微网格员), its family doctor (the nearest 家庭医生 post up the tree), the village
clinic (settings ``health.clinic_name`` / ``health.clinic_phone``) and 120. A post's work phone
when it has one, else the staff member's phone (as on the notice boards).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from gridoffice import options
from gridoffice.domain import health_tiers as ht
from gridoffice.domain import visit_schedule as vs
from gridoffice.domain.codes import Role
from gridoffice.domain.privacy import PublicContact
from gridoffice.i18n import tr
from gridoffice.services import settings
from gridoffice.services.errors import ServiceError
from gridoffice.services.grids.core import catalogue
from gridoffice.services.health import calls as health_calls
from gridoffice.services.health import tiers as health_tiers
from gridoffice.services.scope import require_grid
from gridoffice.store import Database
from gridoffice.store.models import Post, Staff

if TYPE_CHECKING:
    from gridoffice.exports.health_cards import BedsideCard, CardContact

# exports.health_cards and services.posters (and reportlab with them, ~0.25 s) are imported where
# a card or a sheet is made, not with this module: the 健康服务 pane imports it, and its first
# show froze that long on the GUI thread.

CLINIC_NAME, CLINIC_PHONE = options.CLINIC_NAME, options.CLINIC_PHONE
CARD_TIERS = (ht.RED, ht.YELLOW)


class NothingToPrint(ServiceError):
    """The grid has nobody to print for."""


def _contacts(db: Database, grid_id: int) -> tuple[CardContact, ...]:
    from gridoffice.exports.health_cards import CardContact
    with db.reading() as s:
        grids = catalogue(s)
        chain, gid = [], grid_id  # type: ignore[var-annotated]
        while gid is not None and gid in grids and len(chain) < 12:
            chain.append(gid)
            gid = grids[gid].parent_id  # type: ignore[assignment]
        rows = s.execute(select(Post.grid_id, Post.role, Post.work_phone, Staff.name, Staff.phone)
                         .join(Staff, Staff.id == Post.staff_id)
                         .where(Post.grid_id.in_(chain), Staff.active.is_(True))
                         .order_by(Post.sort_order, Post.id)).all()
    by = {(g, role): PublicContact.of_staff(role, name, work, phone) for g, role, work, name, phone in reversed(rows)}

    def nearest(role: str, own_only: bool = False) -> PublicContact | None:
        for g in chain[:1] if own_only else chain:
            if (g, role) in by:
                return by[(g, role)]
        return None

    out = []
    for role, own in ((Role.MICRO_LEADER, True), (Role.MICRO_STAFF, True), (Role.DOCTOR, False)):
        found = nearest(role, own)
        if found is not None:
            out.append(CardContact(tr(role), found.name, found.phone))
    out.append(clinic(db))
    out.append(CardContact(tr("急救电话"), "", "120"))
    return tuple(out)


def clinic(db: Database) -> CardContact:
    """The village clinic as the office's settings name it (设置 → 单位信息, or the CLI's
    ``--clinic-name`` / ``--clinic-phone``)."""
    from gridoffice.exports.health_cards import CardContact
    return CardContact(settings.value(db, CLINIC_NAME).strip() or tr("村卫生室"), "",
                       settings.value(db, CLINIC_PHONE).strip())


def cards(db: Database, code: str, on: dt.date | None = None) -> list[BedsideCard]:
    """One card per red or yellow resident 65+ of the grid ``code`` (and under it), red first."""
    from gridoffice.exports.health_cards import BedsideCard
    on = on or dt.date.today()
    with db.reading() as s:
        grid = require_grid(s, code)
        grid_id = grid.id
        labels = {g.id: g.path for g in catalogue(s).values()}
    rows = [t for t in health_tiers.tiers(db, grid_id, on) if t.tier in CARD_TIERS]
    contacts: dict[int, tuple[CardContact, ...]] = {}
    out = []
    for t in rows:
        if t.grid_id not in contacts:
            contacts[t.grid_id] = _contacts(db, t.grid_id)
        out.append(BedsideCard(t.name, labels.get(t.grid_id, ""), contacts[t.grid_id]))
    return out


def write_cards_file(db: Database, code: str, out: Path, on: dt.date | None = None) -> int:
    """The cards of ``code`` in one PDF; returns the number of cards."""
    from gridoffice.exports.health_cards import write_cards
    from gridoffice.services.posters import _writing
    items = cards(db, code, on)
    if not items:
        raise NothingToPrint(tr("{code} 没有红色或黄色分级的居民，没有联系卡可印").format(code=code))
    _writing(db, out, lambda p: write_cards(items, p, tr("床头联系卡")))
    return len(items)


def _short(note: str, limit: int = 16) -> str:
    """A week's notes as the sheet's last column holds them (two lines)."""
    return note if len(note) <= limit else note[:limit - 1] + "…"


def write_call_sheet_file(db: Database, code: str, out: Path, on: dt.date | None = None) -> int:
    """The daily-call sheet of the red residents of ``code`` for the week of ``on``; returns
    the number of residents on it."""
    from gridoffice.exports.health_cards import CallRow, write_call_sheet
    from gridoffice.services.posters import _writing
    on = on or dt.date.today()
    with db.reading() as s:
        grid = require_grid(s, code)
        assert grid.id is not None
        grid_id, path = grid.id, catalogue(s)[grid.id].path
    monday = vs.week_start(on)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    marks = {True: "√", False: "×", None: ""}
    rows = [CallRow(r.tier.name, r.tier.address, r.tier.phone or "", tuple(marks[r.reached_on(d)] for d in days),
                    _short("；".join(c.note for c in r.week if c.note)))
            for r in health_calls.call_list(db, grid_id, on)]
    if not rows:
        raise NothingToPrint(tr("{code} 没有红色分级的居民").format(code=code))
    place = clinic(db)
    subtitle = tr("{grid}    {monday} 至 {sunday}").format(grid=path, monday=monday.isoformat(),
                                                          sunday=vs.week_end(on).isoformat())
    footer = tr("{clinic} {phone}    急救 120").format(clinic=place.label, phone=place.phone or "__________")
    _writing(db, out, lambda p: write_call_sheet(rows, p, tr("红色分级居民每日电话随访表"), subtitle, monday, footer))
    return len(rows)

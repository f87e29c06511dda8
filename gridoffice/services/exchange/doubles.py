""""Already handed a kit in another village": at the street, persons handed a kit of the same
street campaign by two offices, found without reading an ID number (issue 19).

Villages send pseudonymous packages: a person travels as ``id_key`` = HMAC-SHA256 of the ID
number under the street's key (``pseudonym.id_key``), kept in ``sync_row.id_key``. Two villages'
rows of one person carry the same key, so the street groups hand-outs by (campaign, key). A
person received at the full level has an ID number; it is keyed the same way (under the street
key when there is one), so both levels meet. What is shown: the campaign, a short key reference,
and per office the micro-grid and the date — never a name or an ID number; the villages, who
hold the street key too, find their own person by it (``mine``).

Service API (GUI and CLI ``package doubles [--campaign ID] [--json]``):

* ``find(db, campaign_id=None) -> list[Double]`` at the street;
* ``mine(db, doubles) -> list[dict]`` at a village: which of its persons the street's list names
  (the list is ``[d.as_dict() for d in find(...)]``, as ``package doubles --json`` prints it).
* ``write_handed(db, target)`` at the street (``package doubles --handed-out FILE``): every kit of
  the street's own campaigns handed anywhere, as (campaign uuid, key, office, date) — no name,
  no ID; ``load_handed(db, source)`` at a village (``package doubles --load FILE``) keeps it;
  ``elsewhere(db, campaign_id, person_id) -> str | None`` is the hand-out warning ("已在乙村领过"),
  which ``gridoffice campaign handout`` prints and the GUI's hand-out form can show.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from gridoffice.i18n import tr
from gridoffice.services import settings
from gridoffice.services.exchange import (
    ExchangeError,
    hints,
    pseudonym,  # id_key only: the signing keys load cryptography
    rows,
)
from gridoffice.store import Database
from gridoffice.store.models import Campaign, Entitlement, Grid, Person, SyncPeer, SyncRow

HANDED = "handed"
REF_LENGTH = 12  # hex digits of the key shown: enough to tell persons apart, and to find one's own


@dataclass
class Double:
    campaign_id: int
    campaign: str
    key: str  # the pseudonymous key (full); ``ref`` is what a list shows
    handed: list[dict[str, Any]] = field(default_factory=list)  # per hand-out: office, grid, date

    @property
    def ref(self) -> str:
        return self.key[:REF_LENGTH]

    def as_dict(self) -> dict[str, Any]:
        return {"campaign_id": self.campaign_id, "campaign": self.campaign, "key": self.key, "ref": self.ref,
                "offices": len({h["office"] for h in self.handed}), "handed": self.handed}


_ONE_OFF = secrets.token_hex(32)  # no street key: a key for this run only (a plain hash of an ID is guessable)


def _keyed(street_key: str, id_key: str | None, id_number: str | None) -> str | None:
    if id_key:
        return id_key
    if not id_number:
        return None
    return pseudonym.id_key(street_key or _ONE_OFF, id_number)


def find(db: Database, campaign_id: int | None = None) -> list[Double]:
    street_key = settings.get(db, rows.STREET_KEY)
    here = tr("本单位")
    sent_by = aliased(SyncRow)
    person_row = aliased(SyncRow)
    stmt = (select(Entitlement.campaign_id, Campaign.name, Entitlement.handed_on, Grid.name, sent_by.peer_uuid,
                   person_row.id_key, Person.id_number)
            .join(Campaign, Campaign.id == Entitlement.campaign_id)
            .join(Person, Person.id == Entitlement.person_id)
            .outerjoin(Grid, Grid.id == Entitlement.grid_id)
            .outerjoin(sent_by, and_(sent_by.table_name == "entitlement", sent_by.uuid == Entitlement.uuid))
            .outerjoin(person_row, and_(person_row.table_name == "person", person_row.uuid == Person.uuid))
            .where(Entitlement.state == HANDED))
    if campaign_id is not None:
        with db.reading() as s:
            if not 0 < campaign_id < 2**63 or s.get(Campaign, campaign_id) is None:
                raise ExchangeError(tr("没有编号为 {id} 的发放活动。").format(id=campaign_id))
        stmt = stmt.where(Entitlement.campaign_id == campaign_id)
    groups: dict[tuple[int, str], Double] = {}
    offices: dict[tuple[int, str], set[str]] = defaultdict(set)
    with db.reading() as s:
        names = dict(s.execute(select(SyncPeer.db_uuid, SyncPeer.office_name)).all())
        for cid, cname, on, grid, peer, id_key, number in s.execute(stmt):
            key = _keyed(street_key, id_key, number)
            if key is None:
                continue
            office = names.get(peer, peer[:8]) if peer else here
            group = groups.setdefault((cid, key), Double(cid, cname, key))
            group.handed.append({"office": office, "grid": grid or "", "handed_on": rows.plain(on)})
            offices[(cid, key)].add(peer or "")
    found = [d for k, d in groups.items() if len(offices[k]) > 1]
    for d in found:
        d.handed.sort(key=lambda h: (h["handed_on"] or "", h["office"]))
    return sorted(found, key=lambda d: (d.campaign_id, d.handed[0]["handed_on"] or "", d.key))


def mine(db: Database, doubles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """At a village holding the street key: its own persons named in the street's list (by key),
    with the hand-outs elsewhere — what the hand-out desk warns about."""
    street_key = settings.get(db, rows.STREET_KEY)
    if not street_key:
        return []
    wanted = {str(d.get("key", "")): d for d in doubles if d.get("key")}
    out = []
    with db.reading() as s:
        for pid, name, number in s.execute(select(Person.id, Person.name, Person.id_number)
                                           .where(Person.id_number.is_not(None))):
            hit = wanted.get(pseudonym.id_key(street_key, number))
            if hit is not None:
                out.append({"person_id": pid, "name": name, "campaign": hit.get("campaign"),
                            "handed": hit.get("handed", [])})
    return out


HANDED_FORMAT = "gridoffice-handed/1"
HANDED_KEY = "exchange.handed_elsewhere"


def handed(db: Database) -> list[dict[str, Any]]:
    """At the street: every kit of its own campaigns handed in any office, keyed."""
    street_key = settings.get(db, rows.STREET_KEY)
    sent_by, person_row, campaign_row = aliased(SyncRow), aliased(SyncRow), aliased(SyncRow)
    stmt = (select(Campaign.uuid, Campaign.name, Entitlement.handed_on, sent_by.peer_uuid, person_row.id_key,
                   Person.id_number)
            .join(Campaign, Campaign.id == Entitlement.campaign_id)
            .join(Person, Person.id == Entitlement.person_id)
            .outerjoin(campaign_row, and_(campaign_row.table_name == "campaign", campaign_row.uuid == Campaign.uuid))
            .outerjoin(sent_by, and_(sent_by.table_name == "entitlement", sent_by.uuid == Entitlement.uuid))
            .outerjoin(person_row, and_(person_row.table_name == "person", person_row.uuid == Person.uuid))
            .where(Entitlement.state == HANDED, campaign_row.uuid.is_(None)))
    with db.reading() as s:
        names = dict(s.execute(select(SyncPeer.db_uuid, SyncPeer.office_name)).all())
        out = []
        for cuuid, cname, on, peer, id_key, number in s.execute(stmt):
            key = _keyed(street_key, id_key, number)
            if key:
                out.append({"campaign_uuid": cuuid, "campaign": cname, "key": key, "office_uuid": peer or "",
                            "office": names.get(peer, "") if peer else tr("街道"), "handed_on": rows.plain(on)})
    return out


def write_handed(db: Database, target: Any) -> int:
    import json
    from pathlib import Path

    from gridoffice.store import identity, outputs

    found = handed(db)
    body = {"format": HANDED_FORMAT, "street": identity.database_uuid(db), "rows": found}
    with outputs.atomic_output(Path(target), db=db) as tmp:
        tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return len(found)


def load_handed(db: Database, source: Any) -> int:
    import json
    from pathlib import Path

    try:
        body = json.loads(Path(source).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ExchangeError(tr("打不开街道下发的发放名单 {path}。").format(path=source)) from exc
    if not isinstance(body, dict) or body.get("format") != HANDED_FORMAT or not isinstance(body.get("rows"), list):
        raise ExchangeError(tr("{path} 不是街道下发的发放名单。").format(path=source))
    if not settings.get(db, rows.STREET_KEY):
        raise ExchangeError(tr("还没有街道下发的化名密钥，无法比对名单。"), **hints.street_key())
    settings.put(db, HANDED_KEY, json.dumps(body["rows"], ensure_ascii=False))
    return len(body["rows"])


def elsewhere(db: Database, campaign_id: int, person_id: int) -> str | None:
    """The hand-out warning: this person was handed a kit of this (street) campaign in another
    office, by the street's latest list; None when not (or when no list was loaded)."""
    import json

    from gridoffice.store import identity

    stored, street_key = settings.get(db, HANDED_KEY), settings.get(db, rows.STREET_KEY)
    if not stored or not street_key:
        return None
    with db.reading() as s:
        cuuid = s.execute(select(Campaign.uuid).where(Campaign.id == campaign_id)).scalar()
        number = s.execute(select(Person.id_number).where(Person.id == person_id)).scalar()
    if not cuuid or not number:
        return None
    key, me = pseudonym.id_key(street_key, number), identity.database_uuid(db)
    for r in json.loads(stored):
        if r.get("campaign_uuid") == cuuid and r.get("key") == key and r.get("office_uuid") != me:
            return tr("注意：此人已于 {on} 在{office}领过这次活动的物资（街道下发的名单）。").format(
                on=r.get("handed_on") or "", office=r.get("office") or tr("另一个单位"))
    return None

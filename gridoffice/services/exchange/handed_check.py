"""The hand-out form's check (GUI 物资发放 → 登记发放): which of the persons about to be handed a
kit were already handed one of the same street campaign in another office, by the street's
latest hand-out list (``doubles.load_handed``), matched by the pseudonymous key — the batch form
of ``doubles.elsewhere`` (the CLI's ``campaign handout`` warning), with the same sentence.

``has_list(db)`` is one small settings query: without a loaded list (most offices) there is nothing to
check and the form records at once; ``warnings(db, campaign_id, entitlement_ids)`` parses the
list only when one of the persons' keys occurs in it at all (tens of thousands of rows at a
street; the GUI calls it in the pool)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from sqlalchemy import select

from gridoffice.i18n import tr
from gridoffice.services import settings
from gridoffice.services.exchange import (
    pseudonym,  # id_key only: the signing keys load cryptography
    rows,
)
from gridoffice.services.exchange.doubles import HANDED_KEY
from gridoffice.store import Database, identity
from gridoffice.store.models import Campaign, Entitlement, Person, Setting

_KEY = re.compile(r'"key":\s*"([0-9a-f]{64})"')


def has_list(db: Database) -> bool:
    """Whether a list to check against was loaded (and the street key to match it): without
    reading the list itself (megabytes at a street), so the form may ask on the GUI thread."""
    with db.reading() as s:
        found = s.execute(select(Setting.key).where(Setting.key.in_([HANDED_KEY, str(rows.STREET_KEY)]))).all()
    return len(found) == 2  # the keys only (from their index): both are written non-empty


def warnings(db: Database, campaign_id: int, entitlement_ids: Sequence[int]) -> list[tuple[str, str]]:
    """(name, sentence) for each of ``entitlement_ids`` whose person the street's list shows as
    handed a kit of this campaign in another office; [] when none (or no list)."""
    stored, street_key = settings.get(db, HANDED_KEY), settings.get(db, rows.STREET_KEY)
    if not stored or not street_key or not entitlement_ids:
        return []
    with db.reading() as s:
        cuuid = s.execute(select(Campaign.uuid).where(Campaign.id == campaign_id)).scalar()
        persons = s.execute(select(Entitlement.id, Person.name, Person.id_number)
                            .join(Person, Person.id == Entitlement.person_id)
                            .where(Entitlement.id.in_(list(entitlement_ids)))).all()
    if not cuuid:
        return []
    order = {eid: i for i, eid in enumerate(entitlement_ids)}
    keyed = [(name, pseudonym.id_key(street_key, number)) for _eid, name, number
             in sorted(persons, key=lambda p: order.get(p[0], 0)) if number]
    listed = set(_KEY.findall(stored))  # one scan, no parsing: most hand-outs find nobody
    if not any(key in listed for _name, key in keyed):
        return []
    me = identity.database_uuid(db)
    handed = {r.get("key"): r for r in json.loads(stored)
              if r.get("campaign_uuid") == cuuid and r.get("office_uuid") != me}
    found = []
    for name, key in keyed:
        r = handed.get(key)
        if r is not None:
            found.append((name, tr("注意：此人已于 {on} 在{office}领过这次活动的物资（街道下发的名单）。").format(
                on=r.get("handed_on") or "", office=r.get("office") or tr("另一个单位"))))
    return found

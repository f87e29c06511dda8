"""Which tables travel between offices, and how (issue 19). ONE registry: a table joins the
exchange with one ``Travelling(...)`` line here (its model inherits ``models.Travels`` and its
migration adds the columns).

Design, written down:

* **Identity.** Every travelling row has a ``uuid`` (the same in every office), a ``version``
  (edits counted, +1 per changed flush), ``modified_at`` / ``modified_by`` and ``change_seq``:
  this database's change number (one counter in ``setting``, one number per flush). A package
  carries the rows whose ``change_seq`` is above the watermark the receiver acknowledged; rows
  written by bulk paths (demo, roster import) have none yet and are stamped by the next package.
* **Deletions** leave a row in ``tombstone`` (table, uuid, version, who/when, change number):
  a tombstone table rather than a deleted flag, because most tables have no flag and residents
  are never deleted anyway (their ``status`` and the recycle bin's ``deleted_at`` travel as fields).
* **References** travel as the referenced row's uuid (``household_id`` → the household's uuid;
  ``campaign.grid_ids`` → grid uuids) and are mapped back to local ids on arrival.
* **Merging.** ``sync_row`` keeps, per row received, the sender and the values as received (the
  base). On the next arrival a field changed only by the sender is taken, one changed only
  here is kept, one changed on both sides to different values is a ``sync_conflict`` for review.
* **Ownership.** A row belongs to the office that made it (``sync_row.peer_uuid`` for rows
  received, this office for its own): an update to a row this office made is refused when it
  comes from another office, except for the fields the other side owns. ``owner`` below says
  which side makes a table's rows in the first place: ``village`` (residents, households,
  visits, matters…) or ``any`` (grids, campaigns: the street makes its own codes above the
  village and street-wide campaigns, a village its own).
* **Receipts and refused rows.** A receipt moves the sender's watermark over everything the
  package carried, refused rows included; accepting it gives each refused row (and refused
  deletion) a new change number, so the next delta carries it again — the re-send list is kept
  on the rows themselves (``services/exchange/receipts.send_again``).
* **Moving a household** (``services/exchange/moving.py``). The old village sends a move package
  (the household, its members 在册 and their memberships, 返乡 stays, health records, manual
  tiers — with their uuids) and, in the same operation, marks them moved out: members 迁出 with
  the date, the household out of its counts (``deleted_at``) with "迁出：日期 迁往 单位" in its
  note. The new village takes the rows in as its own, with the same uuids (a member whose ID
  number is already here updates that person instead). **Takeover rule**, at the street (any
  receiver): a row owned by office X passes to office Y when Y sends it with the same uuid and
  X's last word on it was "gone" — a household X sent out of its counts, a person X sent as
  迁出 — or when it is a record (membership, stay, health record) of a person or household
  that is Y's now. Until X's word arrives Y's rows are refused ("belongs to another office")
  and re-sent after the receipt, so the order of arrival does not matter. Why this rule: only
  the owner can give a row up (its own signed package says so), and only an office holding
  the uuid — which it has from the move package — can claim it; the person keeps one identity
  (and one ID number) in the street, so the household is counted once. Afterwards X's edits or
  deletions of these rows are refused at the street like any other office's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property

from sqlmodel import SQLModel

from gridoffice.store.models import (
    Campaign,
    CampaignAdjustment,
    DoctorSigning,
    Entitlement,
    Grid,
    HealthCall,
    HealthProfile,
    HealthService,
    HealthTierOverride,
    Household,
    KeyMembership,
    KitItem,
    Matter,
    MedicineItem,
    MedicineMove,
    Person,
    Post,
    ReturneeStay,
    Staff,
    Visit,
)

SYNC_FIELDS = frozenset({"uuid", "version", "modified_at", "modified_by", "change_seq"})
LOCAL_FIELDS = frozenset({"id", "name_pinyin", "name_initials"}) | SYNC_FIELDS  # never compared


@dataclass(frozen=True)
class Travelling:
    model: type[SQLModel]
    owner: str = "village"  # village / any
    personal: bool = False  # rows about a resident: not in aggregate packages
    id_lists: dict[str, str] = field(default_factory=dict)  # JSON column of ids → table

    @cached_property
    def name(self) -> str:  # read for every row of a package: computed once
        return str(self.model.__tablename__)


# Parents before children: a package is applied in this order (tombstones in reverse).
TRAVELLING: tuple[Travelling, ...] = (
    Travelling(Grid, owner="any"),
    Travelling(Staff, personal=True),
    Travelling(Post, personal=True),
    Travelling(Household, personal=True),
    Travelling(Person, personal=True),
    Travelling(KeyMembership, personal=True),
    Travelling(ReturneeStay, personal=True),
    Travelling(Campaign, owner="any", id_lists={"grid_ids": "grid"}),
    Travelling(KitItem, owner="any"),
    Travelling(CampaignAdjustment, personal=True),
    Travelling(Entitlement, personal=True),
    Travelling(Visit, personal=True),
    Travelling(Matter, personal=True),
    # the health records of issue 21: a village's residents' (the street counts tiers and 签约率).
    # The office's score rule (health_score_rule) stays local, as the visit rules do: it is an
    # office's setting, not a record of a resident, and each office scores with its own.
    Travelling(HealthProfile, personal=True),
    Travelling(HealthTierOverride, personal=True),
    Travelling(DoctorSigning, personal=True),
    Travelling(HealthService, personal=True),
    # the medicine box (药品互助, revision 0005): the village's batches and their movements; a
    # movement names the resident who gave or received, so it is personal.
    Travelling(MedicineItem),
    Travelling(MedicineMove, personal=True),
    Travelling(HealthCall, personal=True),  # the daily calls of issue 21 (migration 0006)
)

BY_NAME = {t.name: t for t in TRAVELLING}
NAMES = frozenset(BY_NAME)


@cache
def references(model: type[SQLModel]) -> dict[str, str]:
    """Foreign-key columns of ``model`` → the travelling table they point at (do not change the
    dict returned: it is cached)."""
    out = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        for fk in column.foreign_keys:
            target = fk.column.table.name
            if target in NAMES:
                out[column.name] = target
    return out

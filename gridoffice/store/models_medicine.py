"""The medicine box (药品互助 / 爱心药品箱, issue 21, revision 0005): what is in the box — one row
per batch of a medicine (name, specification, unit, batch, expiry) — and every movement in or
out of it. The stock of a batch is its movements added up (入库 − 发放 − 报废); no stock column
is kept, so nothing can drift from the record. Both tables are the village's own rows and
travel in exchange packages (``store/travel.py``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index
from sqlmodel import Field

from gridoffice.store.models import Travels


class MedicineItem(Travels, table=True):
    """One batch of a medicine in the box."""

    __tablename__ = "medicine_item"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60, index=True)  # 药品名称
    spec: str = Field(default="", max_length=60)  # 规格, e.g. 0.25g×24粒
    unit: str = Field(default="盒", max_length=10)  # 盒 / 瓶 / 袋 / 支 / 个
    batch: str = Field(default="", max_length=40)  # 批号
    expires_on: dt.date | None = Field(default=None, index=True)  # 有效期至; None: no expiry (体温计)
    note: str = Field(default="", max_length=200)


class MedicineMove(Travels, table=True):
    """A movement of one batch: 入库 (given by a resident of the roster or a name as written),
    发放 (to a resident of the roster, counted for the micro-grid of their household then) or
    报废 (taken out: expired or spoilt)."""

    __tablename__ = "medicine_move"
    __table_args__ = (Index("ix_medicine_move_grid_date", "grid_id", "moved_on"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="medicine_item.id", index=True)
    kind: str = Field(max_length=4)  # 入库 / 发放 / 报废
    moved_on: dt.date = Field(index=True)
    quantity: int
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)  # giver / recipient
    name: str = Field(default="", max_length=50)  # a giver not in the roster, as written (入库)
    grid_id: int | None = Field(default=None, foreign_key="grid.id")  # the person's micro-grid then
    by_name: str = Field(default="", max_length=50)  # 经手人: who took it in / handed it out
    note: str = Field(default="", max_length=200)

"""What a ledger (台账) is, independent of the file format.

A service builds a ``Ledger`` (title, columns, row generators); a writer (exports/xlsx.py for
Excel, a PDF writer for sign-off sheets) lays it out by the conventions of domain.md §5. Rows
are generated lazily so a 150,000-person roster never sits in memory twice.

Privacy: a writer producing the 公示 (public) version asks ``public_value`` for every cell:
columns of kind ``id`` / ``phone`` are masked by domain.privacy, and ``sensitive`` columns
(key-population marks, health, assistance) are dropped. Nothing else decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from gridoffice.domain import privacy
from gridoffice.i18n import tr

ColumnKind = Literal["text", "id", "phone", "date", "int", "float", "percent", "name"]


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12.0  # in characters
    kind: ColumnKind = "text"
    sensitive: bool = False  # dropped from the public version
    groups: bool = False  # a new value starts a group (household): a heavier line above it


@dataclass
class Sheet:
    name: str  # tab name (≤ 31 characters)
    title: str  # the merged title on row 1
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]  # without 序号: the writer numbers the rows
    total: Sequence[Any] | None = None  # the 合计 row (without 序号), when the ledger has one
    row_count: int | None = None  # for progress, when known


@dataclass
class Ledger:
    key: str  # roster, key-populations, returnees, staff, summary, handout, visits, matters…
    title: str  # e.g. 住户人口花名册
    office: str  # 填报单位
    on: dt.date  # 填报日期 / the date the figures are for
    sheets: list[Sheet] = field(default_factory=list)
    internal: bool = True  # prints "内部资料 注意保密"
    public: bool = False  # the 公示 version: masked IDs and phones, no sensitive columns
    signatures: Sequence[str] = ("填表人", "审核人", "负责人", "联系电话")
    scope: str = ""  # the grid the ledger is limited to, named in the title after the office


def heading(ledger: Ledger, sheet: Sheet | None = None) -> str:
    """The title every writer prints above a sheet: office, grid scope, the sheet's own title
    (``（公示）`` on the public version). Builders leave the office out of their titles."""
    title = f"{ledger.office}{ledger.scope}{(sheet.title if sheet and sheet.title else ledger.title)}"
    if ledger.public:
        title += tr("（公示）")
    return title


def visible_columns(sheet: Sheet, public: bool) -> list[int]:
    return [i for i, c in enumerate(sheet.columns) if not (public and c.sensitive)]


def public_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "id":
        return privacy.mask_id(str(value))
    if column.kind == "phone":
        return privacy.mask_phone(str(value))
    if isinstance(value, str):
        return privacy.mask_free_text(value)
    return value


Progress = Callable[[int, int | None], None]  # rows written, rows expected
Cancelled = Callable[[], bool]

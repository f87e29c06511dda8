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
from pathlib import Path
from typing import Any, Literal

from gridoffice.domain import privacy
from gridoffice.i18n import tr

ColumnKind = Literal["text", "id", "phone", "date", "datetime", "code", "sign", "int", "float", "percent",
                     "name"]
# id / phone / code (户号, card numbers) / date / datetime / name / numbers never wrap; text wraps;
# sign is an empty box to sign in (≥ 30 mm printed). exports/layout.kind_of infers the kind of a
# column declared "text" from its header (电话 → phone, …日期 → date, 户号 / 证号 → code).


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
    # A per-grid sheet says which grid each row is about, so its numbers can be reconciled
    # (tests/reconcile.py): one (level, grid id) per row, level "community" / "general" /
    # "micro" (grid id None: the 未划分网格 bucket). None: the sheet is not per grid.
    grid_rows: Sequence[tuple[str, int | None]] | None = None
    every_grid: bool = True  # with grid_rows: every grid of each level has a row (False: only
    # grids that have something, and the sheet's title says so)
    row_mm: float = 0.0  # minimum printed row height (a sign-off sheet: 9 mm, room to sign)
    note: str = ""  # a line printed under the table (see ``note_of``)


@dataclass(frozen=True)
class WriteResult:
    """What a writer made: the file, its sheets and its data rows (without 合计)."""

    path: Path
    sheets: int
    rows: int


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


def _trailing_note(title: str) -> tuple[int, str] | None:
    """(start, inner text) of the bracketed note that ends ``title``, brackets inside it
    included (a campaign named 健康爱心包（60岁以上）), or None."""
    text = title.rstrip()
    if not text.endswith("）"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {"）": 1, "（": -1}.get(text[i], 0)
        if depth == 0:
            return i, text[i + 1:-1]
    return None


def heading(ledger: Ledger, sheet: Sheet | None = None) -> str:
    """The title every writer prints above a sheet: office, grid scope, the sheet's own title
    (``公示`` on the public version). Builders leave the office out of their titles. Trailing
    bracketed notes are merged into one bracket (``表（按微网格，健康爱心包，公示）``), never
    stacked, and a word the office already ends with is not repeated."""
    own = sheet.title if sheet and sheet.title else ledger.title
    title = f"{ledger.office}{ledger.scope}{own}"
    notes: list[str] = []
    while (found := _trailing_note(title)) is not None and found[0] > 0:
        notes.insert(0, found[1])
        title = title[:found[0]]
    if ledger.public:
        notes.append(tr("公示"))
    notes = [n for i, n in enumerate(notes) if n and n not in notes[:i]]
    return title.rstrip() + (tr("（{notes}）").format(notes=tr("，").join(notes)) if notes else "")


def date_text(day: dt.date) -> str:
    """A date the way a ledger's header prints it: 2023年1月7日."""
    return tr("{y}年{m}月{d}日").format(y=day.year, m=day.month, d=day.day)


@dataclass(frozen=True)
class HeaderLine:
    """Row 2 of every sheet, in both writers: office left, the confidentiality mark in the middle
    (internal copies), the date right."""

    office: str
    secret: str
    date: str


def header_line(ledger: Ledger) -> HeaderLine:
    secret = ledger.internal and not ledger.public
    return HeaderLine(tr("填报单位（盖章）：{office}").format(office=ledger.office),
                      tr("内部资料 注意保密") if secret else "",
                      tr("填报日期：{date}").format(date=date_text(ledger.on)))


def note_of(ledger: Ledger, sheet: Sheet) -> str:
    """The line under the table: the sheet's own note; on a public per-grid count sheet, what
    "<3" and "*" mean (domain/privacy.suppress_small_cells), which the reader cannot guess."""
    if sheet.note:
        return sheet.note
    if ledger.public and sheet.grid_rows is not None:
        return tr("注：为保护个人隐私，1–2 人的数写作“{small}”；能由它和合计推算出来的数也隐去，写作“{hidden}”。"
                  "合计、小计按实际人数计算。").format(small=privacy.SMALL_CELL, hidden=privacy.HIDDEN_CELL)
    return ""


def signature_labels(ledger: Ledger) -> list[str]:
    """The signature line under every sheet, the same in both writers: ``填表人：`` … with room
    to sign (or write the phone) after each label."""
    return [tr("{label}：").format(label=label) for label in ledger.signatures]


def total_values(sheet: Sheet, keep: Sequence[int]) -> list[Any]:
    """The 合计 row's values of the printed columns. The writer prints 合计 in the 序号 column, so
    a builder's own 合计 label is dropped rather than printed twice."""
    total = list(sheet.total or ())
    picked = [total[i] if i < len(total) else None for i in keep]
    labels = {tr("合计"), "合计"}
    return [None if isinstance(v, str) and v.strip() in labels else v for v in picked]


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

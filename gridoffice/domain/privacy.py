"""The one privacy policy for everything public (公示 lists, posters, charts, ``--public``).

个人信息保护法: a public list drops the ID or shows first 6 + last 4; mobiles show
first 3 + last 4. Posters show staff, never a resident's data. Every public writer asks
this module; nothing else decides what may be shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def mask_id(value: str | None) -> str:
    """``510124199001011234`` → ``510124********1234``."""
    if not value:
        return ""
    text = str(value)
    if "*" in text:  # already masked: masking twice must not hide more
        return text
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_phone(value: str | None) -> str:
    """Mobile ``13812345678`` → ``138****5678``; landline ``028-87654321`` → ``028-****4321``."""
    if not value:
        return ""
    text = str(value)
    if "*" in text:  # already masked
        return text
    if re.fullmatch(r"1\d{10}", text):
        return text[:3] + "****" + text[-4:]
    if "-" in text:
        area, number = text.split("-", 1)
        return area + "-" + "*" * max(len(number) - 4, 0) + number[-4:]
    return "*" * max(len(text) - 4, 0) + text[-4:]


def mask_name(value: str | None) -> str:
    """``王秀英`` → ``王*英``; two characters ``张伟`` → ``张*``."""
    if not value:
        return ""
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?!\d)")


def mask_text(value: str | None) -> str:
    """Free text in a public output (a matter's description, a note): ID numbers and mobiles
    typed into it are masked like the ID and phone columns."""
    if not value:
        return value or ""
    text = _ID_IN_TEXT.sub(lambda m: m.group(1) + "********" + m.group(2)[-4:], str(value))
    return _MOBILE_IN_TEXT.sub(lambda m: m.group(1) + "****" + m.group(2), text)

# ---- posters and charts --------------------------------------------------------------------
# A notice board (公示牌) and the grid chart show staff only. They are built from
# ``PublicContact`` values, which carry a staff member's post, name, work phone and photo and
# nothing else: there is no field a resident's ID number, phone or address could travel in.


@dataclass(frozen=True)
class PublicContact:
    post: str  # 微网格长, 家庭医生…
    name: str
    phone: str  # the work phone printed on the board ("" when none)
    photo: str | None = None  # path of the staff photo, None: the poster draws a placeholder

    @classmethod
    def of_staff(cls, post: str, name: str, work_phone: str | None, staff_phone: str | None,
                 photo: str | None = None) -> PublicContact:
        """A post's work phone when it has one, else the staff member's own phone."""
        return cls(post=post, name=(name or "").strip(), phone=(work_phone or staff_phone or "").strip(),
                   photo=photo or None)


# ---- small-cell suppression (统计小格抑制) ---------------------------------------------------
# A public count of a sensitive group (低保, 特困, 孕产妇, 残疾, 精神障碍, 慢病, 留守儿童, 独居)
# that is 1 or 2 points at one or two people everyone in the micro-grid knows. Such a cell prints
# as "<3" (primary suppression); wherever the hidden value could be worked back from a published
# sum (a 合计 row, a general grid's figure that is the sum of its micro-grids, a row total), one
# more cell of that sum is hidden as "*" (secondary suppression) so it cannot.

SENSITIVE_GROUPS = frozenset({"dibao", "tekun", "pregnant", "disabled", "mental", "chronic",
                              "left_behind_child", "alone"})
SMALL_CELL = "<3"
HIDDEN_CELL = "*"
SMALL_LIMIT = 3  # counts 1 .. SMALL_LIMIT-1 are hidden


def suppress_small_cells(values: Mapping[K, int], sums: Iterable[tuple[K, Sequence[K]]],
                         sensitive: Callable[[K], bool] = lambda _k: True) -> dict[K, str]:
    """The cells to print as text instead of their count: ``{cell: "<3" or "*"}``.

    ``values`` every published count by cell key; ``sums`` every published equation as
    ``(total_cell, part_cells)`` (total = sum of parts); ``sensitive(cell)`` says whether a small
    count of the cell is hidden (cells of a non-sensitive column stay as they are, unless a sum
    needs them hidden). Rule: no equation is left with exactly one hidden cell; the second cell
    hidden is the smallest non-zero visible part (the total when no part is left), so the hidden
    values stay between bounds as wide as a "<3" cell."""
    hidden: dict[K, str] = {k: SMALL_CELL for k, v in values.items() if 0 < v < SMALL_LIMIT and sensitive(k)}
    equations = [(total, tuple(parts)) for total, parts in sums]
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            cells = (total, *parts)
            if sum(1 for c in cells if c in hidden) != 1:
                continue
            candidates = sorted((values.get(c, 0), i) for i, c in enumerate(parts)
                                if c not in hidden and values.get(c, 0) > 0)
            if candidates:
                hidden[parts[candidates[0][1]]] = HIDDEN_CELL
            elif total not in hidden and values.get(total, 0) > 0:
                hidden[total] = HIDDEN_CELL
            else:
                continue  # the hidden cell is 0 or equals a 0 total: nothing to protect
            changed = True
    return hidden

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


# Free text (a note, a matter's description, a visit's findings, an audit value) as typed:
# full-width digits, +86 / 0086 prefixes, groups split by spaces, hyphens, dots or brackets.
_WIDE = str.maketrans("０１２３４５６７８９Ｘｘ＋－—–．（）　", "0123456789Xx+---.() ")
# a date, unless it runs on into more digits (1900-1-1-00000 is a mobile typed with dashes)
_DATE_IN_TEXT = re.compile(r"(?<!\d)(?<!\d[-./])(?:19|20)\d\d([-./年])(?:0?[1-9]|1[0-2])[-./月]"
                           r"(?:0?[1-9]|[12]\d|3[01])(?![-./]?\d)")
_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\+?\d(?:[ \-.()]?\d){6,}(?:[Xx](?![0-9A-Za-z]))?(?![0-9A-Za-z])")


def _looks_like_date(digits: str) -> bool:
    import datetime as dt

    if len(digits) != 8 or digits[:2] not in ("19", "20"):
        return False
    try:
        dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return True


def _mask_number(span: str) -> str:
    digits = re.sub(r"[^0-9Xx]", "", span)
    plus = "+" if span.startswith("+") else ""
    if len(digits) in (15, 18) and digits[:-1].isdigit() and digits[0] != "0":  # an ID (18, or the old 15)
        return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
    if not digits.isdigit():
        return span
    for prefix in ("0086", "86", ""):  # a mobile, with or without the country code
        rest = digits[len(prefix):]
        if digits.startswith(prefix) and len(rest) == 11 and rest[0] == "1" and (prefix or not plus):
            return ("+86 " if prefix else "") + rest[:3] + "****" + rest[-4:]
    if _looks_like_date(digits):
        return span
    if digits[0] == "0" and 10 <= len(digits) <= 12:  # a landline with its area code
        area = 3 if digits[1] in "12" else 4
        return digits[:area] + "-" + "*" * (len(digits) - area - 4) + digits[-4:]
    return "*" * (len(digits) - 4) + digits[-4:]  # a landline, a bank card, anything else


def mask_free_text(value: str | None) -> str:
    """Free text shown publicly or on a masked screen: every ID number, mobile or landline
    typed into it is masked like the ID and phone columns, however it was typed
    (``+8613026355705``, full-width digits, ``5101 2419 9001 0112 34``, ``138.1234.5678``,
    ``(028)8765-4321``). Runs of seven or more digits that are not a date are masked too:
    better a masked order number than a shown phone. Already-masked text is left as it is."""
    if not value:
        return value or ""
    text = str(value)
    wide = text.translate(_WIDE)  # same length: spans found in ``wide`` cut ``text`` alike
    wide = _DATE_IN_TEXT.sub(lambda m: "D" * len(m.group()), wide)  # a written date is no number
    out: list[str] = []
    last = 0
    for m in _NUMBER_IN_TEXT.finditer(wide):
        out.append(text[last:m.start()])
        out.append(_mask_number(m.group()))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


mask_text = mask_free_text  # the earlier name


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
    needs them hidden). Rules, applied until neither finds anything: no equation is left with
    exactly one hidden cell; and no "<3" cell can be pinned to 1 or 2 by reasoning over the
    equations with what is known (every hidden count is ≥ 0, a "<3" one is 1 or 2:
    ``pinned_cells``). The cell hidden next is the smallest non-zero visible part of an equation
    of the cell at risk (its total when no part is left)."""
    hidden: dict[K, str] = {k: SMALL_CELL for k, v in values.items() if 0 < v < SMALL_LIMIT and sensitive(k)}
    equations = [(total, tuple(parts)) for total, parts in sums]
    of_cell: dict[K, list[tuple[K, tuple[K, ...]]]] = {}
    for eq in equations:
        for cell in (eq[0], *eq[1]):
            of_cell.setdefault(cell, []).append(eq)
    while True:
        changed = False
        for eq in equations:
            if sum(1 for c in (eq[0], *eq[1]) if c in hidden) == 1 and _hide_one_more(values, hidden, eq):
                changed = True
        if changed:
            continue
        for cell in pinned_cells(values, hidden, equations):
            if any(_hide_one_more(values, hidden, eq) for eq in of_cell.get(cell, ())):
                changed = True
        if not changed:
            return hidden


def _hide_one_more(values: Mapping[K, int], hidden: dict[K, str], equation: tuple[K, tuple[K, ...]]) -> bool:
    total, parts = equation
    candidates = sorted((values.get(c, 0), i) for i, c in enumerate(parts) if c not in hidden and values.get(c, 0) > 0)
    if candidates:
        hidden[parts[candidates[0][1]]] = HIDDEN_CELL
        return True
    if total not in hidden and values.get(total, 0) > 0:
        hidden[total] = HIDDEN_CELL
        return True
    return False  # nothing visible left to hide, or only zeros: nothing more to protect here


def pinned_cells(values: Mapping[K, int], hidden: Mapping[K, str],
                 sums: Iterable[tuple[K, Sequence[K]]]) -> set[K]:
    """The "<3" cells whose count a reader can work out exactly from the printed figures: bounds
    of every hidden cell (a "<3" one 1..2, any other 0 or more) narrowed through the
    equations until they stop moving; a "<3" cell left with one possible value is pinned."""
    # an equation without a hidden cell narrows nothing
    equations = [(total, tuple(parts)) for total, parts in sums if total in hidden or any(p in hidden for p in parts)]
    ceiling = 10 ** 9  # a hidden count has no upper bound a reader knows of
    cells = {c for total, parts in equations for c in (total, *parts)}
    low = {k: (values.get(k, 0) if k not in hidden else (1 if hidden[k] == SMALL_CELL else 0)) for k in cells}
    high = {k: (values.get(k, 0) if k not in hidden else (SMALL_LIMIT - 1 if hidden[k] == SMALL_CELL else ceiling))
            for k in cells}
    for _round in range(50):
        moved = False
        for total, parts in equations:
            lo_sum, hi_sum = sum(low[p] for p in parts), sum(high[p] for p in parts)
            for cell, lo, hi in ((total, lo_sum, hi_sum),
                                 *((p, low[total] - (hi_sum - high[p]), high[total] - (lo_sum - low[p])) for p in parts)):
                if lo > low[cell] or hi < high[cell]:
                    low[cell], high[cell] = max(low[cell], lo), min(high[cell], hi)
                    moved = True
        if not moved:
            break
    return {k for k, text in hidden.items() if text == SMALL_CELL and k in low and low[k] >= high[k]}

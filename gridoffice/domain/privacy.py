"""The one privacy policy for everything public (公示 lists, posters, charts, ``--public``).

个人信息保护法: a public list drops the ID or shows first 6 + last 4; mobiles show
first 3 + last 4. Posters show staff, never a resident's data. Every public writer asks
this module; nothing else decides what may be shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
_DATE_IN_TEXT = re.compile(r"(?<!\d)(?:19|20)\d\d([-./年])(?:0?[1-9]|1[0-2])[-./月](?:0?[1-9]|[12]\d|3[01])(?!\d)")
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

"""Resident ID numbers (公民身份号码, GB 11643-1999).

18 characters: area code (6), birth date YYYYMMDD (8), sequence (3, odd = male), check
character. Old area codes stay valid in IDs, so an unknown area is never a reason to reject.
Values are normalised (spaces, full-width digits, lower-case x) but never auto-corrected.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from gridoffice.i18n import tr

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ｘＸ", "0123456789XX"
)
_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+")
_ZEROED = re.compile(r"\d{15}0{3}")  # Excel kept 15 digits and zeroed the rest
_SEPARATORS = re.compile(r"[\s\u3000\-_'‘’\"“”]+")


class IdProblem(StrEnum):
    EMPTY = "id_empty"
    NUMERIC_PRECISION_LOST = "id_numeric_precision_lost"
    LEGACY_15 = "id_legacy_15"
    BAD_LENGTH = "id_bad_length"
    BAD_CHARACTERS = "id_bad_characters"
    BAD_DATE = "id_bad_date"
    FUTURE_DATE = "id_future_date"
    BAD_CHECKSUM = "id_bad_checksum"


def problem_text(problem: IdProblem) -> str:
    """One Chinese sentence for the clerk."""
    texts = {
        IdProblem.EMPTY: tr("未填写身份证号"),
        IdProblem.NUMERIC_PRECISION_LOST: tr(
            "身份证号已被 Excel 当作数字保存，后几位已丢失，无法恢复，请按原件重新录入（单元格设为文本）"
        ),
        IdProblem.LEGACY_15: tr("这是 15 位旧身份证号，请换成 18 位号码"),
        IdProblem.BAD_LENGTH: tr("身份证号应为 18 位"),
        IdProblem.BAD_CHARACTERS: tr("身份证号只能含数字，最后一位可以是 X"),
        IdProblem.BAD_DATE: tr("身份证号中的出生日期不存在"),
        IdProblem.FUTURE_DATE: tr("身份证号中的出生日期晚于今天"),
        IdProblem.BAD_CHECKSUM: tr("身份证号校验位不对，可能有一位输错"),
    }
    return texts[problem]


@dataclass(frozen=True, slots=True)
class IdCheck:
    """The outcome of checking one raw value."""

    raw: object
    normalized: str | None  # the 18-character form when valid, else what could be normalised
    problem: IdProblem | None
    birth_date: dt.date | None = None
    sex: str | None = None  # "男" / "女"

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def message(self) -> str:
        return problem_text(self.problem) if self.problem else ""


_ZERO_WEIGHT = ord("0") * sum(WEIGHTS)


def check_char(first17: str) -> str:
    """GB 11643's check character of 17 digits (weighted over the digits' codes in one C pass:
    a community roster checks 8,500 of them)."""
    if len(first17) == 17 and first17.isascii() and first17.isdigit():
        total = sum(map(operator.mul, first17.encode("ascii"), WEIGHTS)) - _ZERO_WEIGHT
    else:  # other digits (full-width ones are folded before), or not 17: digit by digit as before
        total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize(raw: object) -> str:
    """Text form with separators removed, full-width folded and x upper-cased (no other change)."""
    if raw is None:
        return ""
    text = str(raw).translate(_FULLWIDTH)
    return _SEPARATORS.sub("", text).upper()


def _looks_excel_damaged(raw: object, text: str) -> bool:
    if isinstance(raw, bool):
        return False
    if isinstance(raw, float | Decimal):
        return True
    if isinstance(raw, int) and len(str(abs(raw))) >= 16:
        # an int of 16+ digits came from a number cell: Excel keeps only 15 significant digits
        return len(str(raw)) != 18 or not _checksum_ok(str(raw))
    if _SCIENTIFIC.fullmatch(text):
        return True  # shown as 5.10124E+17
    return text.endswith("000") and bool(_ZEROED.fullmatch(text)) and not _checksum_ok(text)


def _checksum_ok(text: str) -> bool:
    return len(text) == 18 and text[:17].isdigit() and check_char(text[:17]) == text[17]


def _birth(text: str, today: dt.date | None) -> tuple[dt.date | None, IdProblem | None]:
    try:
        born = dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None, IdProblem.BAD_DATE
    if born.year < 1880:
        return None, IdProblem.BAD_DATE
    if born > (today or dt.date.today()):
        return None, IdProblem.FUTURE_DATE
    return born, None


def check(raw: object, today: dt.date | None = None) -> IdCheck:
    """Check a raw value as typed or read from a spreadsheet cell."""
    text = normalize(raw)
    if not text:
        return IdCheck(raw, None, IdProblem.EMPTY)
    if _looks_excel_damaged(raw, text):
        return IdCheck(raw, text, IdProblem.NUMERIC_PRECISION_LOST)
    if len(text) == 15 and text.isdigit():
        born, problem = _birth("19" + text[6:12], today)
        sex = None if problem else ("男" if int(text[14]) % 2 else "女")
        return IdCheck(raw, text, IdProblem.LEGACY_15, born, sex)
    if len(text) != 18:
        if not re.fullmatch(r"[0-9X]*", text):
            return IdCheck(raw, text, IdProblem.BAD_CHARACTERS)
        return IdCheck(raw, text, IdProblem.BAD_LENGTH)
    if not (text[:17].isdigit() and (text[17].isdigit() or text[17] == "X")):
        return IdCheck(raw, text, IdProblem.BAD_CHARACTERS)
    born, problem = _birth(text[6:14], today)
    if problem:
        return IdCheck(raw, text, problem)
    sex = "男" if int(text[16]) % 2 else "女"
    if check_char(text[:17]) != text[17]:
        return IdCheck(raw, text, IdProblem.BAD_CHECKSUM, born, sex)
    return IdCheck(raw, text, None, born, sex)


def make_id(area: str, born: dt.date, sequence: int) -> str:
    """Build a valid 18-digit ID (demo data, tests). ``sequence`` is 0–999; odd means male."""
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)

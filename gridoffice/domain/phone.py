"""Phone numbers: mobiles (11 digits, 1[3-9]…) and landlines (0xx/0xxx + 7–8 digits)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gridoffice.i18n import tr

_FULLWIDTH = str.maketrans("０１２３４５６７８９－（）＋", "0123456789-()+")
_MOBILE = re.compile(r"1[3-9]\d{9}")
# Three-digit area codes are 010 and 02x; every other area code has four digits.
_LANDLINE = re.compile(r"(0(?:10|2\d))(\d{8})|(0[3-9]\d{2})(\d{7,8})")
_LOCAL = re.compile(r"[2-9]\d{6,7}")


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    raw: object
    normalized: str | None
    kind: str | None  # "mobile" / "landline" / "local"
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check(raw: object) -> PhoneCheck:
    """Normalise a phone: mobiles to 11 digits, landlines to ``028-12345678``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return PhoneCheck(raw, None, None, None)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).translate(_FULLWIDTH).strip()
    digits = re.sub(r"[\s\-()（）.]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not digits.isdigit():
        return PhoneCheck(raw, None, None, tr("电话号码含有数字以外的字符"))
    if _MOBILE.fullmatch(digits):
        return PhoneCheck(raw, digits, "mobile", None)
    m = _LANDLINE.fullmatch(digits)
    if m:
        area, number = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return PhoneCheck(raw, f"{area}-{number}", "landline", None)
    if _LOCAL.fullmatch(digits):
        return PhoneCheck(raw, digits, "local", None)
    if digits.startswith("1"):
        return PhoneCheck(raw, None, None, tr("手机号应为 11 位，以 13–19 开头"))
    return PhoneCheck(raw, None, None, tr("电话号码位数不对（手机 11 位，座机区号加 7–8 位）"))


def normalize(raw: object) -> str | None:
    """The normalised number, or None when empty or invalid."""
    return check(raw).normalized

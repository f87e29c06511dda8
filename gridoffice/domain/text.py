"""Text as the program keeps it: no NUL, no control characters, no direction overrides (which
would make a name read differently from what it is), and no field longer than its limit.

``clean`` strips what must never be stored; ``check_length`` refuses over-long text with a
sentence (``TextTooLong``, a ``Refusal``) instead of letting a database truncate or fail."""

from __future__ import annotations

import re

from gridoffice.domain.errors import Refusal
from gridoffice.i18n import N_, tr

# C0/C1 controls except tab and newline; bidi embeddings, overrides and isolates; zero-width
# and other invisible format characters; the byte-order mark.
_STRIP = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")

# What the clerk calls a field, for the sentence (column names are English).
FIELD_LABELS = {
    "name": N_("名称或姓名"), "note": N_("备注"), "description": N_("事项内容"), "outcome": N_("办理结果"), "address": N_("地址"),
    "code": N_("编码"), "covers": N_("覆盖范围"), "reason": N_("原因"), "proxy_name": N_("代领人姓名"), "visitors": N_("走访人"),
    "health": N_("健康状况"), "finances": N_("经济状况"), "care": N_("照料情况"), "safety": N_("水电气安全"), "needs": N_("诉求"),
    "follow_up": N_("跟进事项"), "reporter_name": N_("反映人"), "transferred_to": N_("转办去向"), "current_address": N_("现住地"),
    "hukou_address": N_("户籍地"), "compound": N_("小区"), "door": N_("门牌"), "number": N_("户号"), "phone": N_("电话"),
    "from_place": N_("来自何处"), "operator": N_("操作员"),
}


class TextTooLong(Refusal):
    pass


def clean(value: str, *, multiline: bool = False) -> str:
    """``value`` without invisible or control characters; a one-line field also loses its line
    breaks (turned into a space)."""
    if value.isprintable():  # nothing to strip (controls, format characters and breaks are not printable)
        return value
    if not multiline:
        value = _LINE_BREAKS.sub(" ", value)
    return _STRIP.sub("", value)


def check_length(field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        label = FIELD_LABELS.get(field, field)
        raise TextTooLong(tr("“{label}”太长：最多 {limit} 个字，填了 {n} 个字。没有保存。").format(
            label=tr(label), limit=limit, n=len(value)))

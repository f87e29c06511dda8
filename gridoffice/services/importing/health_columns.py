"""A roster's health columns (issue 21): 慢性病 (with its stability), 疫苗接种 (state or doses),
末次接种日期, 行动不便 — read into the values of a health record, without a database. What a
cell does not say is not guessed: an unreadable cell is a warning and goes to the note."""

from __future__ import annotations

import re
from typing import Any

from gridoffice.domain import health_tiers as ht
from gridoffice.domain.ages import parse_loose_date
from gridoffice.i18n import tr

NONE_WORDS = {"无", "否", "没有", "/", "-", "—", "无慢病", "无慢性病", "健康"}
UNSTABLE_WORDS = ("不稳定", "控制不佳", "控制差", "未控制", "不达标")
STABLE_WORDS = ("稳定", "控制良好", "控制好", "达标")
FULL_COURSE_DOSES = ht.FULL_COURSE_DOSES  # a bare dose count of 3 or more reads as 全程
YES_WORDS = {"是", "√", "✓", "行动不便", "不便", "卧床", "失能", "残疾", "需上门", "y", "yes"}
NO_WORDS = {"否", "×", "无", "正常", "可", "能", "n", "no"}
_DOSES = re.compile(r"(\d+)\s*(剂|针|次)?")
_STRIP = re.compile(r"[（(]\s*[)）]|[（(]|[)）]")


def chronic(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """(values, warning) from a 慢性病 cell: ``高血压（稳定）``, ``糖尿病 不稳定``, ``无``."""
    text = text.strip()
    if not text:
        return None, None
    if text in NONE_WORDS:
        return {"chronic_diseases": "", "chronic_state": ht.CHRONIC_NONE}, None
    state, warning = ht.CHRONIC_STABLE, None
    words = UNSTABLE_WORDS if any(w in text for w in UNSTABLE_WORDS) else STABLE_WORDS
    if any(w in text for w in UNSTABLE_WORDS):
        state = ht.CHRONIC_UNSTABLE
    elif not any(w in text for w in STABLE_WORDS):
        warning = tr("慢性病“{value}”没有写明是否稳定，按稳定记").format(value=text)
    diseases = text
    for w in words:
        diseases = diseases.replace(w, "")
    diseases = _STRIP.sub(" ", diseases).strip(" ，,、;；:：")
    diseases = "、".join(part for part in re.split(r"[\s,，、;；/]+", diseases) if part)
    if not diseases:
        return None, tr("慢性病“{value}”没有写病名，未导入").format(value=text)
    return {"chronic_diseases": diseases[:200], "chronic_state": state}, warning


def vaccination(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """(values, warning) from a 疫苗接种 cell: ``全程``, ``未全程``, ``未接种``, ``2剂``, ``全程3针``."""
    text = text.strip()
    if not text:
        return None, None
    found = _DOSES.search(text)
    doses = int(found.group(1)) if found else None
    if "未接种" in text or text in ("无", "否", "0", "0剂", "0针"):
        state, doses = ht.VACCINE_NONE, 0
    elif "未全程" in text or "部分" in text or "未完成" in text:
        state = ht.VACCINE_PARTIAL
    elif "全程" in text or "加强" in text or "已完成" in text:
        state = ht.VACCINE_FULL
    elif doses is not None:
        state = ht.VACCINE_NONE if doses == 0 else ht.VACCINE_FULL if doses >= FULL_COURSE_DOSES else ht.VACCINE_PARTIAL
    else:
        return None, tr("疫苗接种“{value}”看不懂，已记入备注").format(value=text)
    if doses is None:
        doses = {ht.VACCINE_NONE: 0, ht.VACCINE_PARTIAL: 1, ht.VACCINE_FULL: FULL_COURSE_DOSES}[state]
    if not 0 <= doses <= 9 or (state == ht.VACCINE_NONE) != (doses == 0):
        return None, tr("疫苗接种“{value}”前后矛盾，已记入备注").format(value=text)
    return {"vaccine_state": state, "vaccine_doses": doses}, None


def last_dose(text: str) -> tuple[dict[str, Any] | None, str | None]:
    text = text.strip()
    if not text:
        return None, None
    day = parse_loose_date(text)
    if day is None:
        return None, tr("末次接种日期“{value}”看不懂，已记入备注").format(value=text)
    return {"vaccine_last": day}, None


def mobility(text: str) -> tuple[dict[str, Any] | None, str | None]:
    word = text.strip().lower()
    if not word:
        return None, None
    if word in YES_WORDS:
        return {"mobility_limited": True}, None
    if word in NO_WORDS:
        return {"mobility_limited": False}, None
    return None, tr("行动不便“{value}”看不懂（应为 是 或 否），已记入备注").format(value=text.strip())


READERS = {"chronic_diseases": chronic, "vaccination": vaccination, "vaccine_last": last_dose, "mobility": mobility}

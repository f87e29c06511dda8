"""Turning a roster's raw rows into persons: the row rules, without a database.

Every row after the header becomes exactly one ``ParsedRow``: either skipped (blank, 小计,
合计, a repeated header, the signature line) with the reason, or a person with the reasons it
must be rejected and the warnings it carries. Values are normalised (IDs, names, phones,
dates, relations) but never guessed: a damaged ID is rejected, not repaired.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from gridoffice.domain import idcard, phone
from gridoffice.domain.ages import age_on, parse_loose_date
from gridoffice.domain.codes import HEAD_RELATION, ethnicity_code, relation_code
from gridoffice.domain.errors import Hinted
from gridoffice.domain.population import CATEGORIES
from gridoffice.domain.text import clean
from gridoffice.i18n import tr
from gridoffice.services.importing import health_columns as roster_health
from gridoffice.services.importing.mapping import Mapping, field_label, normalize_header

# Marks that follow from the birth date: checked, never stored. value: (min age, max age)
AGE_MARKS: dict[str, tuple[int | None, int | None]] = {
    "老年人": (60, None), "老人": (60, None), "60岁以上": (60, None), "60周岁以上": (60, None),
    "高龄": (80, None), "高龄老人": (80, None), "80岁以上": (80, None), "80周岁以上": (80, None),
    "儿童": (None, 17), "未成年人": (None, 17), "少年儿童": (None, 17),
}
# Marks that are memberships: word → (category code, attributes, age check)
CATEGORY_WORDS: dict[str, tuple[str, dict[str, Any], tuple[int | None, int | None] | None]] = {
    "残疾": ("disabled", {}, None), "残疾人": ("disabled", {}, None), "残疾人员": ("disabled", {}, None),
    "残": ("disabled", {}, None),
    "低保": ("dibao", {}, None), "低保户": ("dibao", {}, None), "低保对象": ("dibao", {}, None),
    "低保人员": ("dibao", {}, None),
    "特困": ("tekun", {}, None), "特困人员": ("tekun", {}, None), "特困供养": ("tekun", {}, None),
    "五保": ("tekun", {}, None), "五保户": ("tekun", {}, None),
    "留守儿童": ("left_behind_child", {}, (None, 15)),
    "孕产妇": ("pregnant", {}, None), "孕妇": ("pregnant", {}, None), "产妇": ("pregnant", {"postpartum": True}, None),
    "慢病": ("chronic", {}, None), "慢病患者": ("chronic", {}, None), "慢性病": ("chronic", {}, None),
    "高血压": ("chronic", {"illness": "高血压"}, None), "糖尿病": ("chronic", {"illness": "糖尿病"}, None),
    "独居老人": ("elderly", {"living": "独居"}, (60, None)), "空巢老人": ("elderly", {"living": "空巢"}, (60, None)),
    "独居": ("elderly", {"living": "独居"}, (60, None)), "空巢": ("elderly", {"living": "空巢"}, (60, None)),
}
for _cat in CATEGORIES.values():
    CATEGORY_WORDS.setdefault(_cat.label, (_cat.code, {}, (60, None) if _cat.code == "elderly" else None))
CATEGORY_WORDS.pop("老年人", None)  # 老年人 alone is an age mark (AGE_MARKS), never stored

_SPLIT_MARKS = re.compile(r"[、,，;；/／\s]+")
_SPLIT_PHONES = re.compile(r"[、,，;；/／]+")
_SPACE_BY_CHINESE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_ANY_SPACE = re.compile(r"\s+")
_SUBTOTAL = ("小计",)
_TOTAL = ("合计", "总计", "共计", "总数")
_SIGNATURE = ("填表人", "审核人", "制表人", "负责人：", "填报人", "统计人")
_FOOTER = (*_SIGNATURE, "注：", "说明：", "备注：", "填报单位", "联系电话：")
MAX_LEN = {"name": 50, "household_number": 40, "address": 200, "hukou_address": 200,
           "political_status": 20, "note": 500}


@dataclass(frozen=True)
class Reason(Hinted):
    """Why a row was rejected, skipped or is to be checked: ``text`` says it for both surfaces,
    ``hint_cli`` / ``hint_gui`` what to do next on each (``domain.errors.Hinted``)."""

    code: str
    text: str
    hint_cli: str = ""
    hint_gui: str = ""
    gui_joint: ClassVar[str] = ""  # a cell of the report's table: the hint follows the sentence

    def sentence(self) -> str:
        return self.text

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text}


@dataclass
class ParsedRow:
    row: int  # sheet row number
    raw: list[object]
    skip: Reason | None = None
    household_key: str = ""  # groups the rows of one household in this file
    household_number: str = ""
    name: str = ""
    id_number: str | None = None
    sex: str | None = None
    birth_date: dt.date | None = None
    relation: str | None = None
    phone: str | None = None
    address: str = ""
    micro_grid: str = ""
    community: str = ""  # 社区 / 村 column, when the roster has one
    general_grid: str = ""  # 一般网格 column, when the roster has one
    categories: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    health: dict[str, Any] = field(default_factory=dict)  # health record values (services/importing/health_columns.py)
    ethnicity: str | None = None
    political_status: str = ""
    hukou_address: str = ""
    note: str = ""
    rejects: list[Reason] = field(default_factory=list)
    warnings: list[Reason] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.skip is None and not self.rejects

    @property
    def grid_path(self) -> tuple[str, str, str]:
        return (self.community, self.general_grid, self.micro_grid)

    @property
    def grid_key(self) -> str:
        """The grid as the file names it: the micro-grid, with its community and general grid
        when the file has those columns (大弯社区 · 第1网格 · 第3微网格)."""
        return " · ".join(x for x in self.grid_path if x) if self.micro_grid else ""


def text_of(value: object) -> str:
    """A cell as text: whole floats without '.0', dates ISO, everything stripped."""
    if type(value) is str:  # most cells (30 a row, 250,000 for a community roster)
        return clean(value).strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return clean(str(value)).strip()


def clean_name(value: object) -> str:
    """Stray spaces out: none between Chinese characters, one between Latin words."""
    text = text_of(value).replace("\u3000", " ")
    if not _ANY_SPACE.search(text):  # most names: nothing to take out
        return text
    text = _SPACE_BY_CHINESE.sub("", text)
    return _ANY_SPACE.sub(" ", text).strip()


def _sex_of(value: object) -> str | None:
    text = text_of(value).upper()
    if text in ("男", "男性", "M", "MALE", "1"):
        return "男"
    if text in ("女", "女性", "F", "FEMALE", "2"):
        return "女"
    return None


def _date_of(value: object) -> dt.date | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return parse_loose_date(value)


def _age_ok(born: dt.date, bounds: tuple[int | None, int | None], on: dt.date) -> bool:
    age = age_on(born, on)
    lo, hi = bounds
    return (lo is None or age >= lo) and (hi is None or age <= hi)


def _header_texts(mapping: Mapping) -> dict[int, str]:
    """The header row's texts, normalised (cached on the mapping: called for every row)."""
    cached = getattr(mapping, "_normalized_headers", None)
    if cached is None:
        cached = {c: normalize_header(t) for c, t in mapping.headers.items() if normalize_header(t)}
        mapping._normalized_headers = cached  # type: ignore[attr-defined]
    return cached


def _columns(mapping: Mapping) -> dict[str, int]:
    """field key → column, for the row loop (``Mapping.column_of`` walks the columns each call:
    30 calls a row, 8,500 rows)."""
    return {key: col for col, key in reversed(list(mapping.columns.items()))}


def classify_skip(cells: list[object], mapping: Mapping, texts: list[str] | None = None) -> Reason | None:
    """Why a row is not a person (blank, 小计, 合计, repeated header, signature line), or None.
    ``texts``: the cells as ``text_of`` gives them, when the caller has them already."""
    if texts is None:
        texts = [text_of(v) for v in cells]
    filled = [t for t in texts if t]
    if not filled:
        return Reason("blank", tr("空行"))
    id_col = mapping.column_of("id_number")
    id_text = texts[id_col] if id_col is not None and id_col < len(texts) else ""
    joined = "".join(t.replace(" ", "") for t in filled[:4])
    if not id_text:
        if any(w in joined for w in _SUBTOTAL):
            return Reason("subtotal", tr("小计行"))
        if any(w in joined for w in _TOTAL):
            return Reason("total", tr("合计行"))
    compact = [t.replace(" ", "") for t in filled]
    if any(t.startswith(_SIGNATURE) for t in compact) or (not id_text and compact[0].startswith(_FOOTER)):
        return Reason("footer", tr("签字栏或说明"))
    # a cell reads as its column's header only if it holds the header's first character (checked
    # first: normalising every cell of every row cost more than the rest of the row's checks)
    hits = 0
    width = len(cells)
    for col, text in _header_texts(mapping).items():
        if col < width:
            cell = cells[col]
            if isinstance(cell, str) and text[0] in cell and normalize_header(cell) == text:
                hits += 1
    if hits >= 2 and hits * 10 >= len(filled) * 6:
        return Reason("header_repeat", tr("重复的表头"))
    return None


def parse_person(row: int, cells: list[object], mapping: Mapping, on: dt.date, *,
                 texts: list[str] | None = None, columns: dict[str, int] | None = None,
                 today: dt.date | None = None) -> ParsedRow:
    """One person row (not yet grouped into households). ``texts`` (the cells through
    ``text_of``), ``columns`` (``_columns(mapping)``) and ``today``: given by ``parse_rows``,
    which works them out once instead of per cell or per row."""
    if texts is None:
        texts = [text_of(v) for v in cells]
    cols = _columns(mapping) if columns is None else columns
    width = len(cells)

    def raw(key: str) -> object:
        col = cols.get(key)
        return cells[col] if col is not None and col < width else ""

    def text(key: str) -> str:
        col = cols.get(key)
        return texts[col] if col is not None and col < width else ""

    p = ParsedRow(row, list(cells))
    extra_notes: list[str] = []
    p.name = clean_name(text("name"))
    if not p.name:
        p.rejects.append(Reason("name_missing", tr("没有姓名")))
    # ID number
    raw_id = raw("id_number")
    if "id_number" in cols and text("id_number"):
        check = idcard.check(raw_id, today=on if on > (today or dt.date.today()) else None)
        if check.ok:
            p.id_number = check.normalized
        else:
            assert check.problem is not None
            p.rejects.append(Reason(str(check.problem), check.message))
    else:
        p.warnings.append(Reason("id_missing", tr("没有身份证号：按户号、姓名和出生日期识别此人")))
        check = None
    # sex and birth date: the ID wins
    sex_text = text("sex")
    sex = _sex_of(sex_text)
    born_raw, born_text = raw("birth_date"), text("birth_date")
    born = _date_of(born_raw) if born_text else None
    if born_text and born is None:
        p.warnings.append(Reason("birth_date_invalid", tr("出生日期“{value}”看不懂").format(value=born_text)))
    if check is not None and check.ok:
        p.sex, p.birth_date = check.sex, check.birth_date
        if sex is not None and sex != check.sex:
            p.warnings.append(Reason("gender_mismatch", tr("性别填的是“{sex}”，与身份证号（{id_sex}）不符，以身份证号为准").format(
                sex=sex, id_sex=check.sex)))
        if born is not None and born != check.birth_date:
            p.warnings.append(Reason("birth_date_mismatch", tr("出生日期 {born} 与身份证号（{id_born}）不符，以身份证号为准").format(
                born=born.isoformat(), id_born=check.birth_date.isoformat() if check.birth_date else "")))
    else:
        p.sex, p.birth_date = sex, born
        if sex_text and sex is None:
            p.warnings.append(Reason("sex_invalid", tr("性别“{value}”看不懂").format(value=sex_text)))
    if p.birth_date is not None and p.birth_date > on:
        p.warnings.append(Reason("birth_date_future", tr("出生日期晚于今天")))
    # relation
    rel_text = text("relation")
    if rel_text:
        p.relation = relation_code(rel_text, p.sex)
        if p.relation is None:
            p.warnings.append(Reason("relation_unknown", tr("与户主关系“{value}”无法识别，已记入备注").format(value=rel_text)))
            extra_notes.append(tr("与户主关系：{value}").format(value=rel_text))
    # phone(s)
    phone_raw, phone_text = raw("phone"), text("phone")
    parts = [x for x in _SPLIT_PHONES.split(phone_text) if x.strip()] if isinstance(phone_raw, str) else (
        [phone_raw] if phone_text else [])
    for part in parts:
        result = phone.check(part)
        if result.ok and result.normalized and p.phone is None:
            p.phone = result.normalized
        elif result.ok and result.normalized:
            extra_notes.append(tr("其他电话：{value}").format(value=result.normalized))
        else:
            p.warnings.append(Reason("phone_invalid", tr("电话“{value}”不是有效号码（{why}），已记入备注").format(
                value=text_of(part), why=result.problem or "")))
            extra_notes.append(tr("电话：{value}").format(value=text_of(part)))
    # the rest
    p.address = text("address")
    p.micro_grid = text("micro_grid")
    p.community = text("community")
    p.general_grid = text("general_grid")
    p.hukou_address = text("hukou_address")
    p.political_status = text("political_status")
    eth = text("ethnicity")
    if eth:
        p.ethnicity = ethnicity_code(eth)
        if p.ethnicity is None:
            p.warnings.append(Reason("ethnicity_unknown", tr("民族“{value}”无法识别，已记入备注").format(value=eth)))
            extra_notes.append(tr("民族：{value}").format(value=eth))
    _marks(p, text("category"), on, extra_notes)
    _health(p, text, cols, extra_notes)
    p.note = "；".join([t for t in [text("note")] if t] + extra_notes)
    for key, limit in MAX_LEN.items():
        if len(getattr(p, key)) > limit:
            p.rejects.append(Reason("value_too_long", tr("“{field}”太长（超过 {limit} 字）").format(
                field=field_label(key), limit=limit)))
    return p


def _health(p: ParsedRow, text: Callable[[str], str], cols: dict[str, int], notes: list[str]) -> None:
    for key, read in roster_health.READERS.items():
        if key not in cols:
            continue
        raw = text(key)
        values, warning = read(raw)
        if values:
            p.health.update(values)
        if warning:
            p.warnings.append(Reason("health_unclear", warning))
            if values is None:
                notes.append(f"{field_label(key)}：{raw}")


def _marks(p: ParsedRow, text: str, on: dt.date, notes: list[str]) -> None:
    seen: set[str] = set()
    for word in _SPLIT_MARKS.split(text):
        if not word:
            continue
        bounds: tuple[int | None, int | None] | None
        if word in AGE_MARKS:
            bounds = AGE_MARKS[word]
        elif word in CATEGORY_WORDS:
            code, attrs, bounds = CATEGORY_WORDS[word]
            if code not in seen:
                seen.add(code)
                p.categories.append((code, dict(attrs)))
        else:
            p.warnings.append(Reason("category_unknown", tr("人员类别“{value}”无法识别，已记入备注").format(value=word)))
            notes.append(tr("人员类别：{value}").format(value=word))
            continue
        if bounds is not None and p.birth_date is not None and not _age_ok(p.birth_date, bounds, on):
            p.warnings.append(Reason("age_mark_mismatch", tr("标为“{mark}”，但按出生日期 {on} 时为 {age} 岁").format(
                mark=word, on=on.isoformat(), age=age_on(p.birth_date, on))))


def parse_rows(rows: list[tuple[int, list[object]]], mapping: Mapping, on: dt.date) -> list[ParsedRow]:
    """Every row below the header, grouped into households: a blank 户号 (merged or left
    blank) belongs to the household above; without a 户号 column a 户主 starts a household."""
    out: list[ParsedRow] = []
    columns = _columns(mapping)
    number_col = columns.get("household_number")
    today = dt.date.today()
    current_key = ""
    current_number = ""
    current_has_head = False
    for row, cells in rows:
        if row <= mapping.header_row:
            continue
        texts = [text_of(v) for v in cells]
        skip = classify_skip(cells, mapping, texts)
        if skip is not None:
            parsed = ParsedRow(row, list(cells), skip=skip)
            out.append(parsed)
            if skip.code in ("subtotal", "total"):
                current_key = current_number = ""
                current_has_head = False
            continue
        p = parse_person(row, cells, mapping, on, texts=texts, columns=columns, today=today)
        number = texts[number_col] if number_col is not None and number_col < len(texts) else ""
        is_head = p.relation == HEAD_RELATION
        if number:
            if "no:" + number != current_key:
                current_has_head = False
            current_key, current_number = "no:" + number, number
        elif not current_key or (is_head and current_has_head):
            current_key, current_number, current_has_head = f"row:{row}", "", False
        current_has_head = current_has_head or is_head
        p.household_key, p.household_number = current_key, current_number
        out.append(p)
    return out


def mark_duplicates(rows: list[ParsedRow]) -> None:
    """The same person twice in the file: the later row is rejected (same ID; or, without
    an ID, same household, name and birth date)."""
    first_by_id: dict[str, int] = {}
    first_by_person: dict[tuple[str, str, dt.date | None], int] = {}
    for p in rows:
        if p.skip is not None or p.rejects:
            continue
        if p.id_number:
            first = first_by_id.setdefault(p.id_number, p.row)
            if first != p.row:
                p.rejects.append(Reason("duplicate_id", tr("与第 {row} 行身份证号相同，是同一人重复录入").format(row=first)))
        else:
            key = (p.household_key, p.name, p.birth_date)
            first = first_by_person.setdefault(key, p.row)
            if first != p.row:
                p.rejects.append(Reason("duplicate_person", tr("与第 {row} 行同户、同名、同出生日期，是重复录入").format(row=first)))


def mark_household_differences(rows: list[ParsedRow]) -> None:
    """A member whose address or micro-grid differs from the household's first row: the
    household keeps the first row's value; the clerk is told."""
    first: dict[str, ParsedRow] = {}
    for p in rows:
        if not p.valid:
            continue
        head = first.setdefault(p.household_key, p)
        if head is p:
            continue
        for attr, label in (("address", tr("住址")), ("grid_key", tr("微网格"))):
            mine, theirs = getattr(p, attr), getattr(head, attr)
            if mine and theirs and mine != theirs:
                p.warnings.append(Reason("household_differs", tr(
                    "{label}“{mine}”与同户第 {row} 行的“{theirs}”不同，本户按第 {row} 行").format(
                    label=label, mine=mine, row=head.row, theirs=theirs)))

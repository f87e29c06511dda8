"""Finding a roster's header row and mapping its column names to fields.

Offices name their columns differently (身份证号 / 身份证号码 / 公民身份号码 / 证件号码…) and
put a title, a 填报单位 line or a blank row above the header. The header is the row among the
first ones whose cells best match the known names; each column maps to one field (or none),
and the caller may override any column (the wizard's combo boxes, the CLI's ``--map``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gridoffice.i18n import tr

HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    aliases: tuple[str, ...]
    contains: tuple[str, ...] = ()  # substrings that identify the field in longer headers
    excludes: tuple[str, ...] = ()  # substrings that say a longer header is something else


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("household_number", "户号",
              ("户号", "户编号", "户籍号", "户序号", "家庭编号", "户代码", "户口号", "户主编号", "住户编号"),
              ("户号", "户编号")),
    FieldSpec("name", "姓名", ("姓名", "名字", "居民姓名", "人员姓名", "成员姓名", "户成员姓名"),
              ("姓名",), ("户主姓名", "联系人", "监护人")),
    FieldSpec("id_number", "身份证号",
              ("身份证号", "身份证号码", "公民身份号码", "公民身份证号", "公民身份证号码", "证件号码", "证件号",
               "身份证", "居民身份证号", "居民身份证号码", "身份号码"),
              ("身份证", "身份号码", "证件号")),
    FieldSpec("sex", "性别", ("性别",), ("性别",)),
    FieldSpec("birth_date", "出生日期", ("出生日期", "出生年月", "出生年月日", "生日", "出生时间"), ("出生",), ("出生地",)),
    FieldSpec("relation", "与户主关系", ("与户主关系", "与户主的关系", "关系", "家庭关系", "户主关系", "成员关系"),
              ("关系",)),
    FieldSpec("phone", "联系电话",
              ("联系电话", "联系方式", "手机", "手机号", "手机号码", "电话", "电话号码", "联系号码"),
              ("电话", "手机", "联系方式")),
    FieldSpec("address", "住址",
              ("家庭住址", "住址", "现住址", "地址", "居住地址", "家庭地址", "现居住地址", "现居住地", "门牌号",
               "居住地"), ("住址", "地址")),
    FieldSpec("community", "社区",
              ("社区", "村", "所属社区", "所在社区", "社区名称", "所属村", "村社区", "村（社区）", "村(社区)", "村居"),
              ("社区",), ("网格", "电话", "员", "地址", "住址")),
    FieldSpec("general_grid", "一般网格",
              ("一般网格", "所属一般网格", "一般网格名称", "所在一般网格"),
              ("一般网格",), ("网格员", "网格长", "电话", "员")),
    FieldSpec("micro_grid", "微网格",
              ("微网格", "所属网格", "网格", "组", "所属微网格", "村民小组", "小组", "组别", "所在组", "网格名称"),
              ("网格", "小组"), ("网格员", "网格长", "电话", "员")),
    FieldSpec("category", "人员类别",
              ("人员类别", "重点人群", "人群类别", "特殊人群", "重点人群类别", "人员类型", "标签", "重点对象"),
              ("人群", "类别"), ("残疾类别", "残疾")),
    FieldSpec("chronic_diseases", "慢性病",
              ("慢性病", "慢病", "所患慢性病", "慢性病情况", "慢病情况", "慢病及稳定情况", "患病情况"),
              ("慢性病", "慢病"), ("人群", "类别")),
    FieldSpec("vaccination", "疫苗接种",
              ("疫苗接种", "接种情况", "疫苗接种情况", "新冠疫苗", "疫苗", "接种剂次", "新冠疫苗接种"),
              ("疫苗", "接种"), ("日期", "时间")),
    FieldSpec("vaccine_last", "末次接种日期",
              ("末次接种日期", "最后接种日期", "接种日期", "末次接种时间", "最近接种日期"), ("接种日期", "接种时间")),
    FieldSpec("mobility", "行动不便", ("行动不便", "是否行动不便", "行动能力", "行动情况"), ("行动",)),
    FieldSpec("ethnicity", "民族", ("民族",)),
    FieldSpec("political_status", "政治面貌", ("政治面貌",)),
    FieldSpec("hukou_address", "户籍地", ("户籍地", "户籍地址", "户口所在地", "户籍所在地"), ("户籍",)),
    FieldSpec("note", "备注", ("备注", "说明"),),
    FieldSpec("age", "年龄", ("年龄", "周岁"),),
    FieldSpec("serial", "序号", ("序号", "编号", "序"),),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
# Fields a row is built from; "age" and "serial" are recognised so they are not reported as unknown.
IGNORED_FIELDS = ("age", "serial")
REQUIRED = ("name",)


def field_label(key: str | None) -> str:
    if key is None:
        return tr("（不导入）")
    spec = FIELD_BY_KEY.get(key)
    return tr(spec.label) if spec else key


_NOISE = re.compile(r"[\s\u3000*＊:：]+|[（(][^）)]*[）)]|必填|选填")


def normalize_header(value: object) -> str:
    if value is None:
        return ""
    return _NOISE.sub("", str(value))


def match_header(value: object) -> str | None:
    """The field a header cell names, or None."""
    found = _match(value)
    return found[0] if found else None


def _match(value: object) -> tuple[str, bool] | None:
    """(field, exact) for a header cell: exact when it is one of the field's known names."""
    text = normalize_header(value)
    if not text or len(text) > 20:
        return None
    for spec in FIELDS:
        if text in spec.aliases:
            return spec.key, True
    for spec in FIELDS:
        if any(part in text for part in spec.contains) and not any(x in text for x in spec.excludes):
            return spec.key, False
    return None


@dataclass
class Mapping:
    """Which column holds which field (0-based column → field key)."""

    header_row: int  # sheet row number of the header
    columns: dict[int, str] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)  # column → header text as written
    # a second column with the header of a field already taken: not imported, and said so
    duplicates: dict[int, str] = field(default_factory=dict)

    def column_of(self, key: str) -> int | None:
        for col, k in self.columns.items():
            if k == key:
                return col
        return None

    def with_override(self, overrides: dict[int, str | None]) -> Mapping:
        """A copy where ``overrides`` (column → field key or None) replace the detected ones;
        a field moved to another column leaves its old column."""
        columns = dict(self.columns)
        for col, key in overrides.items():
            if key is None:
                columns.pop(col, None)
                continue
            if key not in FIELD_BY_KEY:
                raise ValueError(key)
            for other, k in list(columns.items()):
                if k == key and other != col:
                    del columns[other]
            columns[col] = key
        duplicates = {c: k for c, k in self.duplicates.items() if c not in overrides}
        return Mapping(self.header_row, columns, dict(self.headers), duplicates)

    def missing_required(self) -> list[str]:
        return [k for k in REQUIRED if self.column_of(k) is None]

    def as_dict(self) -> dict[str, object]:
        return {"header_row": self.header_row,
                "columns": {self.headers.get(c, str(c)): k for c, k in sorted(self.columns.items())}}


def _row_mapping(row_number: int, cells: list[object]) -> Mapping:
    mapping = Mapping(row_number)
    loose: list[tuple[int, str]] = []
    for col, value in enumerate(cells):
        text = str(value).strip() if value not in (None, "") else ""
        if text:
            mapping.headers[col] = text
        found = _match(value)
        if found is None:
            continue
        key, exact = found
        if not exact:
            loose.append((col, key))
        elif mapping.column_of(key) is None:
            mapping.columns[col] = key
        else:
            mapping.duplicates[col] = key
    for col, key in loose:  # 身份证号码（18位） only when no column is plainly 身份证号
        if mapping.column_of(key) is None:
            mapping.columns[col] = key
        else:
            mapping.duplicates[col] = key
    _general_and_micro(mapping)
    return mapping


_MICRO_ONLY = ("微网格", "所属微网格", "微网格名称", "所在微网格")


def _general_and_micro(mapping: Mapping) -> None:
    """社区 / 网格 / 微网格: a plain 网格 column beside a 微网格 column is the general grid."""
    micro = mapping.column_of("micro_grid")
    if micro is None or normalize_header(mapping.headers.get(micro)) in _MICRO_ONLY:
        return
    specific = next((c for c, h in sorted(mapping.headers.items())
                     if normalize_header(h) in _MICRO_ONLY and c not in mapping.columns), None)
    if specific is None:
        return
    if mapping.column_of("general_grid") is None and "网格" in normalize_header(mapping.headers.get(micro)):
        mapping.columns[micro] = "general_grid"
    else:
        del mapping.columns[micro]
    mapping.columns[specific] = "micro_grid"


def detect(rows: list[tuple[int, list[object]]]) -> Mapping | None:
    """The best header among the first rows: most recognised fields, including a name and an
    ID or a household number. None when no row looks like a roster header."""
    best: Mapping | None = None
    best_score = 0
    for row_number, cells in rows[:HEADER_SEARCH_ROWS]:
        mapping = _row_mapping(row_number, cells)
        keys = set(mapping.columns.values())
        if "name" not in keys or not keys & {"id_number", "household_number", "birth_date", "relation"}:
            continue
        score = len(keys - set(IGNORED_FIELDS))
        if score > best_score:
            best, best_score = mapping, score
    return best


def header_for_sheet(row_number: int, cells: list[object]) -> Mapping:
    """The mapping of a row the caller says is the header (detected or not)."""
    return _row_mapping(row_number, cells)

"""The field vocabulary for filling an upper level's blank form (``gridoffice fill --list-fields``).

A column of the form is suggested a field by its header text, the same way the roster importer
recognises a roster's columns (``roster_mapping.normalize_header``; its person fields' names are
reused here). A field belongs to a group: ``person`` (one row per resident), ``household`` (one
row per household), ``staff`` (one row per grid worker) or ``count`` (one row per grid, in a
statistics form). ``serial`` (序号) is numbered in every kind of form.

How a value is written: ``kind`` says ``text`` / ``id`` / ``phone`` (always text cells), ``date``
(a date cell in the form's own number format), ``int``; ``sensitive`` fields stay empty in a
public (公示) version, as the ledgers' sensitive columns are left out there.
"""

from __future__ import annotations

from dataclasses import dataclass

from gridoffice.domain.population import CATEGORIES
from gridoffice.i18n import N_, tr
from gridoffice.services.importing.mapping import FIELD_BY_KEY as ROSTER_FIELDS
from gridoffice.services.importing.mapping import normalize_header

PERSON, HOUSEHOLD, STAFF, COUNT, ANY = "person", "household", "staff", "count", "any"
GROUP_LABELS = {PERSON: N_("人员"), HOUSEHOLD: N_("户"), STAFF: N_("网格员"), COUNT: N_("统计数"), ANY: N_("通用")}


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    group: str
    aliases: tuple[str, ...] = ()
    contains: tuple[str, ...] = ()  # substrings that identify the field in a longer header
    excludes: tuple[str, ...] = ()
    kind: str = "text"  # text / id / phone / date / int
    sensitive: bool = False  # empty in a public version


def _roster(key: str, group: str = PERSON, kind: str = "text", *, extra: tuple[str, ...] = (),
            sensitive: bool = False) -> FormField:
    spec = ROSTER_FIELDS[key]
    return FormField(key, spec.label, group, spec.aliases + extra, spec.contains, spec.excludes, kind, sensitive)


_YES_NO = {  # category → the names a yes/no column is given
    "elderly": ("是否老年人",), "left_behind_child": ("是否留守儿童", "留守儿童"),
    "chronic": ("是否慢病", "是否慢病患者", "慢病患者"), "disabled": ("是否残疾", "是否残疾人", "残疾人"),
    "pregnant": ("是否孕产妇", "孕产妇"), "dibao": ("是否低保", "是否低保户", "低保", "低保户"),
    "tekun": ("是否特困", "是否特困人员", "特困", "特困人员"),
}
_COUNT_NAMES = {  # category → the names its count column is given in a statistics form
    "elderly": ("老年人", "老年人数"), "left_behind_child": ("留守儿童", "留守儿童数", "留守儿童人数"),
    "chronic": ("慢病患者", "慢病", "慢病人数", "慢病患者人数"), "disabled": ("残疾人", "残疾人数", "残疾"),
    "pregnant": ("孕产妇", "孕产妇人数"), "dibao": ("低保", "低保人数", "低保对象", "低保户"),
    "tekun": ("特困", "特困人数", "特困人员"),
}

FIELDS: tuple[FormField, ...] = (
    FormField("serial", N_("序号"), ANY, ("序号", "编号", "序"), kind="int"),
    # ---- one row per person ----
    _roster("name", extra=("网格员姓名", "网格员", "工作人员")),
    _roster("id_number", kind="id", extra=("身份证号码（18位）",)),
    _roster("sex"),
    _roster("birth_date", kind="date", sensitive=True),
    FormField("age", N_("年龄"), PERSON, ("年龄", "周岁", "实际年龄"), ("年龄",), kind="int"),
    FormField("ethnicity", N_("民族"), PERSON, ("民族",)),
    _roster("phone", kind="phone", extra=("联系电话（手机）",)),
    _roster("address"),
    _roster("community", ANY),
    _roster("general_grid", ANY),
    _roster("micro_grid", ANY, extra=("所属微网格",)),
    _roster("household_number", HOUSEHOLD, kind="id"),
    FormField("head_name", N_("户主姓名"), HOUSEHOLD, ("户主姓名", "户主"), ("户主姓名",)),
    FormField("head_id_number", N_("户主身份证号"), HOUSEHOLD, ("户主身份证号", "户主身份证号码", "户主公民身份号码"),
              ("户主身份",), kind="id"),
    FormField("members", N_("家庭人口数"), HOUSEHOLD, ("家庭人口数", "家庭人口", "户人口数", "家庭成员数", "户内人数", "人口数"),
              kind="int"),
    _roster("relation"),
    FormField("category", N_("人员类别"), PERSON, ROSTER_FIELDS["category"].aliases, ("类别", "人群"),
              ("残疾类别",), sensitive=True),
    _roster("political_status"),
    _roster("hukou_address"),
    *(FormField(f"is:{code}", N_("是否") + cat.label, PERSON, _YES_NO.get(code, ()), sensitive=True)
      for code, cat in CATEGORIES.items()),
    FormField("disability_type", N_("残疾类别"), PERSON, ("残疾类别", "残疾类型"), ("残疾类",), sensitive=True),
    FormField("disability_grade", N_("残疾等级"), PERSON, ("残疾等级", "残疾级别"), ("残疾等", "残疾级"), sensitive=True),
    FormField("disability_card", N_("残疾证号"), PERSON, ("残疾证号", "残疾证号码", "残疾人证号"), ("残疾证",), kind="id",
              sensitive=True),
    FormField("doctor", N_("签约医生"), PERSON, ("签约医生", "家庭医生", "签约家庭医生"), ("签约医生", "家庭医生")),
    FormField("living", N_("居住情况"), PERSON, ("居住情况", "居住状况", "是否独居"), sensitive=True),
    FormField("handed_on", N_("领取日期"), PERSON, ("领取日期", "发放日期", "领取时间", "发放时间"), ("领取日", "发放日"),
              kind="date"),
    FormField("handout_method", N_("领取方式"), PERSON, ("领取方式", "发放方式"), ("方式",)),
    FormField("arrived_on", N_("返乡日期"), PERSON, ("返乡日期", "返乡时间", "到达日期", "抵达日期", "返回日期"), ("返乡时", "返乡日"),
              kind="date"),
    FormField("from_place", N_("从何地返回"), PERSON, ("从何地返回", "从何地返乡", "来源地", "返乡前所在地", "出发地"), ("何地",)),
    FormField("expected_departure", N_("预计离开日期"), PERSON, ("预计离开日期", "预计离开时间", "预计返程日期"), ("预计离",),
              kind="date"),
    FormField("transport", N_("交通方式"), PERSON, ("交通方式", "返乡方式", "出行方式"), ("交通",)),
    # ---- one row per grid worker ----
    FormField("role", N_("职务"), STAFF, ("职务", "岗位", "网格职务", "担任职务", "角色"), ("职务", "岗位")),
    FormField("background", N_("身份"), STAFF, ("身份", "人员身份", "来源", "人员来源")),
    # ---- one row per grid (statistics forms) ----
    FormField("leader", N_("网格长"), COUNT, ("网格长", "网格长姓名", "微网格长", "负责人"), ("网格长",)),
    FormField("households", N_("户数"), COUNT, ("户数", "总户数", "住户数", "在册户数"), ("户数",), kind="int"),
    FormField("persons", N_("总人口"), COUNT, ("总人口", "在册人口", "人口", "人数", "总人数", "户籍人口", "实有人口", "常住人口"),
              ("人口",), ("老年", "留守", "返乡"), kind="int"),
    FormField("male", N_("男"), COUNT, ("男", "男性", "男性人数"), kind="int"),
    FormField("female", N_("女"), COUNT, ("女", "女性", "女性人数"), kind="int"),
    FormField("aged_60", N_("60岁以上"), COUNT, ("60岁以上", "60周岁以上", "60岁及以上", "60周岁及以上", "60岁以上老人",
                                                "60岁以上人数", "老年人口"), ("60",), kind="int"),
    FormField("aged_80", N_("80岁以上"), COUNT, ("80岁以上", "80周岁以上", "80岁及以上", "80周岁及以上", "80岁以上老人",
                                                "高龄老人"), ("80",), kind="int"),
    FormField("alone", N_("独居老人"), COUNT, ("独居老人", "独居", "独居老人数"), ("独居",), kind="int"),
    *(FormField(f"count:{code}", cat.label, COUNT, _COUNT_NAMES.get(code, (cat.label,)), kind="int")
      for code, cat in CATEGORIES.items()),
    FormField("returnees", N_("返乡人员"), COUNT, ("返乡人员", "返乡人数", "返乡", "在村返乡人员"), ("返乡",), kind="int"),
    FormField("kits_due", N_("应发"), COUNT, ("应发", "应发数", "应发放"), ("应发",), kind="int"),
    FormField("kits_handed", N_("已发"), COUNT, ("已发", "已发数", "已发放", "实发"), ("已发", "实发"), kind="int"),
    FormField("visits_week", N_("本周走访"), COUNT, ("本周走访", "本周走访次数", "走访次数", "本周入户走访"), ("走访",), kind="int"),
    FormField("note", N_("备注"), ANY, ("备注", "说明"), sensitive=True),
)
BY_KEY = {f.key: f for f in FIELDS}
# In a statistics form a plain 网格 column names the grid of the row; so do these label fields.
GRID_LABELS = ("community", "general_grid", "micro_grid", "leader")


def label(key: str | None) -> str:
    if key is None:
        return tr("（不填）")
    spec = BY_KEY.get(key)
    return tr(spec.label) if spec else key


def _allowed(spec: FormField, mode: str) -> bool:
    if spec.group == ANY:
        return True
    if mode == COUNT:
        return spec.group == COUNT
    if mode == STAFF:
        return spec.group == STAFF or spec.key in ("name", "sex", "phone")
    return spec.group in (PERSON, HOUSEHOLD)


def match(text: str, mode: str = PERSON) -> str | None:
    """The field a header names in a form of ``mode`` (person / household / staff / count)."""
    value = normalize_header(text)
    if not value or len(value) > 24:
        return None
    candidates = [f for f in FIELDS if _allowed(f, mode)]
    for spec in candidates:
        if value in spec.aliases:
            return spec.key
    for spec in candidates:
        if any(p in value for p in spec.contains) and not any(x in value for x in spec.excludes):
            return spec.key
    return None


def match_column(sub: str, group: str, mode: str) -> str | None:
    """A column under a merged group header: its own text first, then group + own text
    (健康包 / 应发, 人口 / 男)."""
    if sub and group and group != sub:
        return match(sub, mode) or match(group + sub, mode)
    return match(sub or group, mode)


def listing() -> list[dict[str, object]]:
    """The vocabulary for ``fill --list-fields``: key, label, group, names recognised."""
    return [{"key": f.key, "label": tr(f.label), "group": tr(GROUP_LABELS[f.group]), "kind": f.kind,
             "names": list(f.aliases)} for f in FIELDS]

"""Key populations (重点人群, "老幼病残孕" and social assistance).

Age-based groups (60+, 80+, children) are never stored: they come from the birth date at a
date. Everything else is a *membership* row (category + attributes) kept in the
``key_membership`` table, whose ``attrs`` column holds the category's attributes as JSON.

How to add a category: add one ``Category(...)`` to ``CATEGORIES`` below with its code,
label and attribute fields. No migration is needed; forms, filters and the key-population
ledger are built from this registry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gridoffice.domain.ages import age_on
from gridoffice.i18n import N_, tr

ELDERLY_AGE = 60
OLDEST_OLD_AGE = 80
CHILD_AGE = 18
LEFT_BEHIND_CHILD_AGE = 16


@dataclass(frozen=True)
class Attr:
    key: str
    label: str
    kind: str = "text"  # text / choice / date / month / bool / int
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    attrs: tuple[Attr, ...] = field(default_factory=tuple)
    sensitive: bool = True  # never on a public list


DISABILITY_TYPES = {"1": N_("视力"), "2": N_("听力"), "3": N_("言语"), "4": N_("肢体"), "5": N_("智力"), "6": N_("精神"), "7": N_("多重")}
DISABILITY_GRADES = {"1": N_("一级"), "2": N_("二级"), "3": N_("三级"), "4": N_("四级")}

CATEGORIES: dict[str, Category] = {
    c.code: c
    for c in (
        Category(
            "elderly",
            N_("老年人"),
            (
                Attr("living", N_("居住情况"), "choice", (N_("独居"), N_("空巢"), N_("与子女同住"), N_("其他"))),
                Attr("self_care", N_("自理能力"), "choice", (N_("自理"), N_("半自理"), N_("不能自理"))),
                Attr("emergency_contact", N_("紧急联系人")),
                Attr("emergency_phone", N_("紧急联系电话")),
            ),
        ),
        Category(
            "left_behind_child",
            N_("留守儿童"),
            (
                Attr("guardian", N_("监护人")),
                Attr("guardian_relation", N_("与监护人关系")),
                Attr("parents_away", N_("父母外出情况"), "choice", (N_("双亲外出"), N_("一方外出另一方无监护能力"))),
            ),
        ),
        Category(
            "chronic",
            N_("慢病患者"),
            (
                Attr("illness", N_("疾病"), "choice", (N_("高血压"), N_("糖尿病"), N_("结核病"), N_("严重精神障碍"), N_("心脑血管病"), N_("慢阻肺"), N_("肿瘤"), N_("其他"))),
                Attr("doctor_signed", N_("家庭医生签约"), "bool"),
                Attr("doctor", N_("签约医生")),
            ),
        ),
        Category(
            "disabled",
            N_("残疾人"),
            (
                Attr("disability_type", N_("残疾类别"), "choice", tuple(DISABILITY_TYPES.values())),
                Attr("disability_grade", N_("残疾等级"), "choice", tuple(DISABILITY_GRADES.values())),
                Attr("card_number", N_("残疾证号")),
                Attr("care_subsidy", N_("重度残疾人护理补贴"), "bool"),
                Attr("living_subsidy", N_("困难残疾人生活补贴"), "bool"),
            ),
        ),
        Category(
            "pregnant",
            N_("孕产妇"),
            (
                Attr("due_date", N_("预产期"), "date"),
                Attr("high_risk", N_("高危"), "bool"),
                Attr("postpartum", N_("产后"), "bool"),
            ),
        ),
        Category(
            "dibao",
            N_("低保"),
            (
                Attr("certificate", N_("低保证号")),
                Attr("start_month", N_("起始年月"), "month"),
                Attr("amount", N_("月保障金（元）"), "int"),
            ),
        ),
        Category(
            "tekun",
            N_("特困"),
            (
                Attr("certificate", N_("特困证号")),
                Attr("start_month", N_("起始年月"), "month"),
                Attr("support", N_("供养方式"), "choice", (N_("分散供养"), N_("集中供养"))),
            ),
        ),
    )
}


def category_label(code: str) -> str:
    cat = CATEGORIES.get(code)
    return tr(cat.label) if cat else code


def disability_card_number(id_number: str, disability_type: str, grade: str) -> str:
    """The 20-digit disability card number: ID number + category digit + grade digit."""
    return f"{id_number}{disability_type}{grade}"


def is_elderly(born: dt.date | None, on: dt.date) -> bool:
    return born is not None and age_on(born, on) >= ELDERLY_AGE


def is_oldest_old(born: dt.date | None, on: dt.date) -> bool:
    return born is not None and age_on(born, on) >= OLDEST_OLD_AGE


def is_child(born: dt.date | None, on: dt.date) -> bool:
    return born is not None and age_on(born, on) < CHILD_AGE

"""The importer on synthetic untidy files: each quirk alone, all together, and random rows."""

import datetime as dt
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gridoffice.domain.idcard import make_id
from gridoffice.services.importing import importer
from gridoffice.services.importing.importer import ImportOptions
from gridoffice.store.models import Household, KeyMembership, Person

ON = dt.date(2023, 1, 7)
BORN = dt.date(1958, 3, 2)
ID = make_id("510124", BORN, 13)  # male
HEADER = ["户号", "姓名", "身份证号", "性别", "出生日期", "联系电话", "人员类别"]


def run(db, roster_file, rows, header=HEADER, commit=True, **kw):
    plan = importer.analyse(db, roster_file(rows, header, **kw), options=ImportOptions(on=ON))
    report = importer.commit(db, plan).report if commit else plan.report()
    return plan, report


def reasons(report, kind):
    return {item["row"]: item["reasons"] for item in report[kind]}


@pytest.mark.parametrize("cells, kind, code", [
    (["1", "甲", float(ID[:15] + "000"), "男"], "rejected", "id_numeric_precision_lost"),
    (["1", "甲", ID[:17] + ("1" if ID[17] != "1" else "2"), "男"], "rejected", "id_bad_checksum"),
    (["1", "甲", ID, "女"], "warnings", "gender_mismatch"),
    (["1", "甲", ID, "男", "1960.1.1"], "warnings", "birth_date_mismatch"),
    (["1", "甲", ID, "男", "", "555"], "warnings", "phone_invalid"),
    (["1", "甲", ID, "男", "", "", "老年人、孕妇"], "warnings", None),
    (["1", "甲", ID, "男", "", "", "儿童"], "warnings", "age_mark_mismatch"),
    (["1", "", ID], "rejected", "name_missing"),
])
def test_each_quirk_alone(db, roster_file, cells, kind, code):
    _, report = run(db, roster_file, [cells])
    assert report["rows_read"] == 1
    found = reasons(report, kind)
    if code is None:
        assert not found and report["persons_added"] == 1
    else:
        assert found == {4: [code]}  # title, 填报单位 line, header, then row 4


@pytest.mark.parametrize("value", [ID, ID.lower(), " ".join(ID), ID.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
                                   f"'{ID}"])
def test_id_spellings_all_import_as_the_same_person(db, roster_file, value):
    _, report = run(db, roster_file, [["1", "甲", value, "男", "", "028 8765 4321"]], text_columns=(2,))
    assert report["persons_added"] == 1 and not report["rejected"]
    with db.reading() as s:
        person = s.scalars(select(Person)).one()
    assert person.id_number == ID.upper() and person.phone == "028-87654321"


def test_everything_together_in_another_offices_layout(db, roster_file):
    header = ["编号", "户主编号", "居民姓名", "证件号码", "性别", "出生日期", "关系", "手机号码", "现住址", "所属网格",
              "重点人群", "民族", "政治面貌"]
    ids = [make_id("510124", dt.date(1940 + i, 1 + i % 12, 1 + i), 100 + i) for i in range(12)]

    def sex(i):
        return "男" if int(ids[i][16]) % 2 else "女"

    rows = [
        [1, "A1", "  王　大 ", ids[0], sex(0), f"{1940}.1.1", "户主", "138 1234 5678", "二组5号", "二组", "老年人，残疾人", "汉族", "群众"],
        [2, None, "李二", ids[1].lower(), sex(1), "1941年2月2日", "妻", "028-8765-4321", "", "", "", "汉", ""],
        [3, None, "王三", float(ids[2]), sex(2), 19420303, "子", "", "", "", "", "", ""],
        [],
        ["小计", "", "1户"],
        [4, "A2", "赵四", ids[3], "女" if sex(3) == "男" else "男", dt.date(1943, 4, 4), "户主", "", "三组1号", "三组", "低保", "彝族", ""],
        [5, "", "钱五", ids[4][:17] + ("0" if ids[4][17] != "0" else "1"), "", "", "儿子", "", "", "", "", "", ""],
        [6, "", "赵四", ids[3], "", "", "户主", "", "", "", "", "", ""],
        ["编号", "户主编号", "居民姓名", "证件号码", "性别"],
        [7, "A3", "孙七", ids[6], sex(6), "", "户主", "0838-1234567", "四组2号", "第四组", "高龄", "", ""],
        [8, "", "周八", "", "女", "2010/5/6", "孙女", "", "", "", "留守儿童", "", ""],
        ["合计", "", "3户"],
        ["填表人：张三", "", "", "审核人：李四"],
    ]
    _, report = run(db, roster_file, rows, header, title="某社区实有人口登记表（2023年）", merge_column=1)
    assert report["header_row"] == 3
    assert reasons(report, "rejected") == {6: ["id_numeric_precision_lost"], 10: ["id_bad_checksum"], 11: ["duplicate_id"]}
    assert {s["row"]: s["reason"] for s in report["skipped"]} == {
        7: "blank", 8: "subtotal", 12: "header_repeat", 15: "total", 16: "footer"}
    warn = reasons(report, "warnings")
    assert warn[9] == ["gender_mismatch"] and warn[14] == ["id_missing"] and warn[13] == ["age_mark_mismatch"]
    assert report["persons_added"] == 5 and report["households_added"] == 3
    assert report["rows_read"] == 13 == report["persons_added"] + len(report["rejected"]) + len(report["skipped"])
    with db.reading() as s:
        people = {p.name: p for p in s.scalars(select(Person))}
        households = {h.number: h for h in s.scalars(select(Household))}
        cats = sorted(c for (c,) in s.execute(select(KeyMembership.category)))
    assert set(people) == {"王大", "李二", "赵四", "孙七", "周八"}
    assert people["李二"].phone == "028-87654321" and people["李二"].relation == "12"
    assert people["李二"].household_id == people["王大"].household_id == households["A1"].id
    assert people["周八"].household_id == households["A3"].id and people["周八"].id_number is None
    assert people["赵四"].ethnicity == "07" and people["孙七"].phone == "0838-1234567"
    assert households["A1"].village_group == "2组" and households["A1"].address == "二组5号"
    assert cats == ["dibao", "disabled", "left_behind_child"]
    # the same file again: nothing changes (including the person without an ID)
    _, again = run(db, roster_file, rows, header, title="某社区实有人口登记表（2023年）", merge_column=1)
    assert again["persons_added"] == again["persons_updated"] == again["households_added"] == 0


def test_no_header_and_no_name_column_are_sentences(db, roster_file):
    with pytest.raises(importer.RosterFileError, match="找不到表头"):
        run(db, roster_file, [[1, 2, 3]], header=["a", "b", "c"])
    plan = importer.analyse(db, roster_file([["1", "甲", ID]], HEADER), options=ImportOptions(on=ON))
    with pytest.raises(importer.RosterFileError, match="姓名"):
        importer.analyse(db, plan.path, mapping={1: None}, options=ImportOptions(on=ON))


def test_the_clerk_can_correct_the_mapping(db, roster_file):
    header = ["姓名", "身份证号", "电话", "本人手机"]
    rows = [["甲", ID, "028-87654321", "13812345678"]]
    plan = importer.analyse(db, roster_file(rows, header), mapping={3: "phone"}, options=ImportOptions(on=ON))
    importer.commit(db, plan)
    with db.reading() as s:
        assert s.scalars(select(Person.phone)).one() == "13812345678"


_printable = st.text(alphabet=st.sampled_from(string.digits + "xX .-年月日/王李张小计合户主妻子女䶮男"), max_size=20)
_cell = st.one_of(
    st.none(), _printable, st.integers(-10, 10**18), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(dt.date(1890, 1, 1), dt.date(2030, 1, 1)),
    st.sampled_from(["", "小计", "合计", "户主", "男", "女", ID, ID.lower(), "1958.3.2", "第1微网格", "老年人、残疾人"]),
    st.builds(lambda d, n: make_id("510124", d, n), st.dates(dt.date(1900, 1, 1), dt.date(2022, 1, 1)),
              st.integers(0, 999)),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_cell, min_size=0, max_size=9), min_size=1, max_size=12))
def test_random_rows_never_crash_and_every_row_is_accounted_for(db, roster_file, rows):
    header = ["户号", "姓名", "身份证号", "性别", "出生日期", "与户主关系", "联系电话", "微网格", "人员类别"]
    plan = importer.analyse(db, roster_file(rows, header), options=ImportOptions(on=ON))
    result = importer.commit(db, plan)
    report = result.report
    outcome = plan.outcome
    assert outcome is not None
    accounted = (set(outcome.new_rows) | set(outcome.updated_rows) | set(outcome.same_rows)
                 | {r["row"] for r in report["rejected"]} | {r["row"] for r in report["skipped"]})
    written = {4 + i for i, r in enumerate(rows) if any(v not in (None, "") for v in r)}
    assert written <= accounted
    assert len(accounted) == report["rows_read"]
    for item in report["rejected"] + report["warnings"]:
        assert item["reasons"] and all(item["messages"])

import datetime as dt

from gridoffice.domain.idcard import make_id
from gridoffice.services.importing.mapping import detect
from gridoffice.services.importing.rows import clean_name, mark_duplicates, parse_rows, text_of

ON = dt.date(2023, 1, 7)
HEADER = ["户号", "姓名", "身份证号", "性别", "出生日期", "与户主关系", "联系电话", "人员类别"]
ID_M = make_id("510124", dt.date(1958, 3, 2), 11)  # male
ID_F = make_id("510124", dt.date(1990, 6, 1), 22)  # female


def parse(*rows):
    table = [(1, HEADER)] + [(i + 2, list(r)) for i, r in enumerate(rows)]
    mapping = detect(table)
    assert mapping is not None
    parsed = parse_rows(table, mapping, ON)
    mark_duplicates(parsed)
    return parsed


def codes(reasons):
    return [r.code for r in reasons]


def test_id_normalisation_full_width_lower_x_and_spaces():
    with_x = make_id("510124", dt.date(1978, 4, 7), 2)
    while not with_x.endswith("X"):
        with_x = make_id("510124", dt.date(1978, 4, 7), int(with_x[14:17]) + 2)
    full = ID_M.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    spaced = f"{ID_F[:6]} {ID_F[6:14]} {ID_F[14:]}"
    rows = parse(["1", "甲", full], ["2", "乙", with_x.lower()], ["3", "丙", spaced])
    assert [p.id_number for p in rows] == [ID_M, with_x, ID_F]
    assert all(p.valid for p in rows)


def test_excel_damaged_and_bad_checksum_are_rejected():
    damaged = float(ID_M[:17] + "0")
    wrong = ID_M[:17] + ("0" if ID_M[17] != "0" else "1")
    rows = parse(["1", "甲", damaged], ["2", "乙", wrong], ["3", "丙", "12345"], ["4", "丁", ID_M[:6] + ID_M[8:17]])
    assert codes(rows[0].rejects) == ["id_numeric_precision_lost"]
    assert codes(rows[1].rejects) == ["id_bad_checksum"]
    assert codes(rows[2].rejects) == ["id_bad_length"]
    assert codes(rows[3].rejects) == ["id_legacy_15"]
    assert "Excel" in rows[0].rejects[0].text


def test_dates_in_every_spelling_and_the_id_wins():
    no_id = ["1", "甲", "", "男"]
    rows = parse([*no_id, dt.date(1958, 3, 2)], [*no_id, "1958.3.2"], [*no_id, "1958年3月2日"],
                 [*no_id, 19580302], [*no_id, "19580302"], [*no_id, "1958-03-02"], [*no_id, "二月"])
    assert [p.birth_date for p in rows[:6]] == [dt.date(1958, 3, 2)] * 6
    assert "birth_date_invalid" in codes(rows[6].warnings) and rows[6].birth_date is None
    (p,) = parse(["1", "甲", ID_M, "男", "1960-01-01"])
    assert p.birth_date == dt.date(1958, 3, 2) and "birth_date_mismatch" in codes(p.warnings)


def test_sex_disagreeing_with_the_id_warns_and_the_id_wins():
    (p,) = parse(["1", "甲", ID_M, "女"])
    assert p.valid and p.sex == "男" and codes(p.warnings) == ["gender_mismatch"]


def test_names_phones_and_landlines():
    rows = parse(["1", " 蔡 玉桂 ", ID_M, "", "", "户主", "138-1234-5678"],
                 ["", "John  Smith", ID_F, "", "", "妻子", "028-8765 4321"],
                 ["", "王五", "", "", "", "儿子", "12345"])
    assert rows[0].name == "蔡玉桂" and rows[0].phone == "13812345678"
    assert rows[1].name == "John Smith" and rows[1].phone == "028-87654321"
    assert rows[2].phone is None and "phone_invalid" in codes(rows[2].warnings) and "12345" in rows[2].note
    assert [p.relation for p in rows] == ["02", "12", "20"]


def test_household_number_written_once_covers_the_members_below():
    rows = parse(["3-001", "甲", ID_M, "", "", "户主"], ["", "乙", ID_F, "", "", "配偶"],
                 ["3-002", "丙", "", "", "", "户主"], [None, "丁", "", "", "", "子"])
    assert [p.household_number for p in rows] == ["3-001", "3-001", "3-002", "3-002"]


def test_without_a_household_column_a_head_starts_a_household():
    table = [(1, ["姓名", "身份证号", "与户主关系"]), (2, ["甲", ID_M, "户主"]), (3, ["乙", ID_F, "妻"]),
             (4, ["丙", "", "户主"]), (5, ["丁", "", "子"])]
    mapping = detect(table)
    rows = parse_rows(table, mapping, ON)
    keys = [p.household_key for p in rows]
    assert keys[0] == keys[1] != keys[2] == keys[3]
    assert all(p.household_number == "" for p in rows)


def test_blank_subtotal_total_and_repeated_header_rows_are_skipped():
    rows = parse(["1", "甲", ID_M], [], ["", "", "", ""], ["小计", "", "", ""], HEADER,
                 ["合 计", "2户"], ["填表人：", "", "", "审核人："], ["2", "乙", ID_F])
    assert [p.skip.code if p.skip else None for p in rows] == [
        None, "blank", "blank", "subtotal", "header_repeat", "total", "footer", None]


def test_household_number_does_not_run_on_past_a_subtotal():
    rows = parse(["1", "甲", ID_M], ["小计"], ["", "乙", ID_F])
    assert rows[2].household_number == "" and rows[2].household_key != rows[0].household_key


def test_duplicates_in_the_file_keep_the_first():
    rows = parse(["1", "甲", ID_M], ["2", "甲", ID_M], ["3", "乙", "", "", "2000-01-01"],
                 ["3", "乙", "", "", "2000-01-01"], ["4", "乙", "", "", "2000-01-01"])
    assert rows[0].valid and codes(rows[1].rejects) == ["duplicate_id"]
    assert "第 2 行" in rows[1].rejects[0].text
    assert rows[2].valid and codes(rows[3].rejects) == ["duplicate_person"]
    assert rows[4].valid  # same name and birth in another household: another person


def test_key_population_marks_and_age_checks():
    old = make_id("510124", dt.date(1950, 1, 1), 11)
    young = make_id("510124", dt.date(1990, 1, 1), 11)
    rows = parse(["1", "甲", old, "", "", "", "", "老年人、残疾人，低保"],
                 ["2", "乙", young, "", "", "", "", "老年人 高龄"],
                 ["3", "丙", young, "", "", "", "", "五保/吸毒人员"],
                 ["4", "丁", old, "", "", "", "", "独居老人"])
    assert rows[0].categories == [("disabled", {}), ("dibao", {})] and not rows[0].warnings
    assert rows[1].categories == [] and codes(rows[1].warnings) == ["age_mark_mismatch", "age_mark_mismatch"]
    assert "33 岁" in rows[1].warnings[0].text
    assert rows[2].categories == [("tekun", {})] and codes(rows[2].warnings) == ["category_unknown"]
    assert "吸毒人员" in rows[2].note
    assert rows[3].categories == [("elderly", {"living": "独居"})]


def test_missing_name_and_too_long_values_are_rejected():
    rows = parse(["1", "", ID_M], ["2", "名" * 60, ID_F])
    assert codes(rows[0].rejects) == ["name_missing"]
    assert codes(rows[1].rejects) == ["value_too_long"] and "姓名" in rows[1].rejects[0].text


def test_text_of_and_clean_name():
    assert text_of(3.0) == "3" and text_of(dt.date(2020, 1, 2)) == "2020-01-02" and text_of(None) == ""
    assert text_of(float("nan")) == "" and text_of(True) == "是"
    assert clean_name("\u3000王　秀英 ") == "王秀英"

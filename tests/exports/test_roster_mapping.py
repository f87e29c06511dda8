import pytest

from gridoffice.services.importing.mapping import detect, match_header, normalize_header


@pytest.mark.parametrize("text, key", [
    ("身份证号", "id_number"), ("身份证号码", "id_number"), ("公民身份号码", "id_number"),
    ("证件号码", "id_number"), ("身份证号码（18位）", "id_number"), ("*公民身份证号", "id_number"),
    ("户号", "household_number"), ("户编号", "household_number"),
    ("出生年月", "birth_date"), ("出生日期", "birth_date"),
    ("联系方式", "phone"), ("联系电话", "phone"), ("手机", "phone"), ("手机号码", "phone"),
    ("家庭住址", "address"), ("住址", "address"), ("现住址", "address"),
    ("人员类别", "category"), ("重点人群", "category"),
    ("与户主关系", "relation"), ("关系", "relation"),
    ("微网格", "micro_grid"), ("所属网格", "micro_grid"), ("组", "micro_grid"), ("村民小组", "micro_grid"),
    ("姓 名", "name"), ("姓名\n(必填)", "name"), ("性别", "sex"), ("序号", "serial"), ("年龄", "age"),
    ("民族", "ethnicity"), ("备注", "note"),
])
def test_header_names_map(text, key):
    assert match_header(text) == key


@pytest.mark.parametrize("text", ["网格员", "微网格长", "出生地", "残疾类别", "", None, "填报单位（盖章）：禹庙村村委会"])
def test_other_headers_do_not_map_to_the_wrong_field(text):
    assert match_header(text) not in ("micro_grid", "birth_date", "category")


def test_normalize_header_drops_noise():
    assert normalize_header(" 姓　名*（必填）") == "姓名"


def test_header_below_title_and_unit_line_is_found():
    rows = [
        (1, ["某村人口信息登记表", "", ""]),
        (2, ["填报单位：某村", "", "填报日期：2023年1月7日"]),
        (3, []),
        (4, ["序号", "姓名", "公民身份号码", "联系电话"]),
        (5, [1, "张三", "360426199101010071", "13812345678"]),
    ]
    mapping = detect(rows)
    assert mapping is not None and mapping.header_row == 4
    assert mapping.columns == {0: "serial", 1: "name", 2: "id_number", 3: "phone"}
    assert mapping.headers[2] == "公民身份号码"


def test_no_header_is_none():
    assert detect([(1, ["a", "b"]), (2, [1, 2])]) is None
    assert detect([(1, ["姓名", "备注"])]) is None  # a name alone is not a roster


def test_override_moves_a_field_and_can_drop_a_column():
    mapping = detect([(1, ["姓名", "身份证号", "电话", "紧急联系人电话"])])
    assert mapping is not None and mapping.column_of("phone") == 2
    changed = mapping.with_override({3: "phone", 1: None})
    assert changed.column_of("phone") == 3 and 2 not in changed.columns
    assert changed.column_of("id_number") is None
    assert mapping.column_of("phone") == 2  # the original is unchanged
    with pytest.raises(ValueError):
        mapping.with_override({0: "no_such_field"})
    assert changed.with_override({0: None}).missing_required() == ["name"]


def test_a_plain_name_wins_over_a_longer_one():
    mapping = detect([(1, ["户主姓名", "户主身份证号", "姓名", "身份证号", "监护人姓名"])])
    assert mapping is not None
    assert mapping.column_of("name") == 2 and mapping.column_of("id_number") == 3

import pytest

from gridoffice.domain import codes, population, privacy


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("户主", "02"), ("本人", "01"), ("02", "02"), ("2", "02"), ("配偶", "10"), ("妻子", "12"),
        ("子", "20"), ("长子", "22"), ("女", "30"), ("子女", "20"), ("孙子女", "40"), ("孙女", "42"),
        ("外孙子", "43"), ("外孙女", "44"), ("女婿", "28"), ("儿媳", "38"), ("公公", "53"), ("岳母", "56"),
        ("父母", "50"), ("母亲", "52"), ("祖父母", "60"), ("兄弟姐妹", "70"), ("嫂", "72"),
        ("岳父母或公婆", "59"), ("其他", "80"), ("其他亲属", "97"), ("非亲属", "99"), (" 儿 子 ", "20"),
    ],
)
def test_relation_accepts_gb_names_and_what_clerks_type(typed, code):
    assert codes.relation_code(typed) == code


@pytest.mark.parametrize(
    ("typed", "sex", "code"),
    [("子女", "女", "30"), ("子女", "男", "20"), ("媳婿", "女", "38"), ("媳婿", "男", "28"),
     ("孙子女", "女", "42"), ("父母", "男", "50"), ("户主", "女", "02")],  # 父母 is a standard name: kept
)
def test_census_words_follow_the_persons_sex(typed, sex, code):
    assert codes.relation_code(typed, sex) == code


def test_unknown_relation_is_none():
    assert codes.relation_code("邻居的狗") is None
    assert codes.relation_code("") is None


def test_ethnicity_by_name_or_code():
    assert codes.ethnicity_code("汉族") == "01"
    assert codes.ethnicity_code("汉") == "01"
    assert codes.ethnicity_code("33") == "33"
    assert codes.ethnicity_code("火星族") is None


def test_masking():
    assert privacy.mask_id("51012419900101123X") == "510124********123X"
    assert privacy.mask_phone("13812345678") == "138****5678"
    assert privacy.mask_phone("028-87654321") == "028-****4321"
    assert privacy.mask_name("王秀英") == "王*英"
    assert privacy.mask_id(None) == ""


def test_disability_card_number_is_id_plus_type_plus_grade():
    assert population.disability_card_number("51012419900101123X", "4", "2") == "51012419900101123X42"
    assert len(population.disability_card_number("510124199001011234", "4", "2")) == 20


def test_every_category_has_a_label_and_attributes():
    for code, category in population.CATEGORIES.items():
        assert category.code == code and category.label and category.attrs

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridoffice.domain import idcard
from gridoffice.domain.idcard import IdProblem

VALID = "360426199101010071"


def test_valid_example_passes_and_derives_birth_and_sex():
    result = idcard.check(VALID)
    assert result.ok
    assert result.normalized == VALID
    assert result.birth_date == dt.date(1991, 1, 1)
    assert result.sex == "男"  # sequence 007 is odd


@pytest.mark.parametrize(
    "raw",
    [
        " 360426 199101 010071 ",
        "３６０４２６１９９１０１０１００７１",  # full-width digits
        "360426-19910101-0071",
    ],
)
def test_normalises_spaces_fullwidth_and_dashes(raw):
    assert idcard.check(raw).normalized == VALID
    assert idcard.check(raw).ok


def test_lower_case_x_is_upper_cased():
    number = idcard.make_id("510124", dt.date(1958, 3, 2), 1)
    with_x = next(
        idcard.make_id("510124", dt.date(1958, 3, 2), seq)
        for seq in range(1000)
        if idcard.make_id("510124", dt.date(1958, 3, 2), seq).endswith("X")
    )
    assert number
    result = idcard.check(with_x.lower())
    assert result.ok and result.normalized == with_x


def test_wrong_check_character_is_reported_not_corrected():
    wrong = VALID[:17] + ("2" if VALID[17] != "2" else "3")
    result = idcard.check(wrong)
    assert result.problem is IdProblem.BAD_CHECKSUM
    assert result.normalized == wrong
    assert "校验" in result.message


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("360426199102300071", IdProblem.BAD_DATE),  # 30 February
        ("36042619910101007", IdProblem.BAD_LENGTH),
        ("36042619910101A071", IdProblem.BAD_CHARACTERS),
        ("", IdProblem.EMPTY),
        (None, IdProblem.EMPTY),
    ],
)
def test_invalid_values(raw, problem):
    assert idcard.check(raw).problem is problem


def test_future_birth_date():
    future = idcard.make_id("510124", dt.date(2030, 1, 1), 11)
    assert idcard.check(future, today=dt.date(2026, 1, 1)).problem is IdProblem.FUTURE_DATE


@pytest.mark.parametrize(
    "raw",
    [
        5.10124199001011e17,  # a float from a number cell
        510124199001011000,  # an int that lost its last digits
        "5.10124E+17",  # as Excel shows it
        "510124199001011000",  # 18 digits ending in zeros that fail the check
    ],
)
def test_excel_damaged_values_are_recognised(raw):
    result = idcard.check(raw)
    assert result.problem is IdProblem.NUMERIC_PRECISION_LOST
    assert "Excel" in result.message


def test_int_of_a_valid_id_is_accepted():
    assert idcard.check(int(VALID)).ok


def test_legacy_15_digit_is_flagged_with_its_birth_date():
    result = idcard.check("510124580302123")
    assert result.problem is IdProblem.LEGACY_15
    assert result.birth_date == dt.date(1958, 3, 2)
    assert result.sex == "男"


@given(
    born=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2024, 12, 31)),
    seq=st.integers(0, 999),
)
def test_made_ids_always_pass_and_carry_their_sex(born, seq):
    number = idcard.make_id("510124", born, seq)
    result = idcard.check(number, today=dt.date(2025, 1, 1))
    assert result.ok
    assert result.birth_date == born
    assert result.sex == ("男" if seq % 2 else "女")


@given(
    born=st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31)),
    seq=st.integers(0, 999),
    position=st.integers(0, 16),
    delta=st.integers(1, 9),
)
def test_any_single_digit_change_is_caught(born, seq, position, delta):
    number = idcard.make_id("510124", born, seq)
    digits = list(number)
    digits[position] = str((int(digits[position]) + delta) % 10)
    assert not idcard.check("".join(digits), today=dt.date(2025, 1, 1)).ok


def test_the_check_character_is_gb11643s_weighted_sum_for_every_digit_string():
    import random

    from gridoffice.domain.idcard import CHECK_CHARS, WEIGHTS, check_char

    draw = random.Random(11643)
    for _ in range(20000):
        first17 = "".join(draw.choice("0123456789") for _ in range(17))
        assert check_char(first17) == CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]
    assert check_char("11010519491231002") == "X"  # the standard's own example

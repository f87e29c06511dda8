import pytest

from gridoffice.domain import phone


@pytest.mark.parametrize(
    ("raw", "normalized", "kind"),
    [
        ("13812345678", "13812345678", "mobile"),
        ("138-1234-5678", "13812345678", "mobile"),
        ("138 1234 5678", "13812345678", "mobile"),
        ("+86 138 1234 5678", "13812345678", "mobile"),
        (13812345678, "13812345678", "mobile"),
        (13812345678.0, "13812345678", "mobile"),
        ("１３８１２３４５６７８", "13812345678", "mobile"),
        ("028-87654321", "028-87654321", "landline"),
        ("02887654321", "028-87654321", "landline"),
        ("(028) 8765 4321", "028-87654321", "landline"),
        ("010-12345678", "010-12345678", "landline"),
        ("0816-2345678", "0816-2345678", "landline"),
        ("87654321", "87654321", "local"),
    ],
)
def test_valid_numbers_are_normalised(raw, normalized, kind):
    result = phone.check(raw)
    assert result.ok, result.problem
    assert result.normalized == normalized
    assert result.kind == kind


@pytest.mark.parametrize("raw", ["1381234567", "12812345678", "abc", "138123456789", "0281234"])
def test_invalid_numbers_have_a_reason(raw):
    result = phone.check(raw)
    assert not result.ok
    assert result.normalized is None
    assert result.problem


def test_empty_is_not_an_error():
    assert phone.check("").ok and phone.check(None).normalized is None

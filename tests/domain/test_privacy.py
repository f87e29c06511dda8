import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from gridoffice.domain import privacy
from gridoffice.domain.privacy import PublicContact, mask_id, mask_name, mask_phone


def test_id_numbers_keep_first_six_and_last_four():
    assert privacy.mask_id("510124199001011234") == "510124********1234"
    assert privacy.mask_id("51012419900101123X") == "510124********123X"
    assert privacy.mask_id("510124900101123") == "510124*****1123"  # 15-digit old cards
    assert privacy.mask_id("") == "" and privacy.mask_id(None) == ""
    assert privacy.mask_id("12345") == "*****"


def test_phones_keep_first_three_and_last_four():
    assert privacy.mask_phone("13812345678") == "138****5678"
    assert privacy.mask_phone("028-87654321") == "028-****4321"
    assert privacy.mask_phone("87654321") == "****4321"
    assert privacy.mask_phone(None) == ""


def test_names():
    assert privacy.mask_name("王秀英") == "王*英"
    assert privacy.mask_name("张伟") == "张*"
    assert privacy.mask_name("欧阳娜娜") == "欧**娜"
    assert privacy.mask_name("王") == "王"


@given(st.from_regex(r"\A[1-9]\d{16}[\dX]\Z"))
def test_a_masked_id_never_shows_the_birth_date(value):
    masked = privacy.mask_id(value)
    assert len(masked) == 18 and masked[6:14] == "********"


@given(st.from_regex(r"\A1[3-9]\d{9}\Z"))
def test_a_masked_mobile_hides_the_middle(value):
    masked = privacy.mask_phone(value)
    assert masked[3:7] == "****" and value[3:7] not in masked[:7]



def test_public_contact_carries_staff_fields_only():
    """The poster / chart type has no field a resident's ID number or address could go in."""
    assert [f.name for f in dataclasses.fields(PublicContact)] == ["post", "name", "phone", "photo"]


def test_work_phone_first_then_staff_phone():
    assert PublicContact.of_staff("微网格长", " 李堃 ", "028-88886666", "13800000000").phone == "028-88886666"
    who = PublicContact.of_staff("微网格长", "李堃", None, " 13800000000 ", "")
    assert (who.name, who.phone, who.photo) == ("李堃", "13800000000", None)
    assert PublicContact.of_staff("微网格员", "王五", None, None).phone == ""


def test_masks():
    assert mask_id("510124199001011234") == "510124********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("王秀英") == "王*英"


def test_masking_twice_changes_nothing():
    for value in ("510124199001011234", "13812345678", "028-87654321"):
        once = privacy.mask_id(value) if len(value) == 18 else privacy.mask_phone(value)
        assert privacy.mask_id(once) == once if len(value) == 18 else privacy.mask_phone(once) == once

import dataclasses

from gridoffice.domain.privacy import PublicContact, mask_id, mask_name, mask_phone


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

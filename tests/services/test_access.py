import pytest
from sqlmodel import select

from gridoffice.services import access
from gridoffice.store.models import AuditEvent, Setting


def test_no_password_by_default(db):
    assert not access.password_set(db)
    access.require(db, None)


def test_set_check_change_and_clear(db):
    access.set_password(db, "网格2026")
    assert access.password_set(db)
    assert access.check(db, "网格2026") and not access.check(db, "网格2027") and not access.check(db, "")
    with pytest.raises(access.AccessDenied):
        access.require(db, None)
    with pytest.raises(access.AccessDenied) as err:
        access.require(db, "wrong")
    assert "密码不对" in str(err.value)
    access.require(db, "网格2026")
    with pytest.raises(access.AccessDenied):
        access.set_password(db, "newpass", old="wrong")
    access.set_password(db, "newpass", old="网格2026")
    assert access.check(db, "newpass")
    with pytest.raises(access.AccessDenied):
        access.clear_password(db, "网格2026")
    access.clear_password(db, "newpass")
    assert not access.password_set(db)
    with db.reading() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "password")).all()
    assert len(events) == 3 and all("newpass" not in (e.new or "") for e in events)


def test_stored_as_salted_scrypt_never_the_password(db):
    access.set_password(db, "网格2026")
    with db.reading() as s:
        stored = s.get(Setting, access.KEY).value
    assert stored.startswith("scrypt$") and "网格2026" not in stored
    again = access.hash_password("网格2026")
    assert again != stored, "a fresh salt each time"
    assert access.verify_hash(again, "网格2026")
    assert not access.verify_hash("garbage", "x") and not access.verify_hash("md5$x$y$z$a$b", "x")


def test_too_short_is_refused(db):
    with pytest.raises(access.AccessDenied):
        access.set_password(db, "12")

"""Issue 19: a village whose PC died restores its backup, makes a new key pair on purpose, and the
street re-registers it after confirming the new fingerprint (``rekey``): recorded in the audit log
with the old fingerprint; the numbering starts anew with the new key's first package; a package
signed with the old key afterwards is refused unless forced, and a forced one never moves the
numbering."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from gridoffice.cli import main
from gridoffice.services.exchange import ExchangeError, gates, importing, keys, receipts, rekey
from gridoffice.services.exchange import export as exporting
from gridoffice.store import Database
from gridoffice.store.models import AuditEvent, SyncPeer
from tests.services.exchange_offices import offices_fixture, village_files_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.sqlite
CODE = "510124100201"  # 甲村


def _checkpointed_copy(db: Database, target: Path) -> Path:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(shutil.copyfile(str(db.engine.url.database), target))


def _peer(street: Database) -> SyncPeer:
    with street.reading() as s:
        return s.execute(select(SyncPeer).where(SyncPeer.office_code == CODE)).scalar_one()


def _dead_pc(offices, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """甲村 sends 1 and 2 (its backup is from after 1) and signs a 3 that never arrives; then its
    PC dies: the backup restored on a new PC, a new key made. Returns (restored db, old 3, home)."""
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    backup = _checkpointed_copy(offices.dbs["AAA"], tmp_path / "甲村-备份.db")
    offices.deliver("AAA", offices.send("AAA"))
    old_third = offices.send("AAA")
    down = tmp_path / "street-down.gopkg"  # the street's package, acknowledged by the old PC
    exporting.export(offices.street, down, full=True, level="full")
    gates.trust(offices.dbs["AAA"], down, confirm=True)
    offices.old_receipt = importing.run(offices.dbs["AAA"], down).receipt
    home = os.environ["GRIDOFFICE_HOME"]
    monkeypatch.setenv("GRIDOFFICE_HOME", str(tmp_path / "new-pc"))
    restored = Database.open(str(backup), operator="甲村员")
    with pytest.raises(keys.KeyMissing) as missing:
        exporting.export(restored, tmp_path / "x.gopkg", level="full")
    assert "--" not in str(missing.value) and "--" not in missing.value.for_gui()
    assert "package key --new" in missing.value.for_cli()
    return restored, old_third, home


def test_a_new_key_is_re_registered_and_numbering_starts_anew(offices, tmp_path, monkeypatch):
    restored, old_third, home = _dead_pc(offices, tmp_path, monkeypatch)
    fingerprint = keys.new_key(restored)
    with pytest.raises(ExchangeError, match="不需要生成"):
        keys.new_key(restored)
    new_package = tmp_path / "甲村-新密钥.gopkg"
    assert exporting.export(restored, new_package, level="full").seq == 2  # the backup's numbering
    monkeypatch.setenv("GRIDOFFICE_HOME", home)  # at the street
    old_fingerprint = keys.fingerprint(_peer(offices.street).public_key)
    before = offices.fingerprint_of_street()
    with pytest.raises(gates.KeyChanged) as changed:
        importing.run(offices.street, new_package)
    assert "--" not in str(changed.value) and "“更换密钥…”" in changed.value.for_gui()
    assert f"package peer --rekey {CODE} --from-package" in changed.value.for_cli()
    assert offices.fingerprint_of_street() == before

    new = rekey.read(offices.street, CODE, new_package)
    assert (new.new_fingerprint, new.old_fingerprint) == (fingerprint, old_fingerprint)
    change = rekey.replace(offices.street, CODE, new_package)
    with offices.street.reading() as s:
        notes = s.execute(select(AuditEvent.new).where(AuditEvent.table_name == "sync_peer")).scalars().all()
    assert any(old_fingerprint in (n or "") and fingerprint in (n or "") for n in notes)

    done = importing.run(offices.street, new_package)  # number 2 again: accepted, it starts anew
    assert done.seq == 2 and not done.already and _peer(offices.street).last_seq == 2
    with pytest.raises(gates.RetiredKey) as retired:  # the old PC's last package, signed with the old key
        importing.run(offices.street, old_third)
    assert "--" not in str(retired.value) and "强制导入" in retired.value.for_gui()
    with pytest.raises(gates.RetiredKey):  # its last receipt too
        receipts.accept(offices.street, offices.old_receipt)
    assert receipts.accept(offices.street, offices.old_receipt, force=True)["seq"] == 1
    forced = importing.run(offices.street, old_third, force=True)
    assert forced.seq == 3 and _peer(offices.street).last_seq == 2  # the numbering is the new key's
    monkeypatch.setenv("GRIDOFFICE_HOME", str(tmp_path / "new-pc"))
    following = tmp_path / "甲村-3.gopkg"
    exporting.export(restored, following, level="full")
    monkeypatch.setenv("GRIDOFFICE_HOME", home)
    assert importing.run(offices.street, following).seq == 3  # in sequence with the new key
    assert change.undoable
    restored.close()


def test_rekey_is_undone_and_refuses_another_office(offices, tmp_path, monkeypatch):
    restored, _old, home = _dead_pc(offices, tmp_path, monkeypatch)
    keys.new_key(restored)
    public = keys.write_public(restored, tmp_path / "甲村.gopub")
    monkeypatch.setenv("GRIDOFFICE_HOME", home)
    old_key = _peer(offices.street).public_key
    other = offices.send("BBB", full=True)
    with pytest.raises(ExchangeError, match=r"不是 .* 这个库发出的"):
        rekey.read(offices.street, CODE, other)
    with pytest.raises(ExchangeError, match="没有登记代码为 999"):
        rekey.read(offices.street, "999", public)
    change = rekey.replace(offices.street, CODE, public)  # from the public-key file
    assert _peer(offices.street).public_key != old_key
    with pytest.raises(ExchangeError, match="不需要更换"):
        rekey.read(offices.street, CODE, public)
    assert change.undo is not None
    change.undo()
    assert _peer(offices.street).public_key == old_key and _peer(offices.street).last_seq == 2
    assert not rekey.starts_anew(offices.street, _peer(offices.street))
    restored.close()


def test_cli_rekey_shows_the_fingerprint_then_replaces(offices, tmp_path, monkeypatch, capsys):
    restored, _old, home = _dead_pc(offices, tmp_path, monkeypatch)
    village_path = str(restored.engine.url.database)
    assert main(["package", "key", "--db", village_path, "--new"]) == 0
    assert main(["package", "key", "--db", village_path, "--public", str(tmp_path / "甲村.gopub")]) == 0
    fingerprint = keys.fingerprint(keys.public_hex(keys.private_key(restored)))
    monkeypatch.setenv("GRIDOFFICE_HOME", home)
    street = str(offices.street_path)
    capsys.readouterr()
    assert main(["package", "peer", "--db", street, "--rekey", CODE, "--key", str(tmp_path / "甲村.gopub")]) == 0
    out = capsys.readouterr().out
    assert fingerprint in out and "--yes" in out
    assert main(["package", "peer", "--db", street, "--rekey", CODE, "--key", str(tmp_path / "甲村.gopub"),
                 "--yes"]) == 0
    assert "已为" in capsys.readouterr().out
    assert keys.fingerprint(_peer(offices.street).public_key) == fingerprint
    assert main(["package", "peer", "--db", street, "--rekey", "999", "--key", str(tmp_path / "甲村.gopub")]) == 2
    err = capsys.readouterr().err
    assert "没有登记代码为 999" in err and "package status" in err
    restored.close()

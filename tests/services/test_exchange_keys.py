"""Issue 19: the office's signing key is not in backups; it moves to another PC sealed with a
password (``package key --export/--import``), and a database that has exchanged packages never
makes a new key silently when its key file is missing."""

from __future__ import annotations

import os
import shutil

import pytest

from gridoffice.cli import main
from gridoffice.services.exchange import ExchangeError, keys
from gridoffice.store import Database
from tests.services.exchange_offices import offices_fixture, village_files_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.sqlite


def test_a_database_moved_to_another_pc_signs_again_once_its_key_is_imported(offices, tmp_path, monkeypatch):
    village, path = offices.dbs["AAA"], str(offices.tmp / "AAA.db")
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    sealed = tmp_path / "甲村.gokey"
    monkeypatch.setenv("GRIDOFFICE_BACKUP_PASSWORD", "长长的密码12345")
    assert main(["package", "key", "--db", path, "--export", str(sealed)]) == 0
    assert b"ENCRYPTED PRIVATE KEY" in sealed.read_bytes()
    before = keys.public_hex(keys.private_key(village))
    # another PC: another data folder, the database copied over (as a restored backup would be)
    home = os.environ["GRIDOFFICE_HOME"]
    monkeypatch.setenv("GRIDOFFICE_HOME", str(tmp_path / "other-pc"))
    with village.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    village.engine.dispose()
    copy = Database.open(str(shutil.copyfile(path, tmp_path / "copied.db")))
    with pytest.raises(keys.KeyMissing) as missing:
        keys.private_key(copy)
    assert "package key --export" in missing.value.for_cli() and "--" not in str(missing.value)
    with pytest.raises(ExchangeError, match="密码不对"):
        keys.import_key(copy, sealed, "不对的密码xxxx")
    keys.import_key(copy, sealed, "长长的密码12345")
    assert keys.public_hex(keys.private_key(copy)) == before
    delta = offices.tmp / "after-move.gopkg"
    from gridoffice.services.exchange import export as exporting
    from gridoffice.services.exchange import importing

    exporting.export(copy, delta, level="full")
    monkeypatch.setenv("GRIDOFFICE_HOME", home)  # back at the street's PC
    assert importing.run(offices.street, delta).totals["refused"] == []  # the street still knows its key
    other = Database.open(str(tmp_path / "other.db"))
    with pytest.raises(ExchangeError, match="另一个数据库"):
        keys.import_key(other, sealed, "长长的密码12345")
    copy.close()
    other.close()

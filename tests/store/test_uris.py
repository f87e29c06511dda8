"""Paths a Windows office really has: Chinese, spaces, #, ?, %, drive letters, network shares."""

import shutil

from gridoffice.services import backup
from gridoffice.store import Database
from gridoffice.store.uris import file_uri


def test_file_uris_quote_what_sqlite_would_cut():
    assert file_uri("C:/Users/王/Documents/#网格/a.db") == \
        "file:///C:/Users/%E7%8E%8B/Documents/%23%E7%BD%91%E6%A0%BC/a.db?mode=ro"
    assert file_uri("//PC1/共享/x.db").startswith("file:////PC1/")  # a share: empty authority
    assert file_uri("/tmp/a b?c%d.db") == "file:///tmp/a%20b%3Fc%25d.db?mode=ro"


def test_backup_check_and_restore_in_folders_named_like_an_office(tmp_path, village_path):
    home = tmp_path / "网格办公 #1?" / "100% 数据"
    home.mkdir(parents=True)
    live = shutil.copyfile(village_path, home / "禹庙村.db")
    db = Database.open(str(live), operator="测试员")
    try:
        copy = backup.backup_now(db, folder=tmp_path / "备份 #2?")
        info = backup.inspect(copy)
        assert info.counts["households"] == 1600  # the real file, not an empty one beside it
        backup.restore(db, copy)
        with db.reading() as s:
            assert s.connection().exec_driver_sql("select count(*) from household").scalar() == 1600
    finally:
        db.close()


def test_a_database_in_an_odd_folder_opens_that_very_file(tmp_path, village_path):
    from gridoffice.store.engine import resolve_url, sqlite_path

    odd = tmp_path / "a%41b?c #1"
    odd.mkdir()
    live = shutil.copyfile(village_path, odd / "村.db")
    assert sqlite_path(resolve_url(str(live))) == live
    plain = tmp_path / "plain.db"
    assert resolve_url(str(plain)) == f"sqlite:///{plain.as_posix()}"  # ordinary paths read as before

"""Issue 14: a path is data. Folders named ``3#楼``, ``%41``, ``a?b``, with spaces, Chinese or a
very long name back up, restore and import the right file, and leave nothing stray behind."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from gridoffice.cli import main
from gridoffice.services import backup
from gridoffice.store import Database
from gridoffice.store.backup import readonly_uri
from gridoffice.store.engine import resolve_url, sqlite_path

pytestmark = pytest.mark.sqlite

NAMES = ["3#楼", "%41", "a?b", "with  space", "网格 办公", "x" * 60 + "/" + "长" * 30 + "/" + "y" * 60]


def _persons(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        n = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    conn.close()
    return n


def _everything(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.parametrize("name", NAMES, ids=range(len(NAMES)))
def test_url_and_uri_keep_the_path(tmp_path, name):
    path = tmp_path / name / "v.db"
    assert sqlite_path(resolve_url(str(path))) == path.resolve()
    uri = readonly_uri(path)
    assert "#" not in uri and uri.count("?") == 1 and uri.endswith("?mode=ro")


@pytest.mark.parametrize("name", NAMES, ids=range(len(NAMES)))
def test_backup_restore_and_import_in_awkward_folders(capsys, tmp_path, village_path, empty_template,
                                                      sample_roster, name):
    folder = tmp_path / "w" / name
    folder.mkdir(parents=True)
    live = folder / "v.db"
    shutil.copyfile(village_path, live)
    # a decoy: what an unescaped URI would open instead (%41 → A, a?b → a, 3#楼 → 3)
    for decoy in ("A", "a", "3"):
        (tmp_path / "w" / decoy).mkdir(exist_ok=True)
        shutil.copyfile(empty_template, tmp_path / "w" / decoy / "v.db")
    before_tree = _everything(tmp_path / "w")
    expected = _persons(live)

    db = Database.open(str(live), operator="t")
    try:
        assert sqlite_path(db.url) == live.resolve()
        copy = backup.backup_now(db, folder / "备份")
        assert copy.parent == folder / "备份" and _persons(copy) == expected
        info = backup.inspect(copy)
        assert info.counts["persons"] == expected
        with sqlite3.connect(live) as conn:
            conn.execute("UPDATE person SET name = '改错了' WHERE id <= 3")
        conn.close()
        _change, safety = backup.restore(db, copy)
        assert safety.exists()
    finally:
        db.close()
    with sqlite3.connect(live) as conn:
        assert conn.execute("SELECT count(*) FROM person WHERE name = '改错了'").fetchone()[0] == 0
    conn.close()

    roster = folder / "花名册.xlsx"
    shutil.copyfile(sample_roster, roster)
    fresh = folder / "new.db"
    code = main(["import", str(roster), "--db", str(fresh), "--on", "2023-01-07"])
    capsys.readouterr()
    assert code == 0 and _persons(fresh) > 0
    # nothing appeared outside the folder, the decoys untouched
    stray = {p for p in _everything(tmp_path / "w") - before_tree if not p.startswith(str(Path(name)))}
    assert stray == set()
    for decoy in ("A", "a", "3"):
        assert _persons(tmp_path / "w" / decoy / "v.db") == 0


@pytest.mark.parametrize("name", ["3#楼", "%41", "a?b"])
def test_cli_backup_and_restore_in_awkward_folders(capsys, tmp_path, village_path, name):
    folder = tmp_path / name
    folder.mkdir()
    live = folder / "v.db"
    shutil.copyfile(village_path, live)
    assert main(["backup", "--db", str(live), "--to", str(folder / "b")]) == 0
    copy = next((folder / "b").glob("v.manual-*.db"))
    assert main(["restore", str(copy), "--db", str(live), "--yes"]) == 0
    _out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "home", "village.db"])


def test_a_path_longer_than_sqlite_takes_is_a_sentence(capsys, tmp_path, village_path):
    deep = tmp_path / ("长" * 80) / ("y" * 200)
    deep.mkdir(parents=True)
    code = main(["backup", "--db", str(village_path), "--to", str(deep)])
    _out, err = capsys.readouterr()
    assert code in (0, 2) and "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1
    assert not [p for p in deep.iterdir() if p.name.endswith((".part", "-journal"))]

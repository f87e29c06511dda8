"""Issue 14: no command may write its output onto the open database, its own input or a backup
(one guard, store/outputs.py), and no temporary file is left beside the target."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from gridoffice.cli import main

DATA = Path(__file__).parent.parent / "data"

pytestmark = pytest.mark.sqlite


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _intact(path: Path, persons: int | None = None) -> None:
    with open(path, "rb") as fh:
        assert fh.read(16) == b"SQLite format 3\x00"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if persons is not None:
            assert conn.execute("SELECT count(*) FROM person").fetchone()[0] == persons
    conn.close()


def _persons(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        n = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    conn.close()
    return n


def _refused(code: int, err: str) -> None:
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "不能" in err  # one Chinese sentence


def _no_temp_files(folder: Path) -> None:
    left = [p.name for p in folder.iterdir() if p.name.endswith((".part", ".tmp"))]
    assert left == []


def test_poster_onto_the_open_database_is_refused(capsys, village_path):
    before = _persons(village_path)
    code, _, err = run(capsys, "poster", "--db", str(village_path), "--grid", "YMC-01-01", "--out", str(village_path))
    _refused(code, err)
    _intact(village_path, before)
    _no_temp_files(village_path.parent)


def test_chart_onto_the_open_database_or_its_wal_is_refused(capsys, village_path):
    before = _persons(village_path)
    code, _, err = run(capsys, "chart", "--db", str(village_path), "--out", str(village_path))
    _refused(code, err)
    code, _, err = run(capsys, "chart", "--db", str(village_path), "--out", str(village_path) + "-wal")
    _refused(code, err)
    _intact(village_path, before)


def test_chart_onto_the_database_through_another_spelling_is_refused(capsys, village_path):
    other = village_path.parent / "sub"
    other.mkdir()
    spelled = other / ".." / village_path.name
    code, _, err = run(capsys, "chart", "--db", str(village_path), "--out", str(spelled))
    _refused(code, err)
    _intact(village_path)


def test_export_onto_a_backup_is_refused(capsys, village_path, tmp_path):
    code, _, _ = run(capsys, "backup", "--db", str(village_path), "--to", str(tmp_path / "b"))
    copy = next((tmp_path / "b").glob("*.db"))
    target = copy.with_suffix(".pdf")
    copy.rename(target)  # a backup whatever its name
    code, _, err = run(capsys, "export", "roster", "--db", str(village_path), "--out", str(target))
    _refused(code, err)
    _intact(target)


def test_import_rejected_onto_the_database_is_refused_before_anything_is_imported(capsys, tmp_path, sample_roster):
    db = tmp_path / "v.db"
    run(capsys, "import", str(sample_roster), "--db", str(db), "--dry-run")
    code, _, err = run(capsys, "import", str(sample_roster), "--db", str(db), "--rejected", str(db))
    _refused(code, err)
    _intact(db, 0)  # refused before the commit: nothing half done


def test_import_dry_run_rejected_onto_its_own_roster_is_refused(capsys, tmp_path, sample_roster):
    roster = tmp_path / "ids.xlsx"
    shutil.copyfile(sample_roster, roster)
    before = roster.read_bytes()
    code, _, err = run(capsys, "import", str(roster), "--db", str(tmp_path / "v.db"), "--dry-run",
                       "--rejected", str(roster))
    _refused(code, err)
    assert roster.read_bytes() == before


def test_outputs_are_private_and_leave_no_temp_files(capsys, village_path, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    code, _, _ = run(capsys, "chart", "--db", str(village_path), "--out", str(out / "c.pdf"))
    assert code == 0
    code, _, _ = run(capsys, "export", "roster", "--db", str(village_path), "--out", str(out / "r.pdf"))
    assert code == 0
    code, _, _ = run(capsys, "export", "roster", "--db", str(village_path), "--out", str(out / "r.xlsx"))
    assert code == 0
    code, _, _ = run(capsys, "backup", "--db", str(village_path), "--to", str(out))
    assert code == 0
    import os
    if os.name == "posix":
        for p in out.iterdir():
            assert p.stat().st_mode & 0o777 == 0o600, p.name
    _no_temp_files(out)


def test_backup_to_a_file_instead_of_a_folder_is_a_sentence(capsys, village_path, tmp_path, sample_roster):
    roster = tmp_path / "ids.xlsx"
    shutil.copyfile(sample_roster, roster)
    for target in (village_path, Path(str(village_path) + "-wal"), Path(str(village_path) + "-journal"), roster):
        existed = target.exists()
        before = target.read_bytes() if existed else None
        code, _, err = run(capsys, "backup", "--db", str(village_path), "--to", str(target))
        assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
        if existed and target != village_path:
            assert target.read_bytes() == before
    _intact(village_path)


def test_chart_onto_a_missing_journal_name_of_another_database_is_refused(capsys, village_path, tmp_path):
    other = tmp_path / "other.db"
    shutil.copyfile(village_path, other)
    for suffix in ("-journal", "-wal"):
        code, _, err = run(capsys, "chart", "--db", str(village_path), "--out", str(other) + suffix)
        _refused(code, err)
        assert not Path(str(other) + suffix).exists()
    _intact(other)

"""What `gridoffice import` says when part of it fails, and what it leaves behind (issue 14)."""

from __future__ import annotations

import errno
import json

from gridoffice.cli import main
from gridoffice.services import backup
from gridoffice.services.importing import importer


def run(capsys, *argv):  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_rejected_file_that_cannot_be_written_after_the_commit_says_both(capsys, tmp_path, sample_roster,
                                                                            monkeypatch):
    def disk_full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(importer, "write_rejected", disk_full)
    db = str(tmp_path / "v.db")
    code, out, err = run(capsys, "import", str(sample_roster), "--db", db, "--rejected", str(tmp_path / "r.xlsx"),
                         "--on", "2023-01-07")
    assert code == 2
    assert "导入完成" in out  # the report of what was committed
    assert err.count("\n") == 1 and "导入已完成" in err and "无法写入未导入的行" in err
    code, out, _ = run(capsys, "import", str(sample_roster), "--db", db, "--dry-run", "--json", "--on", "2023-01-07")
    assert json.loads(out)["persons_added"] == 0  # it was committed: nothing new the second time


def test_duplicate_header_columns_are_reported(capsys, tmp_path, roster_file):
    path = roster_file([["H1", "王五", "510124195001011230", "13812345678", "13912345678"]],
                       header=["户号", "姓名", "身份证号", "电话", "电话"])
    code, out, _ = run(capsys, "import", str(path), "--db", str(tmp_path / "v.db"), "--dry-run", "--json",
                       "--on", "2023-01-07")
    assert code == 0
    dup = json.loads(out)["duplicate_columns"]
    assert dup == [{"column": "电话", "column_number": 5, "field": "phone", "kept": "电话", "kept_number": 4}]
    code, out, _ = run(capsys, "import", str(path), "--db", str(tmp_path / "v.db"), "--dry-run", "--on", "2023-01-07")
    assert "第 5 列" in out and "没有导入" in out


def test_cli_imports_rotate_their_before_import_copies(capsys, tmp_path, sample_roster, monkeypatch):
    rotated = []
    real = backup.rotate

    def spy(folder, stem, settings):  # type: ignore[no-untyped-def]
        rotated.append(stem)
        return real(folder, stem, settings)

    monkeypatch.setattr(backup, "rotate", spy)
    code, _, err = run(capsys, "import", str(sample_roster), "--db", str(tmp_path / "v.db"), "--on", "2023-01-07")
    assert code == 0, err
    assert rotated == ["v"]

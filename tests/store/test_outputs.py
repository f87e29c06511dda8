"""store/outputs.py: the one guard every writer goes through."""

import os
import subprocess
import sys

import pytest

from gridoffice.store import outputs


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), outputs.atomic_output(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("writer failed")
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["home", "r.pdf"]


def test_a_killed_writers_temp_is_swept_and_a_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    left = tmp_path / f".~go-{dead}-0a1b2c3d.r.pdf.part"
    left.write_bytes(b"x")
    xlsx_left = tmp_path / f".~.~go-{dead}-0a1b2c3d.r.xlsx.q1w2e3.xlsx.tmp"
    xlsx_left.write_bytes(b"x")
    mine = outputs.temp_beside(tmp_path / "s.pdf")
    mine.write_bytes(b"y")
    legacy = tmp_path / "r.pdf.part"
    legacy.write_bytes(b"%PDF half")
    with outputs.atomic_output(tmp_path / "r.pdf") as tmp:
        tmp.write_bytes(b"%PDF new")
    assert not left.exists() and not xlsx_left.exists() and not legacy.exists()
    assert mine.exists(), "a running writer's temp file is left alone"
    if os.name == "posix":
        assert (tmp_path / "r.pdf").stat().st_mode & 0o777 == 0o600


def test_paths_are_compared_by_identity(tmp_path):
    real = tmp_path / "a.db"
    real.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    assert outputs.same_file(link, tmp_path / "x" / ".." / "a.db")
    with pytest.raises(outputs.OutputRefused):
        outputs.check_target(link, db=real)
    with pytest.raises(outputs.OutputRefused):
        outputs.check_target(tmp_path / "in.xlsx", inputs=[tmp_path / "sub" / ".." / "in.xlsx"])
    with pytest.raises(outputs.OutputRefused):
        outputs.check_target(tmp_path)  # a folder
    assert outputs.check_target(tmp_path / "fine.pdf", db=real) == tmp_path / "fine.pdf"


def test_a_long_chinese_file_name_is_written(tmp_path):
    target = tmp_path / ("网格信息公示牌" * 11 + ".pdf")  # 77 characters, 235 bytes
    with outputs.atomic_output(target) as tmp:
        tmp.write_bytes(b"%PDF")
    assert target.read_bytes() == b"%PDF"


def test_a_missing_folder_is_said_of_the_file_asked_for_not_its_temporary_name(tmp_path):
    from gridoffice.store.errors import StoreError

    target = tmp_path / "没有的文件夹" / "台账.xlsx"
    with pytest.raises(StoreError) as caught, outputs.atomic_output(target) as tmp:
        tmp.write_bytes(b"x")
    assert str(target) in str(caught.value) and ".part" not in str(caught.value)
    assert not target.parent.exists()

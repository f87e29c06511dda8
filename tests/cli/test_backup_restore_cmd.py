import io
import sqlite3
import subprocess
import sys

from gridoffice.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _count(path, sql="SELECT count(*) FROM person"):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


def test_backup_to_a_folder_then_restore_with_yes(capsys, village_path, tmp_path):
    code, out, _ = run(capsys, "backup", "--db", str(village_path), "--to", str(tmp_path / "usb"))
    assert code == 0 and "已备份到" in out
    copy = next((tmp_path / "usb").glob("village.manual-*.db"))
    with sqlite3.connect(village_path) as conn:
        conn.execute("UPDATE person SET name = '改错了' WHERE id <= 5")
    conn.close()
    code, out, _ = run(capsys, "restore", str(copy), "--db", str(village_path), "--yes")
    assert code == 0 and "已恢复为" in out and "户数 1600" in out
    assert _count(village_path, "SELECT count(*) FROM person WHERE name = '改错了'") == 0


def test_restore_without_yes_asks_and_without_input_refuses(capsys, village_path, tmp_path, monkeypatch):
    run(capsys, "backup", "--db", str(village_path), "--to", str(tmp_path))
    copy = next(tmp_path.glob("village.manual-*.db"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys, "restore", str(copy), "--db", str(village_path))
    assert code == 2 and "--yes" in err and "Traceback" not in err
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    code, out, _ = run(capsys, "restore", str(copy), "--db", str(village_path))
    assert code == 1 and "没有恢复" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    code, out, _ = run(capsys, "restore", str(copy), "--db", str(village_path))
    assert code == 0 and "恢复前的数据已另存为" in out


def test_restore_in_a_real_process_with_no_stdin(village_path, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "gridoffice", "restore", str(village_path), "--db",
                           str(tmp_path / "other.db")], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2 and "--yes" in proc.stderr


def test_sealed_backup_by_environment_password(capsys, village_path, tmp_path, monkeypatch):
    monkeypatch.setenv("GRIDOFFICE_BACKUP_PASSWORD", "secret-密码")
    code, _, _ = run(capsys, "backup", "--db", str(village_path), "--to", str(tmp_path), "--password")
    assert code == 0
    sealed_file = next(tmp_path.glob("*.gobak"))
    code, _, _ = run(capsys, "restore", str(sealed_file), "--db", str(village_path), "--yes")
    assert code == 0
    monkeypatch.setenv("GRIDOFFICE_BACKUP_PASSWORD", "wrong")
    code, _, err = run(capsys, "restore", str(sealed_file), "--db", str(village_path), "--yes")
    assert code == 2 and "密码不对" in err


def test_restore_of_a_garbage_file_is_one_line(capsys, village_path, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"x" * 5000)
    code, _, err = run(capsys, "restore", str(bad), "--db", str(village_path), "--yes")
    assert code == 2 and len(err.strip().splitlines()) == 1

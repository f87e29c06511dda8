"""Issue 14: secrets never rest in plaintext. A killed sealed backup leaves no plaintext copy; old
leftovers are swept at the next start; SQL parameters (ID numbers) never reach an error text;
the scrypt cost is in the header (old files still open); a backup password has 8+ characters;
every file written is private (0600)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from gridoffice.cli import main
from gridoffice.services import backup
from gridoffice.store import sealed

pytestmark = pytest.mark.sqlite

SQLITE = b"SQLite format 3\x00"


def _plaintext_under(folder: Path, needle: bytes) -> list[Path]:
    found = []
    for p in folder.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            if data.startswith(SQLITE) or needle in data:
                found.append(p)
    return found


def _a_name(path: Path) -> bytes:
    with sqlite3.connect(path) as conn:
        name = conn.execute("SELECT name FROM person ORDER BY id LIMIT 1").fetchone()[0]
    conn.close()
    return name.encode("utf-8")


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_killed_sealed_backup_leaves_no_plaintext(tmp_path, village_path):
    temp, out = tmp_path / "temp", tmp_path / "usb"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp), GRIDOFFICE_BACKUP_PASSWORD="long enough 密码",
               GRIDOFFICE_HOME=str(tmp_path / "home"))
    args = ["backup", "--password", "--db", str(village_path), "--to", str(out)]
    # the child stalls in key derivation, i.e. after the copy was made and before it is sealed:
    # the moment an old version had a full plaintext copy in the temp folder
    # (sealed in this process, not the spawned child the program uses, so the stall can be put in)
    stall = ("import sys, time; from gridoffice.store import sealed, snapshot; from gridoffice.cli import main; "
             "snapshot.sealed_copy = snapshot._sealed_copy_here; "
             "slow = sealed._key; sealed._key = lambda *a: (print('sealing', flush=True), time.sleep(60), slow(*a))[2]; "
             "sys.exit(main(sys.argv[1:]))")
    needle = _a_name(village_path)
    for _ in range(2):
        child = subprocess.Popen([sys.executable, "-c", stall, *args], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
        assert child.stdout.readline().strip() == "sealing"
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)  # waits, and closes the pipe
        assert _plaintext_under(temp, needle) == []
        if out.exists():
            assert _plaintext_under(out, needle) == []
    cmd = [sys.executable, "-m", "gridoffice", *args]
    for delay in (0.5, 1.5):  # and killed at other moments
        child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)  # waits, and closes the pipe
        assert _plaintext_under(temp, needle) == []
    # an old version's leftover (a plaintext copy in the temp folder) is swept at the next start
    legacy = temp / "gridoffice-seal-abc123"
    legacy.mkdir()
    (legacy / "village.db").write_bytes(village_path.read_bytes())
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not legacy.exists()
    assert _plaintext_under(temp, needle) == [] and _plaintext_under(out, needle) == []
    assert [p.suffix for p in out.iterdir()] and {p.suffix for p in out.iterdir()} == {".gobak"}


def test_sealed_backup_round_trip_keeps_its_cost_in_the_header(village, village_path, tmp_path):
    path = backup.backup_now(village, tmp_path, password="correct horse")
    head = path.read_bytes()[:len(sealed.MAGIC) + 3]
    assert head == sealed.MAGIC + bytes((sealed.LOG2_N, sealed.R, sealed.P))
    assert backup.inspect(path, "correct horse").counts["households"] == 1600
    with pytest.raises(sealed.WrongPassword):
        backup.inspect(path, "wrong password")


def test_a_version_1_sealed_file_still_opens(village_path, tmp_path):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    plain = village_path.read_bytes()
    salt, nonce = os.urandom(16), os.urandom(12)
    header = sealed.MAGIC1 + salt + nonce
    key = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(b"old")
    old = tmp_path / "old.gobak"
    old.write_bytes(header + AESGCM(key).encrypt(nonce, plain, header))
    assert sealed.is_sealed(old)
    assert backup.inspect(old, "old").counts["households"] == 1600


def test_a_short_backup_password_is_refused_with_a_sentence(capsys, monkeypatch, village_path, tmp_path):
    monkeypatch.setenv("GRIDOFFICE_BACKUP_PASSWORD", "1234567")
    code = main(["backup", "--password", "--db", str(village_path), "--to", str(tmp_path / "usb")])
    _out, err = capsys.readouterr()
    assert code == 2 and "至少" in err and "8" in err and "Traceback" not in err
    assert not (tmp_path / "usb").exists() or not list((tmp_path / "usb").iterdir())


def test_sql_parameters_never_reach_the_error_text(db):
    with pytest.raises(Exception) as err, db.session() as s:
        s.execute(text("INSERT INTO no_such_table (x) VALUES (:x)"), {"x": "510124199001011234"})
    assert "510124199001011234" not in str(err.value)
    assert "510124199001011234" not in repr(err.value)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_new_database_and_log_files_are_private(tmp_path, monkeypatch):
    from gridoffice import app

    code = main(["demo", "--scale", "village", "--db", str(tmp_path / "new.db")])
    assert code == 0
    for p in tmp_path.glob("new.db*"):
        assert p.stat().st_mode & 0o777 == 0o600, p.name
    logger = __import__("logging").Logger("t")
    monkeypatch.setattr(app.logging, "getLogger", lambda *a: logger)
    log = Path(app.setup_logging())
    for handler in logger.handlers:
        handler.close()
    assert log.stat().st_mode & 0o777 == 0o600


def test_a_sealed_wal_mode_image_opens(village_path, tmp_path):
    from gridoffice.store import snapshot

    data = bytearray(village_path.read_bytes())
    data[18:20] = b"\x02\x02"  # as a WAL-mode database file reads
    with snapshot.from_image(bytes(data), village_path) as conn:
        assert snapshot.check_connection(conn, village_path).counts["households"] == 1600


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_killed_sealed_restore_leaves_no_plaintext(tmp_path, village, village_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    path = backup.backup_now(village, tmp_path / "usb", password="long enough 密码")
    env = dict(os.environ, TMPDIR=str(temp), GRIDOFFICE_BACKUP_PASSWORD="long enough 密码",
               GRIDOFFICE_HOME=str(tmp_path / "home"))
    # stalls in the schema check, i.e. after the backup was decrypted
    stall = ("import sys, time; from gridoffice.store import snapshot; from gridoffice.cli import main; "
             "real = snapshot.check_connection; "
             "snapshot.check_connection = lambda *a: (print('checking', flush=True), time.sleep(60), real(*a))[2]; "
             "sys.exit(main(sys.argv[1:]))")
    child = subprocess.Popen([sys.executable, "-c", stall, "restore", str(path), "--db", str(village_path), "--yes"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert "checking" in child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=30)  # waits, and closes the pipe
    assert _plaintext_under(temp, _a_name(village_path)) == []
    assert _plaintext_under(tmp_path / "usb", _a_name(village_path)) == []


def test_a_read_only_backup_target_is_one_sentence(monkeypatch, village, tmp_path):
    import errno

    from gridoffice.store import outputs
    from gridoffice.store.errors import ReadOnly

    def refuse(path):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(outputs, "create_private", refuse)
    with pytest.raises(ReadOnly) as err:
        backup.backup_now(village, tmp_path / "ro")
    assert "没有写入权限" in str(err.value)
    assert not [p for p in (tmp_path / "ro").iterdir()]


@pytest.mark.parametrize("size", [0, 1, 4095, 4096 + 14, 4096 + 15, 3 * 4096 + 7])
def test_sealing_in_pieces_gives_the_one_shot_bytes_and_opens_them(tmp_path, monkeypatch, size):
    """Sealing and opening go in CHUNK pieces (the interpreter lock is let go between them); the
    file is byte for byte what one AESGCM call makes, so files of either kind open."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    monkeypatch.setattr(sealed, "CHUNK", 4096)
    plain = os.urandom(size)
    path = sealed.seal_bytes(plain, tmp_path / "x.gobak", "long enough")
    blob = path.read_bytes()
    at = len(sealed.MAGIC) + 3
    header, salt, nonce = blob[:at + 28], blob[at:at + 16], blob[at + 16:at + 28]
    key = sealed._key("long enough", salt)
    assert blob[len(header):] == AESGCM(key).encrypt(nonce, plain, header)
    assert bytes(sealed.unseal_bytes(path, "long enough")) == plain
    one_shot = tmp_path / "one.gobak"
    one_shot.write_bytes(header + AESGCM(key).encrypt(nonce, plain[::-1], header))
    assert bytes(sealed.unseal_bytes(one_shot, "long enough")) == plain[::-1]
    broken = bytearray(blob)
    broken[-1] ^= 1
    one_shot.write_bytes(bytes(broken))
    with pytest.raises(sealed.WrongPassword):
        sealed.unseal_bytes(one_shot, "long enough")


def test_a_sealing_child_that_dies_is_a_sentence_and_no_file(village, tmp_path, monkeypatch):
    """The copy is sealed in a spawned child; a child that dies (out of memory, killed) leaves
    a sentence and nothing in the folder, not a traceback."""
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    from gridoffice.store.errors import StoreError

    class Dying:
        def __init__(self, *args, **kw):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, *args, **kw):
            raise BrokenProcessPool("killed")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Dying)
    with pytest.raises(StoreError) as err:
        backup.backup_now(village, tmp_path / "usb", password="long enough")
    assert "备份没有做成" in str(err.value)
    assert not (tmp_path / "usb").exists() or not list((tmp_path / "usb").iterdir())

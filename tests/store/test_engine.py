import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from gridoffice.store import errors
from gridoffice.store.engine import display_name, resolve_url


def test_resolve_url_paths_and_urls(tmp_path, monkeypatch):
    assert resolve_url(str(tmp_path / "a.db")) == f"sqlite:///{(tmp_path / 'a.db').as_posix()}"
    url = "postgresql+psycopg://office:secret@127.0.0.1:5432/grid"
    assert resolve_url(url) == url
    monkeypatch.setenv("GRIDOFFICE_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).endswith("env.db")
    assert "secret" not in display_name(url)


def test_default_is_the_data_folder(monkeypatch, _isolated_home):
    monkeypatch.delenv("GRIDOFFICE_DB", raising=False)
    assert resolve_url(None).endswith(f"{_isolated_home.name}/gridoffice.db")


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("database is locked", errors.DatabaseLocked),
        ("database or disk is full", errors.DiskFull),
        ("attempt to write a readonly database", errors.ReadOnly),
        ("file is not a database", errors.NotADatabase),
        ("unable to open database file", errors.CannotOpen),
    ],
)
def test_known_sqlite_errors_become_sentences(message, kind):
    exc = OperationalError("stmt", {}, sqlite3.OperationalError(message))
    known = errors.translate(exc)
    assert isinstance(known, kind)
    assert str(known) and not str(known).isascii()


def test_a_bug_is_not_dressed_up():
    assert errors.translate(ValueError("bug")) is None


def test_locked_database_during_a_write_gives_a_sentence(db, db_path):
    from gridoffice.store import engine as engine_module
    from gridoffice.store.models import Setting

    other = sqlite3.connect(db_path)
    other.execute("BEGIN EXCLUSIVE")
    original = engine_module.BUSY_TIMEOUT_MS
    try:
        db.engine.dispose()
        engine_module.BUSY_TIMEOUT_MS = 50
        db.engine = engine_module.make_engine(db.url)
        with pytest.raises(errors.DatabaseLocked) as err, db.session() as s:
            s.add(Setting(key="x", value="y"))
        assert "正被另一个程序" in str(err.value)
    finally:
        engine_module.BUSY_TIMEOUT_MS = original
        other.rollback()
        other.close()


def test_a_database_gets_planner_statistics_when_it_opens(village_path):
    """Without sqlite_stat1 a one-micro-grid list reads every active person (1.5 s at street
    scale); opening the file gives it statistics once."""
    from gridoffice.store import Database, maintenance

    with sqlite3.connect(village_path) as conn:
        conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
    raw = Database.open(str(village_path))
    try:
        assert maintenance.has_stats(raw.engine)
    finally:
        raw.close()

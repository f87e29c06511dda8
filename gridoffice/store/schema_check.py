"""Is a SQLite file exactly a GridOffice database of a known revision? Restore asks this before
it puts a backup in place, as an upgrade would: the tables *and* their columns, the indexes, no
trigger or view the program does not own. The reference for a revision is built by running the
migrations up to it in memory (cached), so every released revision is checked exactly."""

from __future__ import annotations

import functools
import sqlite3
import threading
from dataclasses import dataclass

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from gridoffice.i18n import tr
from gridoffice.store import migrate


@dataclass(frozen=True)
class Schema:
    tables: dict[str, frozenset[str]]  # table → column names
    indexes: frozenset[str]  # named indexes (not SQLite's automatic ones)
    others: frozenset[str]  # triggers and views, "trigger:name" / "view:name"


def describe(conn: sqlite3.Connection) -> Schema:
    tables: dict[str, frozenset[str]] = {}
    indexes, others = set(), set()
    for kind, name in conn.execute("SELECT type, name FROM sqlite_master").fetchall():
        if kind == "table" and not name.startswith("sqlite_"):
            columns = conn.execute("SELECT name FROM pragma_table_info(?)", (name,)).fetchall()
            tables[name] = frozenset(c[0] for c in columns)
        elif kind == "index" and not name.startswith("sqlite_autoindex_"):
            indexes.add(name)
        elif kind in ("trigger", "view"):
            others.add(f"{kind}:{name}")
    return Schema(tables, frozenset(indexes), frozenset(others))


_building = threading.Lock()


def reference(revision: str) -> Schema:
    """The schema the migrations make at ``revision`` (built once per run, in memory)."""
    with _building:
        return _reference(revision)


@functools.cache
def _reference(revision: str) -> Schema:
    engine = create_engine("sqlite://", poolclass=StaticPool, hide_parameters=True,
                           connect_args={"check_same_thread": False})
    try:
        migrate.upgrade(engine, revision)
        raw = engine.raw_connection()
        try:
            return describe(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()
    finally:
        engine.dispose()


def problems(conn: sqlite3.Connection, revision: str, limit: int = 4) -> list[str]:
    """What differs from the program's schema at ``revision`` (empty when it is exact)."""
    want, have = reference(revision), describe(conn)
    out = [tr("缺少表 {name}").format(name=n) for n in sorted(want.tables.keys() - have.tables.keys())]
    out += [tr("多出表 {name}").format(name=n) for n in sorted(have.tables.keys() - want.tables.keys())]
    for name in sorted(want.tables.keys() & have.tables.keys()):
        missing, extra = want.tables[name] - have.tables[name], have.tables[name] - want.tables[name]
        if missing:
            out.append(tr("表 {table} 缺少列 {columns}").format(table=name, columns="、".join(sorted(missing))))
        if extra:
            out.append(tr("表 {table} 多出列 {columns}").format(table=name, columns="、".join(sorted(extra))))
    out += [tr("多出触发器或视图 {name}").format(name=n.partition(":")[2]) for n in sorted(have.others - want.others)]
    out += [tr("缺少索引 {name}").format(name=n) for n in sorted(want.indexes - have.indexes)]
    out += [tr("多出索引 {name}").format(name=n) for n in sorted(have.indexes - want.indexes)]
    return out[:limit]

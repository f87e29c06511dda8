"""Application locks: one writer at a time for work that must read what it is about to write
(an import matches people, then inserts the ones it did not find). Without it two imports of
the same roster both find nobody and both insert everybody."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

IMPORT = 0x67726964  # the advisory lock key of imports ("grid")


def hold(session: Session, key: int = IMPORT) -> None:
    """Take the lock for the rest of ``session``'s transaction; call it first, before any read.

    SQLite: ``BEGIN IMMEDIATE`` (the file's write lock; pysqlite otherwise begins a transaction
    only at the first write, so the reads before it see no other writer's rows). PostgreSQL:
    ``pg_advisory_xact_lock``, released at commit or rollback; reads after it (READ COMMITTED)
    see what the previous holder committed. Waits like any writer (busy timeout / lock wait)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

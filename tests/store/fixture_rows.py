"""The schema fixtures' rows, read with plain sqlite3 so a migration test compares what a file
held before and after an upgrade (every revision's test reads them the same way)."""

import sqlite3
from pathlib import Path

DATA = Path(__file__).parent.parent / "data"


def dump(path: Path) -> dict[str, list[dict]]:
    """Every table but alembic's and SQLite's own, its rows as dicts in rowid order."""
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: [dict(r) for r in conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid')] for t in tables}

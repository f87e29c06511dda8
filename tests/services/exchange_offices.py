"""Three demo villages and an empty street, as files: what the exchange tests send between."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from gridoffice.services import settings
from gridoffice.services.demo import core as demo
from gridoffice.services.exchange import export as exporting
from gridoffice.services.exchange import gates, importing, receipts
from gridoffice.store import Database

VILLAGES = (("AAA", "甲村", "510124100201"), ("BBB", "乙村", "510124100202"), ("CCC", "丙村", "510124100203"))


@pytest.fixture(scope="session", name="village_files")
def village_files_fixture(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exchange")
    out = {}
    for code, name, admin in VILLAGES:
        path = folder / f"{code}.db"
        db = Database.open(str(path))
        demo.build(db, "village", code=code, name=name)
        settings.put(db, settings.ADMIN_CODE, admin)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        out[code] = path
    return out


class Offices:
    def __init__(self, tmp: Path, files: dict[str, Path]) -> None:
        self.tmp = tmp
        self.dbs: dict[str, Database] = {}
        for code, src in files.items():
            self.dbs[code] = Database.open(str(shutil.copyfile(src, tmp / src.name)), operator=f"{code}员")
        self.street_path = tmp / "street.db"
        self.dbs["street"] = Database.open(str(self.street_path), operator="街道员")
        self.n = 0

    @property
    def street(self) -> Database:
        return self.dbs["street"]

    def send(self, code: str, *, full: bool = False, level: str = "full") -> Path:
        self.n += 1
        target = self.tmp / f"{code}-{self.n}.gopkg"
        exporting.export(self.dbs[code], target, full=full, level=level)
        return target

    def trust(self, package: Path, at: str = "street") -> None:
        gates.trust(self.dbs[at], package, confirm=True)

    def deliver(self, code: str, package: Path, *, at: str = "street", ack: bool = True) -> importing.Imported:
        done = importing.run(self.dbs[at], package)
        if ack and done.receipt is not None:
            if not _registered(self.dbs[code], done.receipt):
                gates.trust(self.dbs[code], done.receipt, confirm=True)
            receipts.accept(self.dbs[code], done.receipt)
        return done

    def fingerprint_of_street(self) -> dict[str, object]:
        """Every table's rows, as a dump: 'nothing written' is this staying equal."""
        self.street.engine.dispose()
        with sqlite3.connect(self.street_path) as conn:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"
                                                   " AND name NOT LIKE 'sqlite_stat%' ORDER BY name")]
            return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}

    def close(self) -> None:
        for db in self.dbs.values():
            db.close()


def _registered(db: Database, receipt: Path) -> bool:
    return bool(gates.trust(db, receipt, confirm=False)["registered"])


@pytest.fixture(name="offices")
def offices_fixture(tmp_path: Path, village_files: dict[str, Path]):  # type: ignore[no-untyped-def]
    o = Offices(tmp_path, village_files)
    yield o
    o.close()

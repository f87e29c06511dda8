"""Roster import timings: the shared sample, the demo village's roster (about 4,000 persons, in
the roster-ledger layout with merged 户号) into an empty database, the same file again (nothing
changes), and the village file into a copy of the street database (150,000 persons already
there). Run: ``python bench/import_roster.py [--json]``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from gridoffice.domain.ages import age_on
from gridoffice.domain.codes import relation_name
from gridoffice.services.demo import core as demo
from gridoffice.services.importing import importer
from gridoffice.store import Database
from gridoffice.store.models import Grid, Household, Person

ROOT = Path(__file__).resolve().parent
SAMPLE = ROOT.parent / "tests" / "data" / "roster_sample.xlsx"
ON = dt.date(2023, 1, 7)


def village_roster(db: Database, path: Path) -> int:
    """The village in the roster-ledger layout: title, 填报单位 line, header, 户号 merged down."""
    with db.reading() as s:
        rows = s.execute(select(Person, Household, Grid.name).join(Household, Person.household_id == Household.id)
                         .join(Grid, Household.grid_id == Grid.id).where(Person.status == "在册")
                         .order_by(Household.number, Person.relation, Person.id)).all()
    wb = Workbook()
    ws = wb.active
    ws.append(["禹庙村住户花名册"])
    ws.merge_cells("A1:K1")
    ws.append(["填报单位（盖章）：禹庙村", None, None, None, None, None, "填报日期：2023年1月7日"])
    ws.append(["序号", "户号", "住址", "姓名", "与户主关系", "性别", "身份证号", "出生日期", "年龄", "联系电话", "微网格"])
    last = None
    for n, (p, h, grid) in enumerate(rows, start=1):
        ws.append([n, h.number if h.id != last else None, h.address, p.name, relation_name(p.relation), p.sex,
                   p.id_number, p.birth_date, age_on(p.birth_date, ON), p.phone or "", grid])
        last = h.id
    wb.save(path)
    return len(rows)


def timed_import(db: Database, path: Path) -> dict[str, object]:
    t0 = time.perf_counter()
    plan = importer.analyse(db, path, options=importer.ImportOptions(on=ON))
    t1 = time.perf_counter()
    report = importer.commit(db, plan).report
    t2 = time.perf_counter()
    return {"analyse_s": round(t1 - t0, 2), "commit_s": round(t2 - t1, 2), "total_s": round(t2 - t0, 2),
            "rows_read": report["rows_read"], "persons_added": report["persons_added"],
            "persons_unchanged": report["persons_unchanged"], "households_added": report["households_added"]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out: dict[str, object] = {"load_average": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["GRIDOFFICE_HOME"] = str(tmp / "home")
        db = Database.open(str(tmp / "sample.db"))
        out["sample_into_empty"] = timed_import(db, SAMPLE)
        db.close()
        village = Database.open(str(tmp / "village.db"))
        demo.build(village, "village")
        roster = tmp / "village.xlsx"
        out["village_persons"] = village_roster(village, roster)
        village.close()
        db = Database.open(str(tmp / "empty.db"))
        out["village_into_empty"] = timed_import(db, roster)
        out["village_again"] = timed_import(db, roster)
        db.close()
        street = ROOT / ".cache" / "street.db"
        if street.exists():
            shutil.copyfile(street, tmp / "street.db")
            db = Database.open(str(tmp / "street.db"))
            out["village_into_street_db"] = timed_import(db, roster)
            db.close()
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for key, value in out.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

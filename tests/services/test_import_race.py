"""Two imports of the same roster without ID numbers at the same time (two clerks, a double
click): the second must find the first's people, not add them again (issue 14)."""

from __future__ import annotations

import datetime as dt
import threading

from openpyxl import Workbook
from sqlalchemy import func, select

from gridoffice.services.importing import apply as importer_apply
from gridoffice.services.importing import importer
from gridoffice.services.importing.importer import ImportOptions
from gridoffice.store import Database
from gridoffice.store.models import Household, Person

ON = dt.date(2023, 1, 7)


def roster_without_ids(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["户号", "姓名", "性别", "出生日期", "与户主关系", "地址"])
    for i in range(1, 21):
        ws.append([f"H{i:03d}", f"王{i}", "男", "1950-03-02", "户主", f"{i}号"])
        ws.append([f"H{i:03d}", f"李{i}", "女", "1952-04-03", "配偶", f"{i}号"])
    wb.save(path)
    return path


def test_two_imports_at_once_do_not_duplicate(db, tmp_path, monkeypatch):
    path = roster_without_ids(tmp_path / "花名册.xlsx")
    plans = [importer.analyse(db, path, options=ImportOptions(on=ON)) for _ in range(2)]
    assert all(len(p.valid) == 40 for p in plans)
    # both commits reach the matching step together unless something serialises them
    meeting = threading.Barrier(2)
    real_resolve = importer_apply.resolve

    def resolve(*args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("write"):
            try:
                meeting.wait(timeout=2)
            except threading.BrokenBarrierError:
                pass  # serialised: the other import holds the lock and cannot meet us here
        return real_resolve(*args, **kwargs)

    monkeypatch.setattr(importer_apply, "resolve", resolve)
    # (the before-import copies of two imports in one second are another matter: not tested here)
    monkeypatch.setattr(importer, "backup_before", lambda *_args, **_kwargs: None)
    errors: list[BaseException] = []

    def run(plan):  # type: ignore[no-untyped-def]
        other = Database.open(db.url, operator="另一位")
        try:
            importer.commit(other, plan)
        except BaseException as exc:
            errors.append(exc)
        finally:
            other.close()

    threads = [threading.Thread(target=run, args=(plan,)) for plan in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, [(e, getattr(e, "detail", "")) for e in errors]
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 40
        assert s.scalar(select(func.count()).select_from(Household)) == 20

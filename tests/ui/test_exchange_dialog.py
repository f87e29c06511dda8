"""文件 → 数据交换…, driven through the GUI on real packages: a village sends (发送), the street
receives (接收: the unknown sender's fingerprint confirmed, the dry run, then 导入 as one undo
step), a field changed on both sides is resolved in 冲突 (one undo step), the desk (汇总台) shows
what each office sent and approves a month."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from gridoffice.services.exchange import approval
from gridoffice.store.models import Person
from gridoffice.ui.context import AppContext
from gridoffice.ui.exchange.dialog import ExchangeDialog
from gridoffice.ui.widgets import masking
from tests.services.exchange_offices import offices_fixture, village_files_fixture  # noqa: F401  (fixtures)

pytestmark = pytest.mark.sqlite


def _open(qtbot, db):  # type: ignore[no-untyped-def]
    context = AppContext(db)
    dialog = ExchangeDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy())
    return context, dialog


def _send(qtbot, dialog, target: Path, *, full: bool) -> Path:  # type: ignore[no-untyped-def]
    send = dialog.send
    send.level.setCurrentIndex(send.level.findData("full"))
    (send.full if full else send.delta).setChecked(True)
    qtbot.waitUntil(lambda: not dialog.busy())
    rows = {send.model.row_values(r)[0]: send.model.row_values(r)[1] for r in range(send.model.rowCount())}
    assert rows["合计"] > 0
    send.target.setText(str(target))
    send.send.click()
    qtbot.waitUntil(lambda: target.exists() and "已导出" in send.result.text(), timeout=60_000)
    return target


def _receive(qtbot, dialog, package: Path) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    tab = dialog.receive
    dialog.tabs.setCurrentWidget(tab)
    tab.choose(package)
    qtbot.waitUntil(lambda: tab.apply.isEnabled(), timeout=60_000)
    assert "试导入" in tab.notice.text()
    return {tab.model.row_values(r)[0]: tab.model.row_values(r)[1:] for r in range(tab.model.rowCount())}


def _phone(db, uuid: str) -> str:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.execute(select(Person.phone).where(Person.uuid == uuid)).scalar_one()


def _set_phone(db, uuid: str, phone: str) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        s.execute(select(Person).where(Person.uuid == uuid)).scalar_one().phone = phone


def test_send_receive_resolve_and_the_desk_through_the_gui(qtbot, offices, monkeypatch, qtmodeltester):
    asked: list[str] = []

    def yes(_parent, _title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    village, street = offices.dbs["AAA"], offices.street
    _vc, vd = _open(qtbot, village)
    first = _send(qtbot, vd, offices.tmp / "甲村-1.gopkg", full=True)
    sc, sd = _open(qtbot, street)
    report = _receive(qtbot, sd, first)
    assert asked and "指纹" in asked[0]  # the unknown sender, confirmed by its fingerprint
    assert report["居民"][0] > 1000  # added
    qtmodeltester.check(sd.receive.model)
    sd.receive.apply.click()
    qtbot.waitUntil(lambda: "已导入" in sd.receive.notice.text(), timeout=120_000)
    assert sc.undo_stack.count() == 1
    # a field changed on both sides: one conflict, resolved in 冲突
    with village.reading() as s:
        uuid = s.execute(select(Person.uuid).order_by(Person.id).limit(1)).scalar_one()
    _set_phone(street, uuid, "13711112222")
    _set_phone(village, uuid, "13833334444")
    delta = _send(qtbot, vd, offices.tmp / "甲村-2.gopkg", full=False)
    report = _receive(qtbot, sd, delta)
    assert report["居民"][3] == 1  # conflicts
    sd.receive.apply.click()
    qtbot.waitUntil(lambda: "已导入" in sd.receive.notice.text(), timeout=60_000)
    sd.tabs.setCurrentWidget(sd.conflicts)
    qtbot.waitUntil(lambda: sd.conflicts.model.rowCount() == 1)
    qtmodeltester.check(sd.conflicts.model)
    values = sd.conflicts.model.row_values(0)
    assert values[5:] == ("13711112222", "13833334444")  # ours, theirs side by side
    masking.switch().set(True)  # the masked display masks them too
    qtbot.waitUntil(lambda: not sd.busy() and "13711112222" not in sd.conflicts.model.row_values(0))
    masking.switch().set(False)
    qtbot.waitUntil(lambda: not sd.busy() and "13711112222" in sd.conflicts.model.row_values(0))
    sd.conflicts.theirs.click()
    qtbot.waitUntil(lambda: sd.conflicts.model.rowCount() == 0 and not sd.busy())
    assert _phone(street, uuid) == "13833334444"
    assert sc.undo_stack.count() == 3
    sc.undo_stack.undo()  # the resolution taken back: the conflict is open again
    qtbot.waitUntil(lambda: sd.conflicts.model.rowCount() == 1 and not sd.busy())
    assert _phone(street, uuid) == "13711112222"
    # the desk: what 甲村 sent, and a month approved from the desk
    sd.tabs.setCurrentWidget(sd.desk)
    qtbot.waitUntil(lambda: sd.desk.model.rowCount() == 1 and not sd.busy())
    qtmodeltester.check(sd.desk.model)
    row = sd.desk.model.row_values(0)
    assert (row[0], row[3]) == ("甲村", 2)
    sd.desk.period.setDate(QDate(2026, 10, 1))
    sd.desk.approve.click()
    qtbot.waitUntil(lambda: "2026-10" in sd.desk.model.row_values(0)[8])
    assert [a["period"] for a in approval.approvals(street)] == ["2026-10"]
    sd.close()
    vd.close()


def test_a_held_package_is_forced_and_the_receipt_imported_through_the_gui(qtbot, offices, monkeypatch):
    from gridoffice.services.exchange import export as exporting

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    village, street = offices.dbs["AAA"], offices.street
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    exporting.export(village, offices.tmp / "second.gopkg", level="full")  # never arrives
    third = offices.tmp / "third.gopkg"
    exporting.export(village, third, level="full")
    _sc, sd = _open(qtbot, street)
    tab = sd.receive
    sd.tabs.setCurrentWidget(tab)
    tab.choose(third)
    qtbot.waitUntil(lambda: tab.force.isVisible())
    assert "暂缓" in tab.notice.text() and not tab.apply.isEnabled()
    tab.force.click()
    qtbot.waitUntil(lambda: tab.apply.isEnabled(), timeout=60_000)
    tab.apply.click()
    qtbot.waitUntil(lambda: "已导入" in tab.notice.text(), timeout=60_000)
    receipt = tab.last.receipt
    assert receipt is not None and receipt.exists()
    _vc, vd = _open(qtbot, village)
    vd.tabs.setCurrentWidget(vd.receive)
    vd.receive.import_receipt(receipt)  # the street is registered on the way (fingerprint confirmed)
    qtbot.waitUntil(lambda: "已确认收到第 3 号" in vd.receive.notice.text(), timeout=30_000)
    sd.close()
    vd.close()

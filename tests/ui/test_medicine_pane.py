"""The 药品互助 pane (issue 21): 入库 and 发放 through their dialogs with live validation (the
refusal shown, 确定 off), expired batches greyed and not handed out, one undo step each, and
the movements listed."""

import datetime as dt

from PySide6.QtCore import Qt

from gridoffice.services.medicine import stock as medicine_stock
from gridoffice.ui.context import AppContext
from gridoffice.ui.medicine.dialogs import GiveDialog, ReceiveDialog
from gridoffice.ui.medicine.pane import MedicinePane


def _pane(qtbot, village):  # type: ignore[no-untyped-def]
    context = AppContext(village)
    pane = MedicinePane(context)
    qtbot.addWidget(pane)
    pane.start.setDate(pane.start.date().addYears(-10))
    pane.show()
    qtbot.waitUntil(lambda: not pane.busy() and pane.stock_model.rowCount() > 0)
    return pane


def _opened(monkeypatch, cls):  # type: ignore[no-untyped-def]
    opened = []
    monkeypatch.setattr(cls, "exec", lambda self: opened.append(self) or 0)
    return opened


def test_receive_give_and_undo_through_the_pane(qtbot, qtmodeltester, village, monkeypatch):
    pane = _pane(qtbot, village)
    today = dt.date.today()
    # the demo's box was filled in 2023: today every dated batch is expired, greyed, not handed out
    expired = next(i for i, r in enumerate(pane.rows) if r.state == medicine_stock.EXPIRED)
    pane.stock_view.selectRow(expired)
    assert not pane.give_button.isEnabled() and pane.discard_button.isEnabled()
    cell = pane.stock_model.index(expired, 1)
    assert pane.stock_model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None
    receipts = _opened(monkeypatch, ReceiveDialog)
    pane.receive()
    dialog = receipts[0]
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled() and "药品名称" in dialog.problem.text()
    dialog.name.setText("维C银翘片")
    dialog.spec.setText("12片×2板")
    dialog.expiry.setDate(today + dt.timedelta(days=10))
    dialog.quantity.setValue(3)
    assert "捐赠人" in dialog.problem.text()
    dialog.giver.setText("爱心药店")
    assert dialog.ok.isEnabled() and dialog.problem.text() == ""
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == 1)
    qtbot.waitUntil(lambda: not pane.busy() and any(r.name == "维C银翘片" for r in pane.rows))
    row = next(i for i, r in enumerate(pane.rows) if r.name == "维C银翘片")
    assert pane.rows[row].state == medicine_stock.EXPIRING and pane.rows[row].stock == 3
    pane.stock_view.selectRow(row)
    assert pane.give_button.isEnabled()
    gives = _opened(monkeypatch, GiveDialog)
    pane.give()
    give = gives[0]
    qtbot.addWidget(give)
    give.quantity.setValue(5)
    assert "库存只有 3" in give.problem.text() and not give.ok.isEnabled()
    give.quantity.setValue(2)
    assert "领取" in give.problem.text()
    assert give.picker is not None
    give.picker.edit.setText("朱华素")
    qtbot.waitUntil(lambda: not give.picker.busy() and give.picker.hits.count() >= 1, timeout=20_000)
    give.picker.hits.setCurrentRow(0)
    give.by.setText("李梅")
    assert give.ok.isEnabled(), give.problem.text()
    give.save()
    qtbot.waitUntil(lambda: give.result() == 1)
    qtbot.waitUntil(lambda: not pane.busy() and next(r for r in pane.rows if r.name == "维C银翘片").stock == 1)
    assert any(m.who == "朱华素" and m.item.startswith("维C银翘片") for m in pane.moves)
    assert "发放 " in pane.grid_summary.text()
    pane.context.undo_stack.undo()
    qtbot.waitUntil(lambda: not pane.busy() and next(r for r in pane.rows if r.name == "维C银翘片").stock == 3)
    pane.expiring_only.setChecked(True)
    qtbot.waitUntil(lambda: not pane.busy())
    assert pane.rows and all(r.state != medicine_stock.FINE for r in pane.rows)
    assert pane.days_box.value() == 30
    pane.days_box.setValue(5)  # the office's setting: 10 days left is no longer 临期
    qtbot.waitUntil(lambda: not pane.busy() and pane.days == 5)
    assert all(r.name != "维C银翘片" for r in pane.rows)
    pane.context.undo_stack.undo()
    qtbot.waitUntil(lambda: not pane.busy() and pane.days == 30 and pane.days_box.value() == 30)
    qtmodeltester.check(pane.stock_model)
    qtmodeltester.check(pane.moves_model)


def test_an_expired_batch_is_discarded_and_a_batch_corrected(qtbot, village, monkeypatch):
    pane = _pane(qtbot, village)
    row = next(i for i, r in enumerate(pane.rows) if r.state == medicine_stock.EXPIRED)
    batch = pane.rows[row]
    pane.stock_view.selectRow(row)
    drops = _opened(monkeypatch, GiveDialog)
    pane.give(discard=True)
    drop = drops[0]
    qtbot.addWidget(drop)
    assert drop.picker is None and drop.ok.isEnabled()  # no recipient: 报废
    drop.quantity.setValue(batch.stock + 1)
    assert not drop.ok.isEnabled()
    drop.quantity.setValue(batch.stock)
    drop.save()
    qtbot.waitUntil(lambda: drop.result() == 1)
    qtbot.waitUntil(lambda: not pane.busy() and all(r.id != batch.id for r in pane.rows))  # nothing left: gone
    row = next(i for i, r in enumerate(pane.rows) if r.expires_on is None)
    pane.stock_view.selectRow(row)
    edits = _opened(monkeypatch, ReceiveDialog)
    pane.edit()
    edit = edits[0]
    qtbot.addWidget(edit)
    assert edit.picker is None and edit.name.isEnabled()
    edit.name.setText("")
    assert not edit.ok.isEnabled()
    edit.name.setText("电子体温计（腋下）")
    edit.save()
    qtbot.waitUntil(lambda: edit.result() == 1)
    qtbot.waitUntil(lambda: not pane.busy() and any(r.name == "电子体温计（腋下）" for r in pane.rows))
    pane.context.undo_stack.undo()
    qtbot.waitUntil(lambda: not pane.busy() and not any(r.name == "电子体温计（腋下）" for r in pane.rows))

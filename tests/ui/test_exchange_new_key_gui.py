"""数据交换 through the GUI after a village's PC died: the street's 接收 shows the key mismatch as
a sentence without any command-line flag and offers 更换密钥… (the new fingerprint confirmed, one
undo step, then the dry run); 汇总台 → 更换密钥… does the same from the desk; a held package's
sentence says 强制导入; the village's 密钥… dialog makes the new key and sets the street key."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from sqlalchemy import select

from gridoffice.services.exchange import export as exporting
from gridoffice.services.exchange import keys, streetkey
from gridoffice.store.models import SyncPeer
from gridoffice.ui.context import AppContext
from gridoffice.ui.exchange.dialog import ExchangeDialog
from tests.services.exchange_offices import offices_fixture, village_files_fixture  # noqa: F401  (fixtures)
from tests.services.test_exchange_rekey import CODE, _dead_pc

pytestmark = pytest.mark.sqlite


def _open(qtbot, db):  # type: ignore[no-untyped-def]
    context = AppContext(db)
    dialog = ExchangeDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.busy())
    return context, dialog


def _texts(widget) -> list[str]:  # type: ignore[no-untyped-def]
    """Every sentence the clerk can read in ``widget``: labels, buttons and their tooltips."""
    found = [w.text() for w in widget.findChildren(QLabel)] + [w.text() for w in widget.findChildren(QPushButton)]
    return found + [w.toolTip() for w in widget.findChildren(QPushButton)]


def _fingerprint(street) -> str:  # type: ignore[no-untyped-def]
    with street.reading() as s:
        key = s.execute(select(SyncPeer.public_key).where(SyncPeer.office_code == CODE)).scalar_one()
    return keys.fingerprint(key)


def test_the_village_new_key_is_replaced_from_receive_and_desk(qtbot, offices, tmp_path, monkeypatch):
    asked: list[str] = []

    def yes(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    restored, _old, home = _dead_pc(offices, tmp_path, monkeypatch)
    _rc, village = _open(qtbot, restored)  # the village: 密钥… → 生成新密钥…
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: QMessageBox.StandardButton.Ok)
    keys_dialog = village.send.show_keys()
    qtbot.waitUntil(lambda: not keys_dialog.busy())
    assert "还没有" in keys_dialog.office.text() and keys_dialog.new_button.isEnabled()
    keys_dialog.new_button.click()
    qtbot.waitUntil(lambda: "密钥指纹" in keys_dialog.office.text(), timeout=20_000)
    new_fp = keys.fingerprint_here(restored)
    assert new_fp and new_fp in keys_dialog.office.text() and not keys_dialog.new_button.isEnabled()
    keys_dialog.street_value.setText("ab" * 32)
    keys_dialog.set_button.click()
    qtbot.waitUntil(lambda: "已设置" in keys_dialog.street.text(), timeout=20_000)
    assert streetkey.street_key(restored) == "ab" * 32
    assert not any("--" in t for t in _texts(keys_dialog))
    keys_dialog.close()
    new_package = tmp_path / "甲村-新.gopkg"
    exporting.export(restored, new_package, level="full")
    village.close()

    monkeypatch.setenv("GRIDOFFICE_HOME", home)  # the street
    context, street = _open(qtbot, offices.street)
    tab = street.receive
    street.tabs.setCurrentWidget(tab)
    tab.choose(new_package)
    qtbot.waitUntil(lambda: tab.rekey.isVisible(), timeout=30_000)
    assert "不符" in tab.notice.text() and "更换密钥…" in tab.notice.text()
    assert not any("--" in t for t in _texts(street)), [t for t in _texts(street) if "--" in t]
    tab.rekey.click()
    qtbot.waitUntil(lambda: tab.apply.isEnabled(), timeout=60_000)  # replaced, then the dry run
    assert new_fp in asked[-1] and _fingerprint(offices.street) == new_fp
    assert context.undo_stack.count() == 1 and not tab.rekey.isVisible()
    context.undo_stack.undo()  # the old key is back
    qtbot.waitUntil(lambda: not street.busy())
    assert _fingerprint(offices.street) != new_fp

    street.tabs.setCurrentWidget(street.desk)  # the same from the desk
    qtbot.waitUntil(lambda: not street.busy())
    desk = street.desk
    row = next(i for i, p in enumerate(desk.peers) if p["code"] == CODE)
    desk.view.selectRow(row)
    desk.change_key(new_package)
    qtbot.waitUntil(lambda: _fingerprint(offices.street) == new_fp, timeout=30_000)
    assert context.undo_stack.count() == 1
    street.tabs.setCurrentWidget(tab)  # the old PC's last receipt: refused, then forced
    tab.import_receipt(offices.old_receipt)
    qtbot.waitUntil(lambda: tab.force.isVisible(), timeout=30_000)
    assert "换下的旧密钥" in tab.notice.text() and "--" not in tab.notice.text()
    tab.force.click()
    qtbot.waitUntil(lambda: "已确认收到第 1 号" in tab.notice.text(), timeout=30_000)
    assert not tab.force.isVisible()
    street.close()
    restored.close()


def test_a_held_package_names_the_button_not_the_flag(qtbot, offices):
    first = offices.send("AAA", full=True)
    offices.trust(first)
    offices.deliver("AAA", first)
    offices.send("AAA")  # never arrives
    third = offices.send("AAA")
    _sc, street = _open(qtbot, offices.street)
    tab = street.receive
    street.tabs.setCurrentWidget(tab)
    tab.choose(third)
    qtbot.waitUntil(lambda: tab.force.isVisible(), timeout=30_000)
    assert "“强制导入”" in tab.notice.text()
    assert not any("--" in t for t in _texts(street))
    street.close()

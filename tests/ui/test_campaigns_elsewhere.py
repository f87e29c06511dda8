"""物资发放 → 登记发放 with the street's hand-out list loaded: before saving, the form checks (in the
pool) whether the person was already handed a kit of this campaign in another village (matched
by the pseudonymous key, ``services.exchange.handed_check``); it warns in the form and asks —
取消 writes nothing, 仍然发放 needs a reason, kept as the hand-out's note."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlalchemy import select

from gridoffice.services.campaigns import core as C
from gridoffice.services.campaigns import lists
from gridoffice.services.exchange import doubles, keys, streetkey
from gridoffice.store.models import Campaign
from gridoffice.ui.campaigns import elsewhere
from gridoffice.ui.campaigns.pane import CampaignsPane
from gridoffice.ui.context import AppContext
from tests.held import delivered
from tests.ui.test_campaigns_pane import create_through_the_dialog, select_grid_row

STREET_KEY = "ab" * 32


@pytest.fixture
def pane(qtbot, village, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "warning", lambda *_a, **_k: pytest.fail(f"warning: {_a[2]}"))
    widget = CampaignsPane(AppContext(village))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.settle = lambda: qtbot.waitUntil(lambda: not widget.busy())
    widget.settle()
    return widget


def _handed_elsewhere(db, tmp_path, campaign_id: int, id_number: str) -> None:  # type: ignore[no-untyped-def]
    """The street's list, as ``package doubles --handed-out`` writes it: this person handed a kit
    of this campaign in 乙村."""
    with db.reading() as s:
        cuuid = s.execute(select(Campaign.uuid).where(Campaign.id == campaign_id)).scalar_one()
    body = {"format": doubles.HANDED_FORMAT, "street": "street-uuid",
            "rows": [{"campaign_uuid": cuuid, "key": keys.id_key(STREET_KEY, id_number), "office_uuid": "bbb",
                      "office": "乙村", "handed_on": "2023-01-05"}]}
    path = tmp_path / "handed.json"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    streetkey.street_key(db, value=STREET_KEY)
    doubles.load_handed(db, path)


def _select(qtbot, pane, entitlement_id: int) -> None:  # type: ignore[no-untyped-def]
    """The row once the pane's reload after the last write has settled."""
    delivered(qtbot)
    pane.settle()
    pane.view.selectRow(pane.model.ids().index(entitlement_id))
    pane.settle()


def test_a_kit_handed_in_another_village_is_warned_before_saving(qtbot, pane, tmp_path, monkeypatch):
    db = pane.context.db
    create_through_the_dialog(qtbot, pane)
    select_grid_row(pane, "第2微网格")
    twice, once = pane.model.row_of(0), pane.model.row_of(1)
    _handed_elsewhere(db, tmp_path, pane.campaign_id, twice.id_number)
    answers: list[str | None] = [None]  # None: 取消
    steps = pane.context.undo_stack.count()

    def answer(dialog: elsewhere.HandedElsewhereDialog) -> int:
        assert "乙村" in dialog.list.item(0).text() and twice.name in dialog.list.item(0).text()
        assert not dialog.go.isEnabled()  # a reason first
        reason = answers.pop(0)
        if reason is None:
            return QDialog.DialogCode.Rejected
        dialog.reason.setText(reason)
        assert dialog.go.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(elsewhere.HandedElsewhereDialog, "exec", answer)

    pane.view.selectRow(1)  # someone handed nothing elsewhere: checked, then written
    pane.settle()
    assert pane.record() is False  # the check runs in the pool first
    qtbot.waitUntil(lambda: lists.rows(db, [once.id])[0].state == C.HANDED, timeout=20_000)
    assert not pane.form.elsewhere.isVisible()

    _select(qtbot, pane, twice.id)
    pane.form.record_button.click()
    qtbot.waitUntil(lambda: pane.form.elsewhere.isVisible(), timeout=20_000)
    assert "乙村" in pane.form.elsewhere.text() and "2023-01-05" in pane.form.elsewhere.text()
    qtbot.waitUntil(lambda: not answers)
    assert lists.rows(db, [twice.id])[0].state == C.PENDING  # 取消: nothing written

    answers.append("户籍迁入本村，原村已收回")
    _select(qtbot, pane, twice.id)
    pane.form.record_button.click()
    qtbot.waitUntil(lambda: lists.rows(db, [twice.id])[0].state == C.HANDED, timeout=20_000)
    got = lists.rows(db, [twice.id])[0]
    assert "户籍迁入本村" in got.note and "别村已领" in got.note
    assert pane.context.undo_stack.count() == steps + 2  # each hand-out one undo step

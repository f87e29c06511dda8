import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from gridoffice.services.campaigns import core as C
from gridoffice.services.campaigns import lists
from gridoffice.ui.campaigns.dialog import CampaignDialog
from gridoffice.ui.campaigns.form import AddPersonDialog, PackingDialog
from gridoffice.ui.campaigns.models import CoverageModel, EntitlementModel
from gridoffice.ui.campaigns.pane import CampaignsPane
from gridoffice.ui.context import AppContext

REF = dt.date(2023, 1, 7)


@pytest.fixture
def pane(qtbot, village):
    context = AppContext(village)
    widget = CampaignsPane(context)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    # coverage and lists are read in the loader thread: a test waits for them (a condition)
    widget.settle = lambda: qtbot.waitUntil(lambda: not widget.busy())
    widget.settle()
    return widget


@pytest.fixture
def warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text, *a, **k: shown.append(text))
    return shown


def create_through_the_dialog(qtbot, pane):
    def fill():
        dialog = pane.findChild(CampaignDialog)
        assert dialog is not None and dialog.isVisible()
        dialog.reference.setDate(QDate(2023, 1, 7))
        dialog.update_preview()
        assert dialog.preview_label.text() == "符合条件：1,008 人"
        assert dialog.preview.rowCount() == 32
        assert sum(int(dialog.preview.item(r, 2).text()) for r in range(32)) == 1008
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill)
    pane.new_button.click()
    qtbot.waitUntil(lambda: not pane.busy())  # the list is made in a pool thread


def select_grid_row(pane, name):
    pane.settle()
    model = pane.coverage_model
    row = next(r for r in range(model.rowCount()) if model.row(r).name == name)
    pane.coverage_view.setCurrentIndex(model.index(row, 0))
    pane.settle()
    return model.row(row)


def test_create_a_campaign_record_hand_outs_and_see_coverage_change(qtbot, pane, warnings):
    assert "还没有发放活动" in pane.summary.text()
    create_through_the_dialog(qtbot, pane)
    assert pane.campaign_id is not None
    assert pane.summary.text().startswith("应发 1,008 人 · 已发 0")
    first = select_grid_row(pane, "第1微网格")
    assert pane.model.rowCount() == first.eligible == 40
    assert "服务团队：" in pane.list_title.text()
    assert pane.form.staff.currentText().endswith("（微网格长）")
    # tick everyone pending, untick two whose sheets are not back yet, record
    pane.tick_button.click()
    pane.settle()
    assert pane.ticked_label.text() == "已勾选 40 人"
    for row in (0, 1):
        pane.model.setData(pane.model.index(row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert pane.form.record_button.text() == "登记发放（38 人）"
    pane.form.date.setDate(QDate(2023, 1, 8))
    qtbot.mouseClick(pane.form.record_button, Qt.MouseButton.LeftButton)
    pane.settle()
    assert warnings == []
    assert pane.summary.text().startswith("应发 1,008 人 · 已发 38 · 未发 970")
    row = select_grid_row(pane, "第1微网格")
    assert (row.handed, row.remaining) == (38, 2)
    general = next(pane.coverage_model.row(r) for r in range(pane.coverage_model.rowCount())
                   if pane.coverage_model.row(r).name == "第一网格")
    assert general.handed == 38
    handed_row = pane.model.row_of(2)
    assert handed_row.state == C.HANDED and handed_row.handed_on == dt.date(2023, 1, 8)
    # the pending list of the micro-grid is one click
    pane.pending_button.click()
    pane.settle()
    assert pane.model.rowCount() == 2
    # undo takes the batch back
    assert pane.undo_button.toolTip().startswith("撤销：登记发放 38 人")
    pane.undo_button.click()
    pane.settle()
    assert pane.summary.text().startswith("应发 1,008 人 · 已发 0")


def test_second_hand_out_is_refused_with_when_and_by_whom(qtbot, pane, warnings):
    create_through_the_dialog(qtbot, pane)
    select_grid_row(pane, "第2微网格")
    pane.view.selectRow(0)
    pane.settle()
    name = pane.model.row_of(0).name
    pane.form.date.setDate(QDate(2023, 1, 8))
    pane.form.delivered.setChecked(True)
    pane.settle()
    pane.form.record_button.click()
    pane.settle()
    assert warnings == [] and pane.model.row_of(0).method == "上门"
    pane.view.selectRow(0)
    pane.settle()
    pane.form.record_button.click()
    pane.settle()
    assert len(warnings) == 1
    assert f"{name}已于 2023-01-08 由" in warnings[0] and "不能重复发放" in warnings[0]


def test_quick_find_proxy_and_declined_with_reason(qtbot, pane, warnings):
    create_through_the_dialog(qtbot, pane)
    target = lists.rows(pane.context.db, lists.list_ids(pane.context.db, pane.campaign_id))[5]
    qtbot.keyClicks(pane.find_box, target.id_number[-4:])
    pane.settle()
    assert target.id in pane.model.ids()
    pane.find_box.clear()
    pane.settle()
    with qtbot.waitSignal(pane.model.modelReset):
        pane.find_box.setText(target.name)
    row = pane.model.ids().index(target.id)
    pane.view.selectRow(row)
    pane.settle()
    pane.form.by_proxy.setChecked(True)
    pane.settle()
    pane.form.proxy_name.setText("李四")
    pane.settle()
    pane.form.date.setDate(QDate(2023, 1, 9))
    pane.form.record_button.click()
    pane.settle()
    assert warnings[-1] == "请填写代领人与本人的关系。"
    pane.form.proxy_relation.setCurrentText("儿子")
    pane.settle()
    pane.form.record_button.click()
    pane.settle()
    got = lists.rows(pane.context.db, [target.id])[0]
    assert (got.proxy_name, got.proxy_relation, got.state) == ("李四", "儿子", C.HANDED)
    assert pane.form.self_received.isChecked()  # ready for the next sheet
    # someone else declines; the reason is required
    select_grid_row(pane, "第3微网格")
    pane.view.selectRow(0)
    pane.settle()
    pane.form.declined_button.click()
    pane.settle()
    assert warnings[-1] == "请写明原因。"
    pane.form.reason.setText("子女已买")
    pane.settle()
    pane.form.declined_button.click()
    pane.settle()
    assert pane.model.row_of(0).state == C.DECLINED and pane.model.row_of(0).reason == "子女已买"


def test_refresh_button_shows_who_left(qtbot, pane, warnings):
    from gridoffice.store.models import Person

    create_through_the_dialog(qtbot, pane)
    first = lists.rows(pane.context.db, lists.list_ids(pane.context.db, pane.campaign_id)[:1])[0]
    with pane.context.db.session() as s:
        p = s.get(Person, first.person_id)
        p.status, p.status_date = "死亡", dt.date(2023, 1, 10)
    pane.refresh_button.click()
    pane.settle()
    qtbot.waitUntil(lambda: not pane.busy())
    assert "移出 1 人" in warnings[-1] and first.name in warnings[-1] and "死亡（2023-01-10）" in warnings[-1]
    # three residents turn 60 within the default 30-day window: they join as 补发
    assert "新加入 3 人" in warnings[-1]
    assert pane.summary.text().startswith("应发 1,010 人")
    assert pane.state_box.currentData() == "reissue" and pane.model.rowCount() == 3
    assert all(pane.model.row_of(r).reissue and pane.model.row_of(r).age == 60 for r in range(3))


def test_packing_dialog_and_add_person(qtbot, pane, warnings, monkeypatch):
    create_through_the_dialog(qtbot, pane)
    dialog = PackingDialog(lists.packing(pane.context.db, pane.campaign_id), "健康爱心包")
    qtbot.addWidget(dialog)
    assert "口罩 10,080 只" in dialog.summary.text()
    last = dialog.table.rowCount() - 1
    assert dialog.table.item(last, 0).text() == "合计" and dialog.table.item(last, 5).text() == "10,080"
    adder = AddPersonDialog(pane.context.db, REF)
    qtbot.addWidget(adder)
    db = pane.context.db
    on_list = {r.person_id for r in lists.rows(db, lists.list_ids(db, pane.campaign_id))}
    adder.search.setText("王")
    pane.settle()
    hits = [adder.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(adder.results.count())]
    young = next(h for h in hits if h not in on_list)
    adder.results.setCurrentRow(hits.index(young))
    ok = adder.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    adder.reason.setText("独居困难户")
    pane.settle()
    assert ok.isEnabled()
    monkeypatch.setattr(AddPersonDialog, "exec", lambda self: (self.search.setText("王"),
                        self.results.setCurrentRow(hits.index(young)), self.reason.setText("独居困难户"), 1)[-1])
    pane.add_button.click()
    pane.settle()
    assert pane.summary.text().startswith("应发 1,009 人")


def test_models_pass_the_model_tester(qtmodeltester, village):
    cid, _ = C.create(village, C.CampaignSpec("健康爱心包", C.Criteria(REF, 60)))
    model = EntitlementModel(lambda ids: lists.rows(village, ids))
    model.set_ids(lists.list_ids(village, cid))
    model.set_checked(model.ids()[:5])
    qtmodeltester.check(model)
    assert model.rowCount() == 1008 and len(model._cache) <= 200 * 6
    coverage = CoverageModel()
    coverage.load(lists.coverage(village, cid))
    qtmodeltester.check(coverage)
    assert coverage.rowCount() == 4 + 32 + 1


def test_main_window_has_the_pane(qtbot, village):
    from gridoffice.ui.main_window import MainWindow

    window = MainWindow(village)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "物资发放" in titles


def test_choosing_a_micro_grid_in_the_tree_opens_its_list(qtbot, pane, warnings):
    create_through_the_dialog(qtbot, pane)
    row = select_grid_row(pane, "第5微网格")
    select_grid_row(pane, "第1微网格")
    pane.context.grid_selected.emit(row.grid_id)
    pane.settle()
    assert pane.grid_id == row.grid_id and pane.model.rowCount() == row.eligible


def test_dialog_manual_adjustments_change_the_preview_and_the_list(qtbot, village, monkeypatch):
    from gridoffice.ui.campaigns.form import AddPersonDialog as Finder

    dialog = CampaignDialog(village, today=REF)
    qtbot.addWidget(dialog)
    assert dialog.preview_label.text() == "符合条件：1,008 人"
    db = village
    pv_ids = lists.find_persons(db, "王", REF)
    old = next(h for h in pv_ids if h.age is not None and h.age >= 60)
    young = next(h for h in pv_ids if h.age is not None and h.age < 60)
    choices = iter([(old, "已在外地领取"), (young, "独居困难户")])

    def fake_exec(self):
        hit, reason = next(choices)
        self.search.setText(hit.id_number[-8:])
        self.results.setCurrentRow(0)
        self.reason.setText(reason)
        return 1

    monkeypatch.setattr(Finder, "exec", fake_exec)
    dialog.ask_adjustment(False)
    assert dialog.preview_label.text() == "符合条件：1,007 人"
    dialog.ask_adjustment(True)
    assert dialog.preview_label.text() == "符合条件：1,008 人"
    assert dialog.adjust_table.rowCount() == 2 and dialog.adjust_table.item(0, 0).text() == old.name
    assert dialog.adjust_table.item(1, 1).text() == "加入"
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    cid, _ = C.create(village, dialog.spec)
    on_list = {r.person_id: r.state for r in lists.rows(db, lists.list_ids(db, cid))}
    assert young.id in on_list and old.id not in on_list
    assert {(a.person_id, a.include) for a in C.get(db, cid).adjustments} == {(old.id, False), (young.id, True)}


def test_close_reopen_and_delete_with_undo(qtbot, pane, warnings, monkeypatch):
    create_through_the_dialog(qtbot, pane)
    pane.close_action.trigger()
    pane.settle()
    assert pane.summary.text().startswith("【已结束】") and not pane.form.isEnabled()
    assert pane.close_action.text() == "重新开放活动"
    pane.close_action.trigger()
    pane.settle()
    assert pane.form.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    pane.delete_action.trigger()
    pane.settle()
    assert pane.campaign_id is None and pane.campaign_box.count() == 0
    pane.undo_button.click()
    pane.settle()
    assert pane.campaign_box.count() == 1 and pane.summary.text().startswith("应发 1,008 人")


def test_creating_a_campaign_runs_off_the_gui_thread_and_a_second_click_waits(qtbot, pane, warnings, slow_spy):
    import threading

    spy = slow_spy(C, "create")
    threads, release = spy.threads, spy.release
    spec = C.CampaignSpec("健康爱心包", C.Criteria(REF, 60))
    pane.create_campaign(spec)
    qtbot.waitUntil(lambda: len(threads) == 1)
    assert threads[0] is not threading.main_thread()
    assert pane.busy() and not pane.new_button.isEnabled() and not pane.campaign_box.isEnabled()
    pane.create_campaign(spec)  # a second request while the first runs: nothing starts
    pane.new_campaign()  # (no dialog opens either)
    with qtbot.waitSignal(pane.context.data_changed, timeout=10000):
        release.set()
    qtbot.waitUntil(lambda: not pane.busy())
    assert len(threads) == 1 and pane.campaign_box.count() == 1 and pane.new_button.isEnabled()
    assert pane.summary.text().startswith("应发 1,008 人")


def test_a_refused_campaign_arrives_as_a_warning(qtbot, pane, warnings, monkeypatch):
    def refuse(db, spec):
        raise C.CampaignError("请填写活动名称。")

    monkeypatch.setattr(C, "create", refuse)
    pane.create_campaign(C.CampaignSpec("", C.Criteria(REF, 60)))
    pane.settle()
    qtbot.waitUntil(lambda: not pane.busy())
    assert warnings[-1] == "请填写活动名称。" and pane.campaign_box.count() == 0

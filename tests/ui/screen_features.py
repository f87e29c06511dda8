"""Screens of two features for screen_check.py (kept apart so that file stays one thing): the
健康服务 pane with its trend, calls and lists, and 文件 → 数据交换 with data in every tab."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from screen_check import Screens, fits_screen, spin, wait_idle


def health(window, screens: Screens) -> None:  # type: ignore[no-untyped-def]
    """The 健康服务 pane for the whole village with four weeks of snapshots (the trend), its
    daily-call page with a call made, and the persons behind a count."""
    from gridoffice.services.health import calls as health_calls
    from gridoffice.services.health import tiers as health_tiers
    from gridoffice.ui.widgets.lazy_pane import find_pane

    db, today = window.context.db, dt.date.today()
    for weeks in (3, 2, 1, 0):
        health_tiers.snapshot(db, today - dt.timedelta(weeks=weeks))
    pane = find_pane(window, "healthPane")
    index = next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == "健康服务")
    window.tabs.setCurrentIndex(index)
    window.context.grid_selected.emit(None)
    wait_idle(window)
    first = pane.data.calls[0].tier.person_id
    health_calls.record(db, first, today, reached=True, note="血压平稳，药按时吃")
    window.context.notify({"health_call"})
    screens.look(window, "健康服务-全村")
    pane.tabs.setCurrentIndex(1)
    screens.look(window, "健康服务-每日电话")
    pane.show_persons(pane.data.lines[0].grid_id, "红")
    screens.look(window, "健康服务-名单")
    pane.show_expiring(None)
    screens.look(window, "健康服务-到期签约")
    pane.tabs.setCurrentIndex(0)


def exchange(screens: Screens, window, home: Path) -> None:  # type: ignore[no-untyped-def]
    """文件 → 数据交换…, each tab with data: the village's 发送; at a street that has the village's
    full and aggregate packages, 接收 (the dry run of a delta with a conflict), 冲突 and 汇总台
    (with a month approved and a community that has sent nothing)."""
    from sqlalchemy import select

    from gridoffice.services import settings
    from gridoffice.services.exchange import approval, gates, importing, receipts
    from gridoffice.services.exchange import export as exporting
    from gridoffice.store import Database
    from gridoffice.store.models import Grid, Household, Person, Visit
    from gridoffice.ui.context import AppContext
    from gridoffice.ui.exchange.dialog import ExchangeDialog

    village = window.context.db
    settings.put(village, settings.ADMIN_CODE, "510124100201")
    street = Database.open(str(home / "exchange-street.db"), operator="街道员")
    with street.session() as s:
        root = Grid(level="street", code="510124100", name="某某街道")
        s.add(root)
        s.flush()
        s.add(Grid(level="community", code="510124100209", name="东风社区", parent_id=root.id))
    with village.session() as s:
        house = s.execute(select(Household).order_by(Household.id).limit(1)).scalar_one()
        visit = Visit(household_id=house.id, grid_id=house.grid_id, visit_date=dt.date(2026, 10, 15), needs="无")
        s.add(visit)
    for n, level in ((1, "full"), (2, "aggregate")):
        package = home / f"village-{n}.gopkg"
        exporting.export(village, package, full=True, level=level)
        if n == 1:
            gates.trust(street, package, confirm=True)
        receipt = importing.run(street, package).receipt
        if n == 1:
            gates.trust(village, receipt, confirm=True)
        receipts.accept(village, receipt)
    approval.approve(street, "510124100201", "2026-10")
    with village.reading() as s:
        uuid = s.execute(select(Person.uuid).order_by(Person.id).limit(1)).scalar_one()
    for db, phone in ((street, "13711112222"), (village, "13833334444")):
        with db.session() as s:
            s.execute(select(Person).where(Person.uuid == uuid)).scalar_one().phone = phone
    with village.session() as s:
        s.get(Visit, visit.id).needs = "村里补记：需要助听器"  # type: ignore[union-attr]
    delta = home / "village-3.gopkg"
    exporting.export(village, delta, level="full")

    mine = ExchangeDialog(window.context, window)
    mine.send.level.setCurrentIndex(mine.send.level.findData("full"))
    mine.show()
    screens.problems += fits_screen(mine, "数据交换")
    screens.look(mine, "数据交换-发送")
    mine.close()
    mine.deleteLater()
    context = AppContext(street)
    dialog = ExchangeDialog(context, window)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.receive)
    dialog.receive.choose(delta)
    screens.look(dialog, "数据交换-接收")
    dialog.receive.apply.click()
    wait_idle(dialog)
    for tab, name in ((dialog.conflicts, "冲突"), (dialog.desk, "汇总台")):
        dialog.tabs.setCurrentWidget(tab)
        screens.look(dialog, "数据交换-" + name)
    new_key(screens, window, dialog, home)
    dialog.close()
    dialog.deleteLater()
    spin(50)
    street.close()


def new_key(screens: Screens, window, dialog, home: Path) -> None:  # type: ignore[no-untyped-def]
    """The village's 密钥… dialog; its PC "dies" (the key file moved away) and it makes a new key:
    the street's 接收 shows the mismatch with 更换密钥…, and the question with both fingerprints.
    The village's own key is put back afterwards."""
    from PySide6.QtWidgets import QMessageBox

    from gridoffice import paths
    from gridoffice.services.exchange import export as exporting
    from gridoffice.services.exchange import keys, rekey
    from gridoffice.store import identity
    from gridoffice.ui.exchange import rekey as rekey_dialog
    from gridoffice.ui.exchange.keys_dialog import KeysDialog

    village = window.context.db
    mine = KeysDialog(window.context, window)
    mine.show()
    screens.problems += fits_screen(mine, "密钥")
    screens.look(mine, "数据交换-密钥")
    mine.close()
    mine.deleteLater()
    key_file = paths.data_dir() / "keys" / f"office-{identity.database_uuid(village)}.pem"
    kept = key_file.with_suffix(".kept")
    key_file.rename(kept)
    keys.new_key(village)
    package = home / "village-new-key.gopkg"
    exporting.export(village, package, level="full")
    key_file.unlink()
    kept.rename(key_file)
    dialog.tabs.setCurrentWidget(dialog.receive)
    dialog.receive.choose(package)
    wait_idle(dialog)
    screens.look(dialog, "数据交换-接收-新密钥")
    question = QMessageBox(QMessageBox.Icon.Question, "更换密钥",
                           rekey_dialog.question(rekey.read(dialog.context.db, "510124100201", package)),
                           QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, dialog)
    question.show()
    screens.look(question, "数据交换-更换密钥")
    question.close()
    question.deleteLater()


def handed_elsewhere(screens: Screens, window, home: Path, campaign: int) -> None:  # type: ignore[no-untyped-def]
    """物资发放 → 登记发放 with the street's hand-out list naming a pending person: the warning in the
    form and the dialog asking for a reason."""
    import json

    from gridoffice.services.campaigns import lists
    from gridoffice.services.exchange import doubles, handed_check, keys, streetkey
    from gridoffice.ui.campaigns.elsewhere import HandedElsewhereDialog
    from gridoffice.ui.widgets.lazy_pane import find_pane

    db = window.context.db
    key = streetkey.street_key(db, value="ab" * 32)
    rows = lists.rows(db, lists.list_ids(db, campaign)[5:7])
    from sqlalchemy import select

    from gridoffice.store.models import Campaign
    with db.reading() as s:
        cuuid = s.execute(select(Campaign.uuid).where(Campaign.id == campaign)).scalar_one()
    body = {"format": doubles.HANDED_FORMAT, "street": "street", "rows": [
        {"campaign_uuid": cuuid, "key": keys.id_key(key, r.id_number), "office_uuid": "other", "office": "乙村",
         "handed_on": "2023-01-05"} for r in rows]}
    (home / "handed.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    doubles.load_handed(db, home / "handed.json")
    found = handed_check.warnings(db, campaign, [r.id for r in rows])
    pane = find_pane(window, "campaignsPane")
    window.tabs.setCurrentIndex(next(i for i in range(window.tabs.count()) if window.tabs.tabText(i) == "物资发放"))
    wait_idle(window)
    pane.form.show_elsewhere(found)
    screens.look(window, "物资发放-别村已领")
    asking = HandedElsewhereDialog(found, window)
    asking.show()
    screens.problems += fits_screen(asking, "已在别村领过")
    screens.look(asking, "物资发放-已在别村领过")
    asking.close()
    asking.deleteLater()
    pane.form.show_elsewhere([])

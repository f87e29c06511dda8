"""The 物资发放 pane's hand-out actions: record a hand-out for the ticked (else the selected)
persons with the form's date and staff (checked first against the street's list of kits handed
in other villages, when one was loaded: ``elsewhere``), mark them 拒领 / 联系不上, take a record back, move them
off the list, add one by hand; ticking; the packing list. Each write is one service call, one
undo step (``ops.apply``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import handouts, lists
from gridoffice.services.campaigns import refresh as campaign_refresh
from gridoffice.ui import ops
from gridoffice.ui.campaigns import elsewhere
from gridoffice.ui.campaigns.form import AddPersonDialog, PackingDialog
from gridoffice.ui.campaigns.loading import REISSUE
from gridoffice.ui.campaigns.models import ID_ROLE

if TYPE_CHECKING:
    from collections.abc import Callable

    from gridoffice.services.changes import Change
    from gridoffice.ui.campaigns.pane import CampaignsPane


def target_ids(pane: CampaignsPane) -> list[int]:
    ticked = pane.model.checked_ids()
    if ticked:
        return ticked
    return [pane.model.index(i.row(), 0).data(ID_ROLE) for i in pane.view.selectionModel().selectedRows()]


def tick_pending(pane: CampaignsPane) -> None:
    if pane.campaign_id is not None and not pane.find_box.text().strip():
        key = pane.state_box.currentData()
        pending = lists.list_ids(pane.context.db, pane.campaign_id, pane.grid_id, [campaigns.PENDING],
                                 reissue_only=key == REISSUE)
        pane.model.set_checked(pending, True)
    else:
        pane.model.set_checked(pane.model.pending_ids(), True)


def toggle_selected(pane: CampaignsPane) -> None:
    rows = sorted({i.row() for i in pane.view.selectionModel().selectedRows()})
    ids = [pane.model.ids()[r] for r in rows]
    on = not all(i in pane.model.checked for i in ids)
    pane.model.set_checked(ids, on)


def apply(pane: CampaignsPane, make: Callable[[], Change]) -> bool:
    return ops.apply(pane, pane.context, make, title=QCoreApplication.translate("CampaignsPane", "不能登记")) is not None


def record(pane: CampaignsPane, after: Callable[[], None] | None = None) -> bool:
    """Record the hand-out; True when written at once. With the street's hand-out list loaded the
    persons are first checked against it in the pool (``elsewhere``): False then, and ``after``
    runs once it is written."""
    cid, ids, handout = pane.campaign_id, target_ids(pane), pane.form.handout()
    if cid is None:
        return False
    if handout is None:
        QMessageBox.warning(pane, QCoreApplication.translate("CampaignsPane", "不能登记"),
                            QCoreApplication.translate("CampaignsPane", "请选择发放人。"))
        return False

    def write(handout: handouts.Handout) -> bool:
        if apply(pane, lambda: handouts.record(pane.context.db, cid, ids, handout)):
            pane.model.set_checked(ids, False)
            pane.form.after_record()
            if after is not None:
                after()
            return True
        return False

    if ids and elsewhere.needs_check(pane):
        elsewhere.check_then(pane, cid, ids, handout, write)
        return False
    return write(handout)


def mark(pane: CampaignsPane, state: str) -> None:
    cid, ids = pane.campaign_id, target_ids(pane)
    if cid is not None and apply(pane, lambda: handouts.mark(pane.context.db, cid, ids, state, pane.form.reason.text())):
        pane.model.set_checked(ids, False)
        pane.form.reason.clear()


def clear(pane: CampaignsPane) -> None:
    cid, ids = pane.campaign_id, target_ids(pane)
    if cid is not None and apply(pane, lambda: handouts.clear(pane.context.db, cid, ids)):
        pane.model.set_checked(ids, False)


def exclude(pane: CampaignsPane) -> None:
    cid, ids = pane.campaign_id, target_ids(pane)
    if cid is None:
        return
    reason = pane.form.reason.text()
    if not ids:
        QMessageBox.warning(pane, QCoreApplication.translate("CampaignsPane", "不能登记"),
                            QCoreApplication.translate("CampaignsPane", "请先勾选要移出名单的人员。"))
        return
    persons = [r.person_id for r in lists.rows(pane.context.db, ids)]
    if apply(pane, lambda: campaign_refresh.exclude(pane.context.db, cid, persons, reason)):
        pane.model.set_checked(ids, False)
        pane.form.reason.clear()


def show_packing(pane: CampaignsPane) -> None:
    if pane.campaign_id is None:
        return
    info = campaigns.get(pane.context.db, pane.campaign_id)
    PackingDialog(lists.packing(pane.context.db, pane.campaign_id), info.name, pane).exec()


def add_person(pane: CampaignsPane) -> None:
    """手工加入: a person the criteria left out, with the reason."""
    cid = pane.campaign_id
    if cid is None:
        return
    dialog = AddPersonDialog(pane.context.db, dt.date.today(), pane)
    if dialog.exec() and dialog.person_id() is not None:
        pid, reason = dialog.person_id(), dialog.reason.text()
        assert pid is not None
        apply(pane, lambda: campaign_refresh.adjust(pane.context.db, cid, pid, True, reason))

"""What the program does by itself once the window is up: this week's health-tier snapshot
(the 降红降黄 trend upper levels ask for) when the week has none yet, so nobody has to remember
to take it. It runs in the pool like the day's first backup; it is not an undo step of the
clerk's (they did not ask for it), but the panes hear of it."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

from gridoffice.services.changes import Change
from gridoffice.ui.context import AppContext
from gridoffice.ui.ops import Op, run_in_background

log = logging.getLogger(__name__)


def snapshot_in_background(context: AppContext, parent: QWidget) -> Op:
    from gridoffice.services.health import tiers as health_tiers

    db = context.db

    def done(change: object) -> None:
        if isinstance(change, Change):
            log.info("weekly health snapshot: %s", change.description)
            if context.db is db:
                context.notify(set(change.tables))

    def failed(exc: BaseException) -> None:  # the clerk can take it by hand (健康服务 → 拍快照)
        log.warning("weekly health snapshot not taken: %r", exc)

    return run_in_background(parent, lambda: health_tiers.weekly_snapshot(db), done, on_failed=failed)

"""Refresh by what changed, when shown (issue 16): a change reloads the visible panes; hidden
panes only mark themselves stale and reload when shown. Tests wait on conditions, never a fixed
time; "nothing happened" is checked after the visible pane has settled."""

import pytest

from gridoffice.ui import ops
from gridoffice.ui.main_window import MainWindow
from gridoffice.ui.widgets.lazy_pane import real
from gridoffice.ui.widgets.lazy_reload import ReloadWhenShown


@pytest.fixture
def window(qtbot, village):
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    panes = [real(window.tabs.widget(i)) for i in range(window.tabs.count())]  # every pane built
    for index, pane in enumerate(panes):  # each shown once, its first load done
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda pane=pane: not getattr(pane, "busy", lambda: False)())
    window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: not window.overview.busy())
    window.panes = panes
    return window


def _spy_reads(monkeypatch):
    """Who asked for a read in the pool (a Loader's or an Op's parent) or reloaded in place."""
    asked: list[object] = []
    real_request, real_reload = ops.Loader.request, ReloadWhenShown.refresh_or_defer

    def request(self, fn):
        asked.append(self._parent)
        return real_request(self, fn)

    def refresh_or_defer(self, refresh):
        if self.shown_now():
            asked.append(self)
        return real_reload(self, refresh)

    monkeypatch.setattr(ops.Loader, "request", request)
    monkeypatch.setattr(ReloadWhenShown, "refresh_or_defer", refresh_or_defer)
    return asked


def test_a_change_reloads_no_hidden_pane_and_marks_them_stale(qtbot, window, monkeypatch):
    asked = _spy_reads(monkeypatch)
    window.context.notify({"person", "household", "campaign", "entitlement", "matter", "staff", "post", "visit"})
    qtbot.waitUntil(lambda: not window.overview.busy())
    hidden = [p for p in window.panes if p is not window.overview]
    assert window.overview in asked  # the visible pane recounted (the spy sees reloads)…
    assert [p for p in asked if any(h is p or h.isAncestorOf(p) for h in hidden)] == []  # …no hidden one
    stale = {type(p).__name__ for p in hidden if isinstance(p, ReloadWhenShown) and p.stale}
    assert {"RosterPane", "PopulationListsPane", "CampaignsPane", "MattersPane", "StaffPane",
            "VisitsPane"} <= stale


def test_a_stale_pane_reloads_once_when_shown(qtbot, window, monkeypatch):
    campaigns = next(p for p in window.panes if type(p).__name__ == "CampaignsPane")
    window.context.notify({"entitlement"})
    window.context.notify({"person"})  # two changes while hidden: one reload
    assert campaigns.stale and not campaigns.busy()
    loads = []
    real_read = type(campaigns).reload_list

    def reload_list(self):
        loads.append(self)
        return real_read(self)

    monkeypatch.setattr(type(campaigns), "reload_list", reload_list)
    window.tabs.setCurrentIndex(window.panes.index(campaigns))
    qtbot.waitUntil(lambda: not campaigns.stale and not campaigns.busy())
    assert loads == [campaigns]

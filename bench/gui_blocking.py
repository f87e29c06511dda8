"""How long the GUI thread is blocked by each long operation on the street database (~148k
persons): a 10 ms QTimer heartbeat records the largest gap between beats while the operation
runs (until its background job, if any, has finished and its result is shown). Actions: opening
every pane for the first time, saving a person and a household, a header-click sort of the
households and persons lists (whole street and one community), opening the person form the
first time (pypinyin loads in the pool meanwhile) and saving it under a new name, backups, visits, matters,
creating and switching campaigns, analysing an import; "community" is a real community.

    QT_QPA_PLATFORM=offscreen python bench/gui_blocking.py [name ...]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import street_db
from visits_matters import populate

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
WORK = Path(tempfile.mkdtemp(prefix="gridoffice-gui-bench-"))
os.environ["GRIDOFFICE_HOME"] = str(WORK / "home")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox  # noqa: E402
from sqlalchemy import select  # noqa: E402

from gridoffice.domain.codes import GridLevel  # noqa: E402
from gridoffice.services import ledgers  # noqa: E402
from gridoffice.services.campaigns import core as campaigns  # noqa: E402
from gridoffice.services.grids import core as grids  # noqa: E402
from gridoffice.store import Database  # noqa: E402
from gridoffice.store.models import Household, Person  # noqa: E402
from gridoffice.ui import ops  # noqa: E402
from gridoffice.ui.roster.household_editor import HouseholdEditor  # noqa: E402
from gridoffice.ui.roster.person_form import PersonForm  # noqa: E402
from gridoffice.ui.safety.password_dialog import PasswordDialog  # noqa: E402
from gridoffice.ui.widgets import refcount_guard  # noqa: E402
from gridoffice.ui.widgets.lazy_pane import real  # noqa: E402


class Heartbeat:
    """``STACKS=1`` in the environment: a watchdog thread samples the GUI thread's stack while a
    beat is over 100 ms late and prints the samples after each action (where a stall is)."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.beat)
        self.last = 0
        self.worst = 0
        self.wall = time.perf_counter()
        self.samples: dict[str, int] = {}
        if os.environ.get("STACKS"):
            import gc
            import threading

            started: list[float] = []

            def collected(phase: str, info: dict) -> None:  # type: ignore[type-arg]
                if phase == "start":
                    started[:] = [time.perf_counter()]
                elif started and time.perf_counter() - started[0] > 0.05:
                    print(f"--- a collection of generation {info['generation']} took "
                          f"{(time.perf_counter() - started[0]) * 1000:.0f} ms on {threading.current_thread().name}", flush=True)

            gc.callbacks.append(collected)

            threading.Thread(target=self._watch, args=(threading.get_ident(),), daemon=True).start()

    def _watch(self, gui: int) -> None:
        import traceback

        while True:
            time.sleep(0.02)
            if self.timer.isActive() and time.perf_counter() - self.wall > 0.1:
                frame = sys._current_frames().get(gui)
                if frame is not None:
                    stack = "".join(traceback.format_stack(frame, limit=14))
                    self.samples[stack] = self.samples.get(stack, 0) + 1

    def beat(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last)
        self.last = now
        self.wall = time.perf_counter()

    def measure(self, start, settle_ms: int = 150) -> tuple[int, float]:  # type: ignore[no-untyped-def]
        app = QApplication.instance()
        for _ in range(5):
            app.processEvents()
        self.clock.start()
        self.last, self.worst, self.wall = 0, 0, time.perf_counter()
        self.timer.start()
        began = time.perf_counter()
        if os.environ.get("DUMPS"):
            import faulthandler

            faulthandler.dump_traceback_later(float(os.environ["DUMPS"]), repeat=True, file=sys.stderr)
        start()
        self.beat()  # a synchronous operation blocked until here
        quiet_since = None
        while True:
            app.processEvents()
            time.sleep(0.002)
            if ops.running():
                quiet_since = None
                continue
            quiet_since = quiet_since or time.perf_counter()
            if (time.perf_counter() - quiet_since) * 1000 > settle_ms:
                break
        total = time.perf_counter() - began - settle_ms / 1000
        self.timer.stop()
        if os.environ.get("DUMPS"):
            import faulthandler

            faulthandler.cancel_dump_traceback_later()
        for stack, count in sorted(self.samples.items(), key=lambda kv: -kv[1])[:3]:
            print(f"--- {count} samples of the GUI thread over 100 ms late:\n{stack}", flush=True)
        self.samples.clear()
        return self.worst, round(total, 2)


def main() -> None:
    wanted = set(sys.argv[1:])
    source, _ = street_db()
    path = WORK / "street.db"
    shutil.copy(source, path)
    refcount_guard.install()
    _app = QApplication.instance() or QApplication([])
    for name in ("information", "warning", "critical"):
        setattr(QMessageBox, name, staticmethod(lambda *a: 0))
    QMessageBox.question = staticmethod(lambda *a: QMessageBox.StandardButton.Yes)  # type: ignore[method-assign]
    QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: str(WORK / "usb"))  # type: ignore[method-assign]
    (WORK / "usb").mkdir()

    def typed(self):  # type: ignore[no-untyped-def]
        self.password.setText("secret-1")
        if self.again is not None:
            self.again.setText("secret-1")
        return QDialog.DialogCode.Accepted

    PasswordDialog.exec = typed  # type: ignore[method-assign]
    from gridoffice.ui.main_window import MainWindow
    from gridoffice.ui.matters.dialogs import MediansDialog

    db = Database.open(str(path), operator="bench")
    populate(db)  # a year of matters and 26 weeks of visits, as bench/visits_matters.py
    root = grids.tree(db)[0]
    community = root if root.level == GridLevel.COMMUNITY else next(
        c for c in root.children if c.level == GridLevel.COMMUNITY)  # a real community, not the street
    roster = WORK / "roster.xlsx"  # a community's roster, exported and read back by the wizard
    ledgers.export(db, "roster", ledgers.LedgerOptions(grid_code=community.code), roster)
    with db.reading() as s:
        person_id = s.scalar(select(Person.id).where(Person.status == "在册").order_by(Person.id).limit(1))
        household_id = s.scalar(select(Household.id).where(Household.deleted_at.is_(None)).order_by(Household.id).limit(1))
    campaigns.create(db, campaigns.CampaignSpec("bench 重阳", campaigns.Criteria(dt.date.today(), 80)))
    window = MainWindow(db)
    window.show()
    beat = Heartbeat()
    results: dict[str, object] = {}
    titles = {window.tabs.tabText(i): i for i in range(window.tabs.count())}

    def pane(name: str):  # type: ignore[no-untyped-def]
        return real(window.tabs.widget(next(i for i in range(window.tabs.count())
                                            if type(real(window.tabs.widget(i))).__name__ == name)))

    def show(name: str):  # type: ignore[no-untyped-def]
        return lambda: window.tabs.setCurrentWidget(pane(name))

    def run(name: str, start) -> None:  # type: ignore[no-untyped-def]
        if wanted and name not in wanted:
            return
        results[name] = beat.measure(start)
        print(name, results[name], flush=True)

    run("overview_data_changed", lambda: window.context.notify({"person"}))  # the overview is shown
    for title, index in titles.items():  # each pane opened for the first time (built, then loaded)
        run(f"open {title}", lambda index=index: window.tabs.setCurrentIndex(index))
    beat.measure(lambda: window.tabs.setCurrentIndex(titles["住户"]))
    run("data_changed_overview_hidden", lambda: window.context.notify({"person"}))
    for scope, gid in (("street", None), ("community", community.id)):
        beat.measure(lambda gid=gid: window.context.grid_selected.emit(gid))
        for name, column in (("RosterPane", 1), ("PopulationListsPane", 3)):
            beat.measure(show(name))
            view = pane(name).view
            run(f"sort {name} {scope}", lambda view=view, column=column: view.sortByColumn(
                column, Qt.SortOrder.DescendingOrder))
    beat.measure(lambda: window.context.grid_selected.emit(None))
    beat.measure(show("RosterPane"))

    def save_person() -> None:
        form = PersonForm(window.context, person_id, parent=window)
        form.save()

    forms: list[PersonForm] = []

    def open_person_form() -> None:  # the first form loads pypinyin in the pool while the clerk types
        forms.append(PersonForm(window.context, person_id, parent=window))

    def save_person_renamed() -> None:  # a new name: its pinyin
        form = forms.pop() if forms else PersonForm(window.context, person_id, parent=window)
        form.name_edit.setText(form.name_edit.text() + "明")
        form.save()

    def save_household() -> None:
        editor = HouseholdEditor(window.context, household_id, parent=window)
        editor.save_household()
        editor.close()

    run("open_person_form", open_person_form)
    run("save_person_renamed", save_person_renamed)
    run("save_person", save_person)
    run("save_household", save_household)
    safety = pane("SafetyPane")
    beat.measure(show("SafetyPane"))
    run("backup_now", safety.back_up_now)
    run("backup_sealed", safety.back_up_sealed)
    sealed_file = next((WORK / "usb").glob("*.gobak"), None)
    if sealed_file is not None:
        run("restore_sealed", lambda: safety.restore(sealed_file))
    beat.measure(show("VisitsPane"))
    run("visits_whole_street", lambda: window.context.grid_selected.emit(None))
    run("sort VisitsPane street", lambda: pane("VisitsPane").view.sortByColumn(4, Qt.SortOrder.AscendingOrder))  # 重点人群: the dearest key
    run("visits_community", lambda: window.context.grid_selected.emit(community.id))
    run("visits_week_change", lambda: pane("VisitsPane").weeks_spin.setValue(9))
    beat.measure(lambda: window.context.grid_selected.emit(None))
    beat.measure(show("MattersPane"))
    holder: list[QDialog] = []
    run("matters_medians", lambda: holder.append(MediansDialog(window.context, None, window)))
    beat.measure(show("CampaignsPane"))
    spec = campaigns.CampaignSpec("bench 爱心包", campaigns.Criteria(dt.date.today(), 60))
    run("campaign_create", lambda: pane("CampaignsPane").create_campaign(spec))
    box = pane("CampaignsPane").campaign_box
    run("campaign_switch", lambda: box.setCurrentIndex((box.currentIndex() + 1) % box.count()))
    from gridoffice.ui.importing.wizard import ImportWizard

    wizard = ImportWizard(window.context, window)
    wizard.file_page.path_edit.setText(str(roster))
    wizard.show()
    run("import_analyse", wizard.next)
    wizard.close()
    over = {k: v[0] for k, v in results.items() if v[0] > 100}  # type: ignore[index]
    print(f"{len(over)} of {len(results)} actions block the GUI thread over 100 ms: {over}")
    load = os.getloadavg()
    print(json.dumps({"max_gui_block_ms_and_total_s": results, "load": [round(x, 2) for x in load]},
                     ensure_ascii=False, indent=1))
    window.close()
    ops.wait_all()
    db.close()
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()

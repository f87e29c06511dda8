"""Importing an existing roster spreadsheet.

    plan = importer.analyse(db, "花名册.xlsx")         # dry run: what would happen, row by row
    result = importer.commit(db, plan)                # one transaction, backup first
    importer.write_rejected(plan, "未导入.xlsx")       # the rows not taken in, plus 原因

Nothing is lost: every row under the header is imported (added, updated or already the same),
rejected or skipped, each with its sheet row number and reason. An ID already in the database
updates that person; importing the same file twice changes nothing the second time. The same
code (``importer_apply.resolve``) decides for the dry run and the commit, so they agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select

from gridoffice.exports import roster_rejected
from gridoffice.i18n import tr
from gridoffice.services import bulk
from gridoffice.services.backup import backup_before
from gridoffice.services.changes import Change
from gridoffice.services.errors import ServiceError, hints
from gridoffice.services.importing import apply as importer_apply
from gridoffice.services.importing import grids as importer_grids
from gridoffice.services.importing import mapping as roster_mapping
from gridoffice.services.importing import sheet_limits
from gridoffice.services.importing.mapping import FIELD_BY_KEY, FIELDS, Mapping, field_label
from gridoffice.services.importing.reader import (
    RawSheet,
    RosterFileError,
    read_workbook,
    sheet_names,
)
from gridoffice.services.importing.rows import (
    ParsedRow,
    Reason,
    mark_duplicates,
    mark_household_differences,
    parse_rows,
    text_of,
)
from gridoffice.services.scope import grid_by_code, grid_subtree_ids, require_grid
from gridoffice.store import Database, audit, locks, maintenance, outputs
from gridoffice.store.errors import translate

# What the wizard and the CLI need of the roster reader and mapping (ui/ reaches exports/ only here).
__all__ = ["FIELDS", "FIELD_BY_KEY", "ImportOptions", "ImportPlan", "RosterFileError", "analyse", "commit",
           "field_label", "sheet_names", "text_of", "write_rejected"]

Progress = Callable[[str, float], None]


class Cancelled(ServiceError):
    """The clerk cancelled the import; nothing was written."""

    def __init__(self) -> None:
        super().__init__(tr("已取消导入，没有写入任何数据。"))


@dataclass
class ImportOptions:
    on: dt.date | None = None  # the date age marks (老年人, 儿童) are checked at; default today
    sheet: str | None = None  # default: the sheet whose header is found
    header_row: int | None = None  # default: detected
    create_grids_under: str | None = None  # general grid code; None: unmatched → unassigned
    within: str | None = None  # match grid names only inside this grid (a street database)
    create_grids_from_file: bool = False  # build 社区 → 一般网格 → 微网格 from the file's columns
    read_apart: bool = False  # read the file in a child process (the GUI: a native abort spares it)

    @property
    def date(self) -> dt.date:
        return self.on or dt.date.today()


@dataclass
class ImportPlan:
    path: Path
    sheet: str
    sheet_names: list[str]
    mapping: Mapping
    header: list[object]
    rows: list[ParsedRow]
    options: ImportOptions
    grids: dict[str, importer_grids.GridMatch] = field(default_factory=dict)
    outcome: importer_apply.Outcome | None = None  # what a commit now would do
    checked_at: tuple[int, int] | None = None  # the database's mark when ``outcome`` was worked out

    @property
    def persons(self) -> list[ParsedRow]:
        return [p for p in self.rows if p.skip is None]

    @property
    def valid(self) -> list[ParsedRow]:
        return [p for p in self.rows if p.valid]

    @property
    def rejected(self) -> list[ParsedRow]:
        return [p for p in self.rows if p.skip is None and p.rejects]

    @property
    def skipped(self) -> list[ParsedRow]:
        return [p for p in self.rows if p.skip is not None]

    @property
    def warned(self) -> list[ParsedRow]:
        return [p for p in self.rows if p.skip is None and p.warnings]

    def unmatched_grids(self) -> list[dict[str, Any]]:
        unmatched = {text for text, m in self.grids.items() if not m.matched}
        rows: dict[str, list[ParsedRow]] = {text: [] for text in unmatched}
        for p in self.valid:  # each row's grid named once (a street roster names 48 unmatched grids)
            key = p.grid_key
            if key in unmatched:
                rows[key].append(p)
        return [{"name": text, "rows": len(rows[text]), "households": len({p.household_key for p in rows[text]}),
                 "ambiguous": self.grids[text].candidates} for text in sorted(unmatched)]

    def report(self, surface: Literal["cli", "gui"] = "cli") -> dict[str, Any]:
        """What the check or the import found; a row's messages with the hints of ``surface``
        (the CLI's text and JSON: what to type; the import wizard's report: what to choose)."""
        o = self.outcome or importer_apply.Outcome()
        said = Reason.for_gui if surface == "gui" else Reason.for_cli
        return {
            "file": str(self.path), "sheet": self.sheet, "header_row": self.mapping.header_row,
            "mapping": self.mapping.as_dict()["columns"], "on": self.options.date.isoformat(),
            "rows_read": len(self.rows),
            "persons_in_file": len(self.persons),
            "persons_valid": len(self.valid),
            "persons_added": len(o.new_rows), "persons_updated": len(o.updated_rows),
            "persons_unchanged": len(o.same_rows),
            "households_in_file": len({p.household_key for p in self.persons}),
            "households_with_valid_person": len({p.household_key for p in self.valid}),
            "households_added": o.households_added, "households_updated": o.households_updated,
            "memberships_added": o.memberships_added, "health_records_added": o.health_added,
            "health_records_updated": o.health_updated,
            "grids_created": sorted(o.grids_created),
            "unmatched_grids": self.unmatched_grids(),
            "duplicate_columns": [
                {"column": self.mapping.headers.get(col, str(col)), "column_number": col + 1, "field": key,
                 "kept": self.mapping.headers.get(kept, str(kept)), "kept_number": kept + 1}
                for col, key in sorted(self.mapping.duplicates.items())
                if (kept := self.mapping.column_of(key)) is not None and col not in self.mapping.columns],
            "rejected": [{"row": p.row, "name": p.name, "reasons": [r.code for r in p.rejects],
                          "messages": [said(r) for r in p.rejects]} for p in self.rejected],
            "skipped": [{"row": p.row, "reason": p.skip.code, "message": said(p.skip)}
                        for p in self.skipped if p.skip is not None],
            "warnings": [{"row": p.row, "name": p.name, "reasons": [r.code for r in p.warnings],
                          "messages": [said(r) for r in p.warnings]} for p in self.warned],
        }


def _pick_sheet(sheets: list[RawSheet], options: ImportOptions) -> tuple[RawSheet, Mapping | None]:
    if options.sheet is not None:
        chosen = [s for s in sheets if s.name == options.sheet]
        if not chosen:
            raise RosterFileError("no_such_sheet", tr("文件里没有名为“{name}”的工作表。").format(name=options.sheet))
        return chosen[0], roster_mapping.detect(chosen[0].rows)
    for sheet in sheets:
        found = roster_mapping.detect(sheet.rows)
        if found is not None:
            return sheet, found
    return sheets[0], None


@bulk.building()  # 10,000 parsed rows: no full collections while they are made
def analyse(db: Database, path: str | Path, mapping: Mapping | dict[int, str | None] | None = None,
            options: ImportOptions | None = None, progress: Progress | None = None,
            allow_incomplete: bool = False) -> ImportPlan:
    """Read and check the file, and work out against the database what a commit would do.
    ``mapping``: a full Mapping, or column → field overrides on top of the detected one.
    Raises RosterFileError (a sentence) when the file is not a readable roster, or has no name
    column (unless ``allow_incomplete``: the wizard then asks the clerk which column it is)."""
    options = options or ImportOptions()
    book = sheet_limits.read_isolated(path) if options.read_apart else read_workbook(path)
    if progress:
        progress(tr("读取表格"), 0.3)
    sheet, detected = _pick_sheet(book.sheets, options)
    if options.header_row is not None:
        cells = next((c for n, c in sheet.rows if n == options.header_row), None)
        if cells is None:
            raise RosterFileError("no_header", tr("第 {row} 行不存在。").format(row=options.header_row))
        detected = roster_mapping.header_for_sheet(options.header_row, cells)
    if isinstance(mapping, Mapping):
        chosen = mapping
    else:
        if detected is None:
            raise RosterFileError("no_header", tr(
                "在表格前 {n} 行里找不到表头（应有“姓名”和“身份证号”或“户号”等列）。请检查是否选对了文件或工作表。"
            ).format(n=roster_mapping.HEADER_SEARCH_ROWS))
        chosen = detected.with_override(mapping or {})
    if chosen.missing_required() and not allow_incomplete:  # the wizard lets the clerk pick it
        raise RosterFileError("no_name_column", tr("没有指定“姓名”列，无法导入。"))
    header = next((c for n, c in sheet.rows if n == chosen.header_row), [])
    rows = parse_rows(sheet.rows, chosen, options.date)
    mark_duplicates(rows)
    mark_household_differences(rows)
    plan = ImportPlan(Path(path), sheet.name, [s.name for s in book.sheets], chosen, list(header), rows, options)
    if progress:
        progress(tr("核对数据库"), 0.6)
    refresh(db, plan)
    if progress:
        progress(tr("完成"), 1.0)
    return plan


@bulk.building()
def refresh(db: Database, plan: ImportPlan) -> ImportPlan:
    """Redo the database side (grid matches, added/updated) after the options changed."""
    with db.reading() as s:
        plan.checked_at = _data_mark(s)  # before the reads: a write after it shows in the mark
        within = None
        if plan.options.within:
            within = require_grid(s, plan.options.within).id
        plan.grids = importer_grids.match(s, {p.grid_key: p.grid_path for p in plan.valid if p.micro_grid}, within)
        _ambiguous_rows(plan)
        if plan.options.create_grids_under:
            importer_grids.parent_for_new(s, plan.options.create_grids_under)
        plan.outcome = importer_apply.resolve(s, plan.valid, plan.grids, plan.options.date, write=False,
                                              within=_within_ids(s, plan.options))
    return plan


def _data_mark(s) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Moves on with every write to the database: each one is audited (the ORM's flush, the
    Core bulk writes, undo and redo) and a travelling row takes a change number."""
    from gridoffice.store import versioning
    from gridoffice.store.models import AuditEvent

    conn = s.connection()
    return (conn.execute(select(func.coalesce(func.max(AuditEvent.id), 0))).scalar_one(),
            versioning.current_change(conn))


def _unchanged_since_check(db: Database, plan: ImportPlan) -> bool:
    """The dry run found nothing to write, and nobody wrote since: the commit would find the
    same (its second check of a street roster against the database took ~25 % of the import)."""
    if plan.outcome is None or plan.outcome.changes_anything or plan.checked_at is None:
        return False
    with db.reading() as s:
        return _data_mark(s) == plan.checked_at


def _ambiguous_rows(plan: ImportPlan) -> None:
    """A row whose grid the database has more than once is told so (the household is left
    without a grid, never put in one of the namesakes)."""
    narrow = {} if plan.options.within else hints(  # the village or community the roster is of
        cli=tr("（也可用 --within 村或社区编码）"), gui=tr("也可以在第一步“这是哪个村（社区）的花名册”里选定村或社区。"))
    for p in plan.rows:
        p.warnings = [w for w in p.warnings if w.code != "grid_ambiguous"]
        m = plan.grids.get(p.grid_key) if p.valid and p.micro_grid else None
        if m is not None and m.ambiguous:
            p.warnings.append(Reason("grid_ambiguous", tr(
                "网格“{grid}”在库里有 {n} 个（{codes}），本户暂不分配网格；请补上社区、一般网格列。").format(
                grid=p.grid_key, n=len(m.candidates), codes="、".join(m.candidates[:5])), **narrow))


def _within_ids(s, options: ImportOptions) -> set[int] | None:  # type: ignore[no-untyped-def]
    if not options.within:
        return None
    found = grid_by_code(s, options.within)
    return set(grid_subtree_ids(s, found.id)) if found is not None else None  # type: ignore[arg-type]


@dataclass
class ImportResult:
    report: dict[str, Any]
    change: Change
    backup: Path | None


@bulk.building()
def commit(db: Database, plan: ImportPlan, progress: Progress | None = None,
           cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Write the plan in one transaction (all or nothing), after a backup."""
    needed = plan.outcome is None or plan.outcome.changes_anything or bool(
        (plan.options.create_grids_under or plan.options.create_grids_from_file) and plan.unmatched_grids())
    try:
        backup = backup_before(db, "import") if plan.valid and needed else None
    except OSError as exc:  # a full disk or a read-only backup folder: a sentence, nothing written
        known = translate(exc, str(exc.filename or ""))
        if known is None:
            raise
        raise known from exc
    if progress:
        progress(tr("已备份，开始写入"), 0.1)
    if cancelled and cancelled():
        raise Cancelled()
    if not needed and _unchanged_since_check(db, plan):
        assert plan.outcome is not None
        return ImportResult(dict(plan.report(), backup=None), _change(db, plan, plan.outcome), None)
    with db.session() as s:
        locks.hold(s, locks.IMPORT)  # one import at a time; the matching below sees the last one's rows
        grids = dict(plan.grids)
        created: dict[str, int] = {}
        made: list[int] = []
        if plan.options.create_grids_under:
            parent = importer_grids.parent_for_new(s, plan.options.create_grids_under)
            names = sorted(t for t, m in grids.items() if not m.matched and not m.ambiguous)  # never a 2nd namesake
            created = importer_grids.create(s, parent, names)
            for name, gid in created.items():
                grids[name] = importer_grids.GridMatch(name, gid, "", name)
            made = list(created.values())
        elif plan.options.create_grids_from_file:
            wanted = {t for t, m in grids.items() if not m.matched and not m.ambiguous}
            paths = sorted({p.grid_path for p in plan.valid if p.grid_key in wanted})
            placed, made = importer_grids.create_paths(s, paths, tr("导入花名册时新建"))
            for path, gid in placed.items():
                key = " · ".join(x for x in path if x)
                grids[key] = importer_grids.GridMatch(key, gid, "", path[2])
                created[key] = gid
        outcome = importer_apply.resolve(s, plan.valid, grids, plan.options.date, write=True,
                                         note=plan.path.name, progress=progress, within=_within_ids(s, plan.options))
        if made:
            outcome.grids_created = sorted(created)
            outcome.added["grid"] = made  # deepest first: undo deletes them in this order
            audit.record_rows(s, "grid", "insert", made, note=plan.path.name)
        if cancelled and cancelled():
            raise Cancelled()
    plan.outcome = outcome
    plan.grids = grids  # the grids made are matched now
    if outcome.added.get("person"):  # the tables changed shape: fresh statistics for the planner
        maintenance.analyze(db.engine)
    report = plan.report()
    report["backup"] = str(backup) if backup else None
    change = _change(db, plan, outcome)
    return ImportResult(report, change, backup)


def _change(db: Database, plan: ImportPlan, outcome: importer_apply.Outcome) -> Change:
    description = tr("导入花名册 {name}：新增 {added} 人，更新 {updated} 人").format(
        name=plan.path.name, added=len(outcome.new_rows), updated=len(outcome.updated_rows))

    def undo() -> Change:
        importer_apply.undo(db, outcome)
        return Change.of(tr("撤销") + description, outcome.touched(), undo=lambda: commit(db, refresh(db, plan)).change)

    return Change.of(description, outcome.touched(), undo=undo if outcome.anything else None)


def communities(db: Database) -> list[tuple[str, str]]:
    """(code, name) of the villages / communities: the scopes a street office imports into."""
    from gridoffice.domain.codes import GridLevel
    from gridoffice.store.models import Grid

    with db.reading() as s:
        rows = s.execute(select(Grid.code, Grid.name).where(Grid.deleted_at.is_(None), Grid.level == GridLevel.COMMUNITY)
                         .order_by(Grid.sort_order, Grid.code)).all()
    return [(r.code, r.name) for r in rows]


def grids_for_new(db: Database) -> list[tuple[int, str, str]]:
    """(id, code, name) of the general grids that new micro-grids may be created under."""
    with db.reading() as s:
        return importer_grids.general_grids(s)


def write_rejected(plan: ImportPlan, out: str | Path, db: Database | None = None) -> Path:
    """The rejected rows as they were (household number filled in where it was merged or
    left blank) plus 原行号 and 原因, ready to be fixed and imported again. Never onto the
    roster itself, the database or a backup (store/outputs.py)."""
    hh_col = plan.mapping.column_of("household_number")
    text_cols = [c for c in (plan.mapping.column_of("id_number"), plan.mapping.column_of("phone"),
                             hh_col) if c is not None]
    rows = []
    for p in plan.rejected:
        cells = list(p.raw)
        if hh_col is not None and p.household_number:
            cells += [""] * (hh_col + 1 - len(cells))
            if cells[hh_col] in ("", None):
                cells[hh_col] = p.household_number
        rows.append((p.row, cells, "；".join(r.text for r in p.rejects)))
    with outputs.atomic_output(out, db=db, inputs=[plan.path]) as tmp:
        roster_rejected.write(tmp, plan.header, rows, text_cols)
    return Path(out)

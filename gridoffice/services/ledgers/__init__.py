"""The ledgers ``gridoffice export LEDGER`` and the Export dialog offer.

Each feature registers a builder: ``@register("roster", "住户人口花名册")`` on a function
``(db, options) -> Ledger`` in a module named ``gridoffice/services/ledgers/<name>.py``; the CLI
and the GUI call ``available()`` (which imports every such module) and hand the Ledger to a
writer in exports/.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from gridoffice.exports.errors import ExportCancelled
from gridoffice.exports.ledger import Cancelled, Ledger, Progress, WriteResult
from gridoffice.i18n import source_language, tr
from gridoffice.services.errors import ServiceError
from gridoffice.store import Database, outputs
from gridoffice.store.errors import translate

__all__ = ["ExportCancelled", "LedgerEntry", "LedgerError", "LedgerOptions", "WriteResult", "available",
           "build", "export", "period", "register"]


@dataclass(frozen=True)
class LedgerOptions:
    on: dt.date = field(default_factory=dt.date.today)
    grid_code: str | None = None  # limit to this grid and everything under it
    public: bool = False
    campaign_id: int | None = None  # handout ledgers
    extra: dict[str, str] = field(default_factory=dict)


Builder = Callable[[Database, LedgerOptions], Ledger]


@dataclass(frozen=True)
class LedgerEntry:
    key: str
    label: str
    build: Builder
    public: bool = True  # a 公示 version may be made (False: sensitive lists such as 重点人群)


LEDGERS: dict[str, LedgerEntry] = {}


def register(key: str, label: str, *, public: bool = True) -> Callable[[Builder], Builder]:
    def wrap(fn: Builder) -> Builder:
        LEDGERS[key] = LedgerEntry(key, label, fn, public)
        return fn

    return wrap


def available() -> dict[str, LedgerEntry]:
    """Every registered ledger (imports all ``gridoffice.services.ledgers.*`` modules)."""
    import importlib
    import pkgutil

    import gridoffice.services.ledgers as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "kit":
            importlib.import_module(f"{package.__name__}.{info.name}")
    return dict(LEDGERS)


class LedgerError(ServiceError):
    """What the user asked for cannot be exported (unknown ledger or grid, a key-population list
    asked for in public). ``str(err)`` is the sentence to show."""


def entry(key: str) -> LedgerEntry:
    ledgers = available()
    if key not in ledgers:
        names = "、".join(sorted(ledgers))
        raise LedgerError(tr("没有名为“{key}”的台账。可导出的台账：{names}").format(key=key, names=names))
    return ledgers[key]


def build(db: Database, key: str, options: LedgerOptions) -> Ledger:
    """The ledger ``key`` for ``options`` (rows are generated later, while it is written)."""
    found = entry(key)
    _check_period(options)
    if options.public and not found.public:
        raise LedgerError(tr("{label}含有敏感信息，不能导出公示版。").format(label=tr(found.label)))
    with source_language():  # a ledger for upper levels is Chinese whatever the screen shows
        ledger = found.build(db, options)
    ledger.public = options.public
    return ledger


FIRST_WEEK = 7  # up to this day of the month a period ledger's default is the last full month


def period(options: LedgerOptions) -> tuple[dt.date, dt.date]:
    """The period of a ledger by period (visits, matters): ``extra['from'] / ['to']`` when given;
    else the month up to ``on`` — or, in the month's first week, when that is nearly empty, the
    last full month (the title prints the period, so the reader sees which)."""
    from gridoffice.domain.ages import parse_loose_date

    start = parse_loose_date(options.extra.get("from"))
    end = parse_loose_date(options.extra.get("to"))
    on = options.on
    if start is None and end is None and on.day <= FIRST_WEEK:
        last = on.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last
    return start or on.replace(day=1), end or on


def _check_period(options: LedgerOptions) -> None:
    """A period whose start is after its end would give an empty ledger that looks complete."""
    from gridoffice.domain.ages import parse_loose_date

    for first, last in (("from", "to"), ("since", "until")):
        start = parse_loose_date(options.extra.get(first))
        end = parse_loose_date(options.extra.get(last))
        if start is not None and end is not None and start > end:
            raise LedgerError(tr("起始日期 {start} 晚于截止日期 {end}，请把两个日期对调。").format(
                start=start.isoformat(), end=end.isoformat()))


def _write_pdf(ledger: Ledger, target: Path, progress: Progress | None,
               cancelled: Cancelled | None) -> WriteResult:
    """The same ledger as a PDF for printing (header repeated on every page, signature line)."""
    from gridoffice.exports.pdf_table import write_ledger_pdf  # reportlab, when a PDF is written

    rows = 0

    def count(done: int, expected: int | None) -> None:
        nonlocal rows
        rows = done
        if progress is not None:
            progress(done, expected)

    write_ledger_pdf(ledger, target, progress=count, cancelled=cancelled)
    return WriteResult(target, len(ledger.sheets), rows)


def export(db: Database, key: str, options: LedgerOptions, path: str | os.PathLike[str],
           progress: Progress | None = None, cancelled: Cancelled | None = None) -> WriteResult:
    """Build and write one ledger as .xlsx. Raises ``LedgerError`` for a wrong request,
    ``StoreError`` with a sentence for a full disk / no permission / locked database, and
    ``ExportCancelled`` when ``cancelled()`` said so (no file is left behind)."""
    target = outputs.check_target(path, db=db)  # before the work: never onto the database
    ledger = build(db, key, options)
    if target.suffix.lower() not in (".xlsx", ".pdf"):
        raise LedgerError(tr("台账可保存为 .xlsx（Excel）或 .pdf（直接打印）文件：{path}").format(path=target))
    if not target.parent.is_dir():
        raise LedgerError(tr("文件夹不存在：{path}").format(path=target.parent))
    try:
        # through the output guard: a temporary file beside the target, private, renamed into
        # place, so a failure or a cancel leaves no half file
        with outputs.atomic_output(target, db=db) as tmp, source_language():
            if target.suffix.lower() == ".pdf":
                result = _write_pdf(ledger, tmp, progress, cancelled)
            else:
                # openpyxl, imported when a workbook is written
                from gridoffice.exports.xlsx import write_ledger

                result = write_ledger(ledger, tmp, progress, cancelled)
        return replace(result, path=target)
    except PermissionError as exc:
        if target.exists():
            raise LedgerError(tr("不能覆盖 {path}：文件可能正在 Excel 或 WPS 中打开。请关闭它，或换一个文件名再导出。")
                              .format(path=target)) from exc
        known = translate(exc, str(target.parent))
        raise (known or LedgerError(str(exc))) from exc
    except OSError as exc:
        known = translate(exc, str(target))
        if known is not None:
            raise known from exc
        raise LedgerError(tr("无法写入文件 {path}：{error}").format(path=target, error=exc.strerror or exc)) from exc

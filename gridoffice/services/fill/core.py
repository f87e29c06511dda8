"""Filling an upper level's own blank form (一表通) from the database, keeping the form.

    plan = fill.open_form("上级表.xlsx")                       # header, data area, suggested fields
    plan = fill.with_map(plan, ["联系方式=phone"])              # the clerk corrects a column
    report = fill.fill(db, plan, FillOptions(who="age:60", on=day), "已填.xlsx")

The form file itself is never changed: the filled copy is written through the output guard
(``store/outputs.atomic_output``). An .xls / .ods form is written back as .xlsx, and the report
says so. Refusals (no header, a protected sheet, rows already filled and no choice made, a
column mapped twice) are ``FillError`` sentences.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gridoffice.i18n import source_language, tr
from gridoffice.services.errors import cli_only, hints
from gridoffice.services.fill import counts as fill_counts
from gridoffice.services.fill import form_fields, form_reader, form_writer
from gridoffice.services.fill import rows as fill_rows
from gridoffice.services.fill.form_reader import Form, FormError, FormLayout
from gridoffice.services.fill.rows import FillError, Who, parse_who
from gridoffice.store import Database, outputs
from gridoffice.store.errors import translate

__all__ = ["FillError", "FillOptions", "FillPlan", "FillReport", "FormError", "fill", "list_fields", "open_form", "preview",
           "with_map"]
EXISTING = ("below", "replace")


@dataclass
class FillPlan:
    form: Form
    layout: FormLayout
    mapping: dict[int, str | None]  # sheet column → field key (None: left empty)

    @property
    def path(self) -> Path:
        return self.form.path

    def header_of(self, column: int) -> str:
        return next((c.header for c in self.layout.columns if c.column == column), str(column))

    def mapped(self) -> list[tuple[int, str]]:
        return [(c, k) for c, k in sorted(self.mapping.items()) if k]

    def unmapped(self) -> list[str]:
        return [c.header for c in self.layout.columns if not self.mapping.get(c.column)]

    def mapping_by_header(self) -> dict[str, str | None]:
        return {c.header: self.mapping.get(c.column) for c in self.layout.columns}


@dataclass(frozen=True)
class FillOptions:
    who: str | None = None  # default: by the form (grids for a statistics form, else all)
    grid_code: str | None = None
    on: dt.date = field(default_factory=dt.date.today)
    public: bool = False
    existing: str | None = None  # below / replace, when the form already holds data rows
    campaign_id: int | None = None  # kits columns of a statistics form


@dataclass
class FillReport:
    path: Path
    sheet: str
    header_rows: tuple[int, int]
    mapping: dict[str, str | None]
    who: str
    rows: int
    first_row: int
    inserted: int
    total_row: int | None
    empty_columns: list[str]
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "sheet": self.sheet, "header_rows": list(self.header_rows),
                "mapping": self.mapping, "who": self.who, "rows_written": self.rows,
                "first_row": self.first_row, "rows_inserted": self.inserted, "total_row": self.total_row,
                "columns_left_empty": self.empty_columns, "notes": self.notes}


def list_fields() -> list[dict[str, Any]]:
    """The field vocabulary (``gridoffice fill --list-fields``, the wizard's choices)."""
    return form_fields.listing()


def open_form(path: str | os.PathLike[str], sheet: str | None = None) -> FillPlan:
    """Read the form and suggest a field for every column (raises ``FormError``)."""
    form = form_reader.open_form(path)  # type: ignore[arg-type]
    layout = form_reader.analyse(form, sheet)
    return FillPlan(form, layout, suggest(layout, layout.mode))


def suggest(layout: FormLayout, mode: str) -> dict[int, str | None]:
    """A field for each column by its header; a field already taken leaves a later column empty."""
    mapping: dict[int, str | None] = {}
    taken: set[str] = set()
    for c in layout.columns:
        key = form_fields.match_column(c.sub, c.group, mode)
        if key in taken:
            key = None
        if key:
            taken.add(key)
        mapping[c.column] = key
    return mapping


def with_map(plan: FillPlan, items: list[str]) -> FillPlan:
    """``表头=字段`` corrections (字段 a key or a label; empty: leave the column empty)."""
    mapping = dict(plan.mapping)
    seen: set[int] = set()
    for item in items:
        header, sep, key = item.partition("=")
        header, key = header.strip(), key.strip()
        if not sep or not header:
            raise FillError(tr("列的对应应写成 表头=字段，例如 联系方式=phone：{item}").format(item=item),
                            **cli_only(tr("（--map）")))
        column = _column(plan.layout, header)
        if column in seen:
            raise FillError(tr("“{header}”这一列指定了两次。").format(header=header),
                            **cli_only(tr("请只保留一个 --map。")))
        seen.add(column)
        field_key = _field(key) if key else None
        if field_key and field_key != "serial":  # a field moved here leaves the column it was suggested for
            for other, k in list(mapping.items()):
                if k == field_key and other not in seen:
                    mapping[other] = None
        mapping[column] = field_key
    return replace(plan, mapping=mapping)


def _column(layout: FormLayout, header: str) -> int:
    wanted = form_reader.normalized(header)
    for c in layout.columns:
        if header == c.header or wanted in (form_reader.normalized(c.header), form_reader.normalized(c.sub)):
            return c.column
    if header.isalpha() and header.isascii() and len(header) <= 3:  # a column letter: D=phone
        from openpyxl.utils import column_index_from_string

        index = column_index_from_string(header.upper())
        if any(c.column == index for c in layout.columns):
            return index
    names = "、".join(c.header for c in layout.columns)
    raise FillError(tr("表头里没有“{header}”这一列。表头：{names}").format(header=header, names=names))


def _field(key: str) -> str:
    if key in form_fields.BY_KEY:
        return key
    for spec in form_fields.FIELDS:
        if key in (spec.label, tr(spec.label)):
            return spec.key
    raise FillError(tr("没有名为“{key}”的字段。").format(key=key),
                    **cli_only(tr("可用 gridoffice fill --list-fields 查看全部字段。")))


def check(plan: FillPlan, options: FillOptions) -> Who:
    """The refusals, before anything is read from the database or written."""
    layout = plan.layout
    if layout.protected:
        raise FillError(tr("工作表“{sheet}”设置了保护，无法填写。请在 Excel 或 WPS 里撤销工作表保护后再试。")
                        .format(sheet=layout.sheet))
    keys = [k for _c, k in plan.mapped()]
    twice = sorted({k for k in keys if keys.count(k) > 1 and k != "serial"})
    if twice:
        raise FillError(tr("字段“{field}”对应了两列，请把其中一列改为不填。").format(field=form_fields.label(twice[0])))
    if not [k for k in keys if k != "serial"]:
        raise FillError(tr("表头里没有认出任何可填的列。"), **hints(
            cli=tr("请用 --map 表头=字段 指定。"),
            gui=tr("请回到“核对每一列填什么”，在“填写字段”一栏给要填的列选上字段。")))
    if layout.filled_rows and options.existing not in EXISTING:
        raise FillError(tr("表格第 {first}–{last} 行已经有数据：请选择接在后面填还是替换这些行。").format(
            first=layout.filled_rows[0], last=layout.filled_rows[-1]), **hints(
            cli=tr("（--existing below 或 --existing replace）"),
            gui=tr("请回到“填哪些人、哪个网格”，在“表格已有数据时：”里选一项。")))
    who = parse_who(options.who, default_who(plan))
    if who.mode == form_fields.COUNT and not any(form_fields.BY_KEY[k].group == form_fields.COUNT
                                                 for k in keys if k in form_fields.BY_KEY):
        raise FillError(tr("按网格填的统计表要有户数、人数这样的统计列，这张表没有。"))
    return who


def default_who(plan: FillPlan) -> str:
    """Whom a form lists when nobody said: grids for a statistics form, households for a
    household list, else every resident."""
    return {form_fields.COUNT: "grids", form_fields.HOUSEHOLD: "households",
            form_fields.STAFF: "staff"}.get(plan.layout.mode, "all")


@dataclass
class _Rows:
    rows: list[list[Any]]
    totals: dict[str, Any] = field(default_factory=dict)


def _rows(db: Database, plan: FillPlan, who: Who, options: FillOptions, limit: int | None = None) -> _Rows:
    keys = [k for _c, k in plan.mapped()]
    if who.mode == form_fields.COUNT:
        found = fill_counts.count_rows(db, who.kind, keys, options.grid_code, options.on, options.public,
                                       options.campaign_id)
        rows, totals = found.rows, found.totals
    else:
        grid_id = None
        if options.grid_code:
            from gridoffice.services.scope import grid_id_by_code

            grid_id = grid_id_by_code(db, options.grid_code)
        if who.kind == "staff":
            rows = fill_rows.staff_rows(db, keys, grid_id, options.public)
        else:
            rows = fill_rows.person_rows(db, who, keys, grid_id, options.on, options.public)
        totals = {}
    if "serial" in keys:
        i = keys.index("serial")
        for n, row in enumerate(rows, start=1):
            row[i] = n
    return _Rows(rows[:limit] if limit else rows, totals)


def preview(db: Database, plan: FillPlan, options: FillOptions, limit: int = 5) -> list[list[Any]]:
    """The first rows the form would get, one value per mapped column (for the wizard)."""
    who = check(plan, replace(options, existing=options.existing or "below"))
    with source_language():
        return _rows(db, plan, who, options, limit).rows


def fill(db: Database, plan: FillPlan, options: FillOptions, out: str | os.PathLike[str]) -> FillReport:
    """Fill the form and save the copy as ``out`` (.xlsx). Raises ``FillError`` / ``FormError``
    for what the clerk can correct, ``StoreError`` for a full disk or a file open elsewhere."""
    target = outputs.check_target(out, db=db, inputs=[plan.path])
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        raise FillError(tr("填好的表格保存为 .xlsx 文件：{path}").format(path=target))
    if not target.parent.is_dir():
        raise FillError(tr("文件夹不存在：{path}").format(path=target.parent))
    who = check(plan, options)
    with source_language():  # a form for upper levels is Chinese whatever the screen shows
        found = _rows(db, plan, who, options)
    layout = plan.layout
    columns = []
    for column, key in plan.mapped():
        spec = form_fields.BY_KEY[key]
        kind = "serial" if key == "serial" else spec.kind
        if kind == "date":
            kind = form_writer.date_kind(plan.header_of(column))
        columns.append(form_writer.FillColumn(column, kind, total=spec.group == form_fields.COUNT and spec.kind == "int"))
    totals = {}
    if options.public and found.totals:
        totals = {c: found.totals[k] for c, k in plan.mapped() if k in found.totals}
    data = form_writer.FillData(columns, found.rows, replace=options.existing == "replace",
                                add_total=who.mode == form_fields.COUNT, totals=totals)
    ws = plan.form.book[layout.sheet]
    result = form_writer.fill(ws, layout, data)
    try:
        with outputs.atomic_output(target, db=db, inputs=[plan.path]) as tmp:
            plan.form.book.save(tmp)
    except PermissionError as exc:
        if target.exists():
            raise FillError(tr("不能覆盖 {path}：文件可能正在 Excel 或 WPS 中打开。请关闭它，或换一个文件名。")
                            .format(path=target)) from exc
        known = translate(exc, str(target.parent))
        raise (known or FillError(str(exc))) from exc
    finally:
        # the workbook in memory now holds the filled rows: read the form again for another fill
        plan.form.book = None
    return FillReport(target, layout.sheet, layout.header_rows, plan.mapping_by_header(), who.text,
                      len(found.rows), result.first_row, result.inserted, result.total_row, plan.unmapped(),
                      list(plan.form.notes))

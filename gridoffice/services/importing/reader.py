"""Reading a roster spreadsheet (.xlsx, .xlsm, .xls, .ods) into raw rows.

python-calamine reads every format, about ten times faster than openpyxl's read-only mode.
Rows come back as they are in the sheet (no interpretation), each with its 1-based sheet row
number so every report can point the clerk at the row. Merged cells are not expanded:
calamine gives the value in the merge's first cell and blanks below, which is exactly what a
household number "written once" looks like too, so both are handled the same way later.

Anything that is not a readable spreadsheet raises :class:`RosterFileError` with one Chinese
sentence; never a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gridoffice.exports.errors import ExportError
from gridoffice.i18n import tr

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


class RosterFileError(ExportError):
    """The file cannot be read as a roster. ``str(err)`` is the sentence for the clerk."""

    def __init__(self, code: str, message: str, detail: str = "") -> None:
        super().__init__(message, detail)
        self.code = code

    def __reduce__(self) -> tuple[object, ...]:  # raised in a reading child, shown by the parent
        return (RosterFileError, (self.code, self.message, self.detail), self.__dict__)  # the hints too


@dataclass
class RawSheet:
    name: str
    rows: list[tuple[int, list[object]]]  # (sheet row number, cell values)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(cells) for _, cells in self.rows), default=0)


@dataclass
class RawWorkbook:
    path: Path
    sheets: list[RawSheet]

    def sheet(self, name: str | None) -> RawSheet:
        if name is None:
            return self.sheets[0]
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise RosterFileError("no_such_sheet", tr("文件里没有名为“{name}”的工作表。").format(name=name))


def _clean(value: object) -> object:
    """Calamine cell values: str, int, float, bool, date, datetime, time, timedelta."""
    if isinstance(value, str):
        return value if value.strip() else ""
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


def _encrypted(path: Path) -> bool:
    """Password-protected .xlsx files are OLE containers holding 'EncryptedPackage'."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
                return False
            fh.seek(0)
            data = fh.read(1 << 20)
    except OSError:
        return False
    return "EncryptedPackage".encode("utf-16-le") in data


def sheet_names(path: str | Path) -> list[str]:
    """The sheets' names, without reading their cells (for a sheet chooser on the GUI thread)."""
    import python_calamine as cal

    from gridoffice.services.importing import sheet_limits

    path = Path(path)
    try:
        if path.stat().st_size == 0 or _encrypted(path):
            return []
        sheet_limits.check(path)
        return list(cal.CalamineWorkbook.from_path(str(path)).sheet_names)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # anything unreadable is said when the clerk goes on
        return []


def read_workbook(path: str | Path) -> RawWorkbook:
    """All sheets of the file, as raw rows. Raises RosterFileError with a sentence."""
    import python_calamine as cal

    path = Path(path)
    if not path.exists():
        raise RosterFileError("not_found", tr("找不到文件：{path}").format(path=path))
    if path.is_dir():
        raise RosterFileError("not_found", tr("这是一个文件夹，不是表格文件：{path}").format(path=path))
    if path.suffix.lower() not in SUFFIXES:
        raise RosterFileError(
            "unsupported",
            tr("不支持这种文件（{suffix}）。请选择 Excel 表格（.xlsx 或 .xls）。").format(suffix=path.suffix or "无扩展名"),
        )
    if path.stat().st_size == 0:
        raise RosterFileError("empty_file", tr("文件是空的（0 字节），可能没有保存完整。"))
    if _encrypted(path):
        raise RosterFileError("password", tr("这个表格设置了打开密码。请在 Excel 或 WPS 里取消密码后另存，再导入。"))
    from gridoffice.services.importing import sheet_limits

    sheet_limits.check(path)  # before calamine builds its dense grid
    try:
        book = cal.CalamineWorkbook.from_path(str(path))
        sheets: list[RawSheet] = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows: list[tuple[int, list[object]]] = []
            start_row = sheet.start[0] if sheet.start else 0
            start_col = sheet.start[1] if sheet.start else 0
            for i, cells in enumerate(sheet.iter_rows()):
                values = [""] * start_col + [_clean(v) for v in cells]
                rows.append((start_row + i + 1, values))
            try:
                merged = list(sheet.merged_cell_ranges or [])
            except Exception:  # not every format reports merges
                merged = []
            sheets.append(RawSheet(name, rows, merged))
    except cal.PasswordError as exc:
        raise RosterFileError("password", tr("这个表格设置了打开密码。请在 Excel 或 WPS 里取消密码后另存，再导入。")) from exc
    except OSError as exc:
        raise RosterFileError("unreadable", tr("无法读取文件：{error}").format(error=exc.strerror or exc)) from exc
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # calamine errors, and a Rust panic on a truly mangled file
        raise RosterFileError(
            "damaged", tr("文件已损坏，或者不是 Excel 表格，无法读取。请在 Excel 或 WPS 里打开后另存为 .xlsx 再试。")
        ) from exc
    if not any(any(v not in ("", None) for v in cells) for s in sheets for _, cells in s.rows):
        raise RosterFileError("no_rows", tr("表格里没有任何内容。"))
    return RawWorkbook(path, sheets)

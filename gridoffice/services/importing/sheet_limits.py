"""Limits checked before a spreadsheet reaches python-calamine.

Calamine expands a sheet to a dense grid from A1 to its last used cell: one cell at XFD1048576
in a 5 KB file asks for 17 billion cells and aborts the process; one at XFD3000 takes 44 s and
2 GB. So before it reads, the zip's total uncompressed size is checked (a 1.5 GB string in a
1.5 MB file), then every worksheet's XML is streamed (never held whole) for the largest row
and column it actually uses, whatever its ``<dimension>`` claims. ``read_isolated`` reads in a
child process with a memory cap, so that a native abort on a file nobody foresaw ends the
child, not the program.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from typing import Any

from gridoffice.i18n import tr
from gridoffice.services.importing.reader import RosterFileError, read_workbook

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, all parts of the file together
MAX_ROWS = 1_048_576
MAX_COLUMNS = 200
MAX_CELLS = 20_000_000  # the dense grid calamine builds: ~0.7 GB at 32 bytes a cell
CHILD_MEMORY = 3 * 1024 * 1024 * 1024  # address space of the reading child
_CHUNK = 1 << 20

# a cell reference in a cell (<c r="XFD3000") or a row number (<row r="3000")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"([0-9]{1,7})\"")


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _too_large(what: str) -> RosterFileError:
    return RosterFileError("too_large", tr("这个表格太大或内容分布异常（{what}），无法导入。请在 Excel 或 WPS 里只保留花名册的内容，另存后再试。").format(
        what=what), what)


def used_extent(stream: Any) -> tuple[int, int]:
    """(last row, last column) actually used in a worksheet's XML, read in chunks."""
    last_row = last_col = 0
    tail = b""
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        data = tail + chunk
        refs = _CELL_REF.findall(data)  # (letters, row) per cell: the distinct ones converted (250,000 cells a roster)
        if refs:
            last_col = max(last_col, *(column_number(c) for c in {c for c, _ in refs}))
            last_row = max(last_row, *(int(r) for r in {r for _, r in refs}))
        rows = _ROW_REF.findall(data)
        if rows:
            last_row = max(last_row, *(int(r) for r in set(rows)))
        tail = data[-256:]  # a tag cut by the chunk boundary is matched on the next round
    return last_row, last_col


def check(path: Path) -> None:
    """Raise RosterFileError (code "too_large") when reading ``path`` would exhaust memory. Only zip-based files
    (.xlsx/.xlsm/.ods) are checked; anything else is left to the reader."""
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = sum(info.file_size for info in infos)
            if total > MAX_UNCOMPRESSED:
                raise _too_large(tr("解压后 {mb} MB，上限 {limit} MB").format(
                    mb=total // (1024 * 1024), limit=MAX_UNCOMPRESSED // (1024 * 1024)))
            for info in infos:
                if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                    continue
                with zf.open(info) as stream:
                    rows, cols = used_extent(stream)
                if rows > MAX_ROWS or cols > MAX_COLUMNS or rows * cols > MAX_CELLS:
                    raise _too_large(tr("工作表用到第 {rows} 行、第 {cols} 列").format(rows=rows, cols=cols))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return  # damaged: the reader says so in its own words


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
    except (ImportError, ValueError, OSError):
        pass  # Windows: no cap, the child still shields the program


def read_isolated(path: str | Path) -> Any:
    """``roster_reader.read_workbook(path)`` in a child process with a memory cap. A child that
    dies (a native abort, out of memory) is a sentence, not the end of the program."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_limit_memory) as pool:
        try:
            return pool.submit(read_workbook, Path(path)).result()
        except (BrokenProcessPool, MemoryError) as exc:
            raise RosterFileError("damaged", tr(
                "读取这个文件时出错（文件可能已损坏或太大），程序没有受影响。请在 Excel 或 WPS 里打开后另存为 .xlsx 再试。"),
                f"{type(exc).__name__}: {exc} ({sys.platform})") from exc

"""Sparse-sheet and zip bombs are refused before python-calamine expands them (issue 14)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from gridoffice.services.importing import sheet_limits
from gridoffice.services.importing.reader import RosterFileError, read_workbook

DATA = Path(__file__).resolve().parents[1] / "data"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def sheet_xml(cells: list[tuple[str, int, str]], dimension: str | None = None) -> str:
    rows: dict[int, list[str]] = {}
    for col, row, value in cells:
        rows.setdefault(row, []).append(f'<c r="{col}{row}" t="inlineStr"><is><t>{value}</t></is></c>')
    body = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{dim}<sheetData>{body}</sheetData></worksheet>")


def make_xlsx(path: Path, sheet: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


HEADER = [("A", 1, "姓名"), ("B", 1, "身份证号")]


def test_a_small_sheet_reads(tmp_path):
    path = make_xlsx(tmp_path / "ok.xlsx", sheet_xml([*HEADER, ("A", 2, "王五")], "A1:B2"))
    book = read_workbook(path)
    assert book.sheets[0].rows[1][1][0] == "王五"


@pytest.mark.parametrize("far", ["XFD1048576", "XFD3000", "GS2"])
def test_a_far_cell_is_refused_whatever_the_dimension_says(tmp_path, far):
    col, row = far.rstrip("0123456789"), int(far[len(far.rstrip("0123456789")):])
    for dimension in (None, f"A1:{far}", "A1:B1"):
        path = make_xlsx(tmp_path / "bomb.xlsx", sheet_xml([*HEADER, (col, row, "x")], dimension))
        with pytest.raises(RosterFileError) as info:
            read_workbook(path)
        assert info.value.code == "too_large" and "太大" in str(info.value)


def test_the_bomb_is_refused_in_a_process_capped_at_200_mb(tmp_path):
    """Before the check, calamine asked for 17 billion cells and the process aborted."""
    path = make_xlsx(tmp_path / "bomb.xlsx", sheet_xml([*HEADER, ("XFD", 1048576, "x")]))
    assert path.stat().st_size < 5000
    script = textwrap.dedent(f"""
        import resource, sys
        from gridoffice.services.importing.reader import RosterFileError, read_workbook
        import python_calamine  # loaded before the cap: the cap is on what reading takes
        used = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (used + 200 * 1024 * 1024,) * 2)
        try:
            read_workbook({str(path)!r})
        except RosterFileError as exc:
            print(exc.code)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "too_large", done.stderr[-2000:]


def test_a_zip_that_inflates_past_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_limits, "MAX_UNCOMPRESSED", 1024 * 1024)
    path = make_xlsx(tmp_path / "big.xlsx", sheet_xml([*HEADER, ("A", 2, "王" * 600_000)]))
    with pytest.raises(RosterFileError) as info:
        read_workbook(path)
    assert info.value.code == "too_large"


def test_used_extent_finds_cells_across_chunk_boundaries(monkeypatch):
    import io

    monkeypatch.setattr(sheet_limits, "_CHUNK", 7)
    xml = sheet_xml([*HEADER, ("AB", 12, "x"), ("C", 40, "y")]).encode()
    assert sheet_limits.used_extent(io.BytesIO(xml)) == (40, 28)


def test_reading_in_a_child_process(tmp_path):
    book = sheet_limits.read_isolated(DATA / "roster_sample.xlsx")
    assert book.sheets and book.sheets[0].rows == read_workbook(DATA / "roster_sample.xlsx").sheets[0].rows
    path = make_xlsx(tmp_path / "bomb.xlsx", sheet_xml([*HEADER, ("XFD", 1048576, "x")]))
    with pytest.raises(RosterFileError) as info:
        sheet_limits.read_isolated(path)
    assert info.value.code == "too_large"


def test_a_full_disk_during_an_xlsx_export_is_one_error_not_a_second_one_later(monkeypatch, tmp_path):
    """openpyxl left its zip to ZipFile.__del__, which failed again on the full disk and printed
    "Exception ignored …" with a traceback after the CLI's one-line error (issue 14)."""
    import errno
    import gc
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    from gridoffice.exports.xlsx import write_ledger
    from tests.exports.test_xlsx import ledger

    def full(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ExcelWriter, "write_data", full)
    monkeypatch.setattr(zipfile.ZipFile, "_write_end_record", full)
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OSError) as info:
        write_ledger(ledger(), out / "roster.xlsx")
    assert info.value.errno == errno.ENOSPC
    del info
    gc.collect()
    assert unraisable == [] and list(out.iterdir()) == []

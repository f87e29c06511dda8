import datetime as dt
import zipfile
from pathlib import Path

import pytest

from gridoffice.services.importing.reader import RosterFileError, read_workbook

DATA = Path(__file__).parent.parent / "data"


def test_reads_the_sample_with_sheet_row_numbers(sample_roster):
    book = read_workbook(sample_roster)
    sheet = book.sheet(None)
    assert sheet.name == "花名册"
    numbers = [n for n, _ in sheet.rows]
    assert numbers[0] == 1 and numbers[-1] == 141
    row3 = dict(sheet.rows)[3]
    assert row3[2] == "赵丽明" and row3[5] == dt.date(1978, 4, 7)
    assert ((2, 1), (6, 1)) in sheet.merged  # 户编号 merged down over the first household


def test_reads_the_old_xls_format():
    book = read_workbook(DATA / "roster_sample.xls")
    rows = dict(book.sheets[0].rows)
    assert rows[3][2] == "赵丽明"
    assert isinstance(rows[5][3], float)  # the damaged ID, a number in .xls as well


@pytest.mark.parametrize("content, name, code", [
    (b"", "empty.xlsx", "empty_file"),
    (b"this is not a spreadsheet", "notes.xlsx", "damaged"),
    (b"PK\x03\x04 truncated zip", "cut.xlsx", "damaged"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "broken.xls", "damaged"),
    (b"a,b,c", "roster.csv", "unsupported"),
])
def test_unreadable_files_give_a_sentence(tmp_path, content, name, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RosterFileError) as info:
        read_workbook(path)
    assert info.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_password_protected_file():
    with pytest.raises(RosterFileError) as info:
        read_workbook(DATA / "roster_password.xlsx")
    assert info.value.code == "password" and "密码" in str(info.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(RosterFileError, match="找不到文件"):
        read_workbook(tmp_path / "nope.xlsx")
    with pytest.raises(RosterFileError) as info:
        read_workbook(tmp_path)
    assert info.value.code == "not_found"


def test_an_xlsx_with_a_corrupted_sheet_is_damaged(tmp_path, sample_roster):
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(sample_roster) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    with pytest.raises(RosterFileError) as info:
        read_workbook(bad)
    assert info.value.code == "damaged"


def test_a_workbook_with_nothing_in_it(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "blank.xlsx"
    Workbook().save(path)
    with pytest.raises(RosterFileError) as info:
        read_workbook(path)
    assert info.value.code == "no_rows"

import datetime as dt

import tests.pdfread as pdfread
from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.exports.pdf_table import write_ledger_pdf

HEADERS = ["序号", "微网格", "姓名", "性别", "年龄", "身份证号", "电话", "住址", "物资", "数量", "方式",
           "领取人签字", "代领人及关系", "发放人", "日期", "备注"]
WIDTHS = [4, 9, 7, 4, 4, 19, 12, 22, 10, 4, 5, 10, 10, 7, 10, 7]
KINDS = {"身份证号": "id", "电话": "phone", "姓名": "name"}
COLUMNS = [Column(h, w, KINDS.get(h, "text")) for h, w in zip(HEADERS, WIDTHS, strict=True)]


def rows(n: int, grid: str):
    names = ["王秀英", "䶮𠇔", "李堃", "张喆"]
    for i in range(n):
        yield [grid, names[i % 4], "女", 60 + i % 30, f"51012419{40 + i % 40:02d}0101{i:04d}", f"138{i:08d}",
               f"禹庙村{i % 9 + 1}组{i + 1}号" + ("（老房子后面那条小路进去第三家）" if i % 7 == 0 else ""),
               "健康爱心包", 1, "领取", "", "", "", dt.date(2023, 1, 8), ""]


def ledger(public: bool = False) -> Ledger:
    return Ledger("handout", "健康爱心包签收表", "禹庙村村民委员会", dt.date(2023, 1, 7),
                  [Sheet("第1微网格", "健康爱心包签收表（第1微网格）", COLUMNS, rows(57, "第1微网格"), row_count=57),
                   Sheet("第2微网格", "健康爱心包签收表（第2微网格）", COLUMNS, rows(12, "第2微网格"),
                         total=["", "", "", "", "", "", "", "", 12, "", "", "", "", "", ""])],
                  public=public, signatures=("发放人", "复核人", "日期"))


def test_sign_off_sheet_repeats_header_and_signature_line_on_every_page(tmp_path):
    path = tmp_path / "s.pdf"
    pages = write_ledger_pdf(ledger(), path)
    pdf = pdfread.read(path)
    assert pdf.pages == pages >= 3
    assert pdf.size_mm() == (297, 210)  # 16 columns: landscape
    for text in pdf.texts:
        flat = text.replace("\n", "")
        assert "领取人签字" in flat and "身份证号" in flat  # header row on every page
        assert "发放人：" in flat and "复核人：" in flat  # the xlsx's signature line
        assert "内部资料 注意保密" in flat and "填报单位（盖章）：禹庙村村民委员会" in flat
        assert "填报日期：2023年1月7日" in flat
    first_sheet = [t.replace("\n", "") for t in pdf.texts if "（第1微网格）" in t]
    assert f"第 1 页 / 共 {len(first_sheet)} 页" in first_sheet[0]  # the total is a form drawn at the end
    assert "第 1 页 / 共 1 页" in pdf.texts[-1].replace("\n", "") and "（第2微网格）" in pdf.texts[-1]
    assert "合计" in pdf.texts[-1].replace("\n", "")
    everything = pdf.text.replace("\n", "")
    assert "510124194001010000" in everything and "13800000056" in everything  # internal: full
    assert "䶮𠇔" in everything and pdf.glyph("𠇔") > 40
    assert all(f.embedded for f in pdf.fonts.values())


def test_rows_are_numbered_and_every_row_is_present(tmp_path):
    path = tmp_path / "s.pdf"
    write_ledger_pdf(ledger(), path)
    flat = pdfread.read(path, fonts_too=False).text
    for i in range(57):
        assert f"138{i:08d}" in flat
    assert "\n57 第1微网格" in flat


def test_public_version_masks_ids_and_phones(tmp_path):
    path = tmp_path / "s.pdf"
    write_ledger_pdf(ledger(public=True), path)
    flat = pdfread.read(path, fonts_too=False).text.replace("\n", "")
    assert "510124194001010000" not in flat and "13800000000" not in flat
    assert "510124********0000" in flat and "138****0000" in flat
    assert "内部资料" not in flat


def test_an_empty_ledger_still_makes_a_page(tmp_path):
    path = tmp_path / "s.pdf"
    assert write_ledger_pdf(Ledger("x", "空表", "办", dt.date(2023, 1, 7)), path) == 1


def test_progress_and_cancel_while_streaming(tmp_path):
    import pytest

    from gridoffice.exports.xlsx import ExportCancelled

    seen: list[tuple[int, int | None]] = []
    big = Ledger("handout", "签收表", "禹庙村", dt.date(2023, 1, 7),
                 [Sheet("a", "签收表", COLUMNS, rows(1200, "第1微网格"), row_count=1200)])
    write_ledger_pdf(big, tmp_path / "a.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (500, 1200) and seen[-1] == (1200, 1200)
    big.sheets[0].rows = rows(1200, "第1微网格")
    with pytest.raises(ExportCancelled):
        write_ledger_pdf(big, tmp_path / "b.pdf", cancelled=lambda: True)


def test_identifiers_stay_whole_and_the_body_prints_at_nine_points(tmp_path):
    import re

    path = tmp_path / "s.pdf"
    write_ledger_pdf(ledger(), path)
    pdf = pdfread.read(path, fonts_too=False)
    lines = pdf.text.splitlines()
    for i in range(57):
        assert any(f"51012419{40 + i % 40:02d}0101{i:04d}" in line for line in lines)
        assert any(f"138{i:08d}" in line for line in lines)
    sizes = {float(m) for page in pdf.reader.pages
             for m in re.findall(rb"/F\d+\+\d+ ([\d.]+) Tf", page.get_contents().get_data())}
    assert min(sizes) >= 9

"""The one layout both writers follow: kinds, widths from the content, paper and scale."""

import datetime as dt

import openpyxl

from gridoffice.exports import layout
from gridoffice.exports.ledger import Column, Ledger, Sheet, heading
from gridoffice.exports.pdf_table import write_ledger_pdf
from gridoffice.exports.xlsx import write_ledger

MEASURE = layout.cjk_measure()
SEQ = Column("序号", 5, "seq")


def test_kinds_are_inferred_from_headers_of_text_columns():
    kinds = {h: layout.kind_of(Column(h)) for h in ("户号", "残疾证号", "联系电话", "返乡日期", "反映时间",
                                                   "领取人签字", "住址", "备注")}
    assert kinds == {"户号": "code", "残疾证号": "code", "联系电话": "phone", "返乡日期": "date",
                     "反映时间": "datetime", "领取人签字": "sign", "住址": "text", "备注": "text"}
    assert layout.kind_of(Column("年龄", kind="int")) == "int"


def test_widths_follow_the_content_and_only_free_text_wraps():
    cols = [SEQ, Column("姓名", kind="name"), Column("残疾证号"), Column("住址")]
    rows = [[1, "王秀英", "51012419530214135143", "禹庙村1组1号" * 8]]
    plan = layout.plan(cols, rows, MEASURE)
    card = plan.widths[2]
    assert card >= MEASURE("51012419530214135143") + 2 * layout.PAD  # 20 digits on one line
    assert plan.wrap == [False, False, False, True]
    assert plan.scale == 1.0 and plan.printed_size >= layout.MIN_PRINTED


def test_wide_tables_go_a3_or_split_never_below_nine_points():
    wide = [SEQ, Column("姓名", kind="name")] + [Column(f"证号{i}") for i in range(8)]
    rows = [[1, "王秀英", *["51012419530214135143"] * 8]]
    plan = layout.plan(wide, rows, MEASURE)
    assert (plan.paper, plan.landscape) == ("A3", True) and plan.printed_size >= 9
    wider = [SEQ, Column("姓名", kind="name")] + [Column(f"证号{i}") for i in range(30)]
    plan = layout.plan(wider, [[1, "王秀英", *["51012419530214135143"] * 30]], MEASURE)
    assert plan.split and plan.printed_size == layout.BODY
    assert all(band[:2] == [0, 1] for band in plan.bands)  # 序号 and 姓名 on every page width
    assert sorted({i for band in plan.bands for i in band}) == list(range(32))


def test_a_split_ledger_repeats_the_first_columns_in_both_writers(tmp_path):
    cols = [Column("姓名", kind="name")] + [Column(f"证号{i}") for i in range(30)]
    rows = [["王秀英", *[f"5101241953021413{i:04d}" for i in range(30)]] for _ in range(3)]
    ledger = Ledger("x", "宽表", "禹庙村", dt.date(2023, 1, 7), [Sheet("宽表", "宽表", cols, iter(rows))])
    write_ledger(ledger, tmp_path / "w.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "w.xlsx").active
    assert ws.print_title_cols == "$A:$B" and ws.page_setup.scale == 100 and len(ws.col_breaks.brk) >= 1
    ledger.sheets[0].rows = iter(rows)
    pages = write_ledger_pdf(ledger, tmp_path / "w.pdf")
    assert pages >= 2


def test_titles_merge_their_notes_into_one_bracket():
    ledger = Ledger("s", "网格汇总表", "禹庙村", dt.date(2023, 1, 7), public=True)
    sheet = Sheet("按微网格", "网格汇总表（按微网格）（健康爱心包）", [], [])
    assert heading(ledger, sheet) == "禹庙村网格汇总表（按微网格，健康爱心包，公示）"
    ledger.public = False
    assert heading(ledger, Sheet("a", "花名册", [], [])) == "禹庙村花名册"


def test_a_note_with_brackets_of_its_own_is_merged_not_stacked():
    """The summary of a campaign named 健康爱心包（60岁以上） printed
    "（按微网格）（健康爱心包（60岁以上））（公示）"."""
    ledger = Ledger("summary", "网格汇总表", "禹庙村", dt.date(2023, 1, 7), public=True)
    sheet = Sheet("a", "网格汇总表（按微网格）（健康爱心包（60岁以上））", [], [])
    assert heading(ledger, sheet) == "禹庙村网格汇总表（按微网格，健康爱心包（60岁以上），公示）"

"""The one layout both writers follow: kinds, widths from the content, paper and scale."""

import datetime as dt

import openpyxl

from gridoffice.exports import layout
from gridoffice.exports.ledger import Column, Ledger, Sheet, heading, note_of
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


def test_the_matters_ledger_fits_a4_landscape_at_nine_points():
    """17 columns, three of them times: headers over up to three lines and free text squeezed,
    rather than A3 (which prints at ~7 pt on the office's A4 printer)."""
    heads = [("序号", "seq"), ("编号", "int"), ("反映时间", "datetime"), ("反映人", "name"), ("网格", "text"),
             ("地点", "text"), ("类别", "text"), ("事项内容", "text"), ("紧急程度", "text"), ("办理人", "text"),
             ("响应时间", "datetime"), ("办结时间", "datetime"), ("状态", "text"), ("转办去向", "text"),
             ("办理结果", "text"), ("响应用时（小时）", "float"), ("办结用时（天）", "float")]
    cols = [Column(h, 8, k) for h, k in heads]
    row = [1, 397, dt.datetime(2023, 1, 1, 8, 1), "杨国德", "第25微网格", "禹庙村25组24号", "设施报修",
           "老人家中断水，请求帮助联系维修", "一般", "魏晶", dt.datetime(2023, 1, 1, 15, 13),
           dt.datetime(2023, 1, 2, 1, 5), "已办结", "街道综治中心", "已处理，居民满意", 7.2, 0.6]
    plan = layout.plan(cols, [row], MEASURE)
    assert (plan.paper, plan.landscape) == ("A4", True) and plan.printed_size >= layout.MIN_PRINTED


def test_headers_break_at_sensible_points():
    assert layout.header_breaks("代领人及关系", 2) == ["代领人", "及关系"]
    assert layout.header_breaks("响应用时（小时）", 2) == ["响应用时", "（小时）"]
    assert layout.header_breaks("响应用时（小时）", 3) == ["响应", "用时", "（小时）"]
    assert layout.header_breaks("性别", 2) == ["性别"]
    assert all(len(part) > 1 for n in (2, 3) for part in layout.header_breaks("重度残疾人护理补贴", n))
    narrow = MEASURE("代领人及关") + 1  # room for five characters, not six
    assert layout.header_lines_for("代领人及关系", narrow, MEASURE) == ["代领人", "及关系"]


def test_wrapped_cells_leave_no_word_cut_short():
    from gridoffice.exports import fonts
    from gridoffice.exports.pdfkit import width, wrap

    fonts.register()
    size = 10
    room = width("禹庙村1组12", fonts.REGULAR, size) + 1
    assert wrap("禹庙村1组12号", fonts.REGULAR, size, room) == ["禹庙村1组", "12号"]
    room = width("向丽丽（外", fonts.REGULAR, size) + 1
    assert wrap("向丽丽（外甥女）", fonts.REGULAR, size, room) == ["向丽丽", "（外甥女）"]


def test_a_public_count_sheet_says_what_the_hidden_cells_mean(tmp_path):
    cols = [Column("微网格", 12, "name"), Column("低保", 6, "int")]
    sheet = Sheet("汇总", "汇总表", cols, iter([["第1微网格", "<3"], ["第2微网格", "*"]]),
                  grid_rows=[("micro", 1), ("micro", 2)])
    ledger = Ledger("summary", "网格汇总表", "禹庙村", dt.date(2023, 1, 7), [sheet], public=True)
    write_ledger(ledger, tmp_path / "s.xlsx")
    cells = [c.value for row in openpyxl.load_workbook(tmp_path / "s.xlsx").active.iter_rows() for c in row]
    assert any(isinstance(v, str) and "“<3”" in v and "“*”" in v for v in cells)
    from pypdf import PdfReader

    sheet.rows = iter([["第1微网格", "<3"], ["第2微网格", "*"]])
    write_ledger_pdf(ledger, tmp_path / "s.pdf")
    text = PdfReader(str(tmp_path / "s.pdf")).pages[0].extract_text()
    assert "“*”" in text and "隐去" in text
    ledger.public = False
    assert note_of(ledger, sheet) == ""  # the internal version shows the counts themselves


def test_a_list_of_names_breaks_between_names():
    from gridoffice.exports import fonts
    from gridoffice.exports.pdfkit import width, wrap

    fonts.register()
    room = width("赵珍慧、郭", fonts.REGULAR, 10) + 1
    assert wrap("赵珍慧、郭凤洁", fonts.REGULAR, 10, room) == ["赵珍慧、", "郭凤洁"]

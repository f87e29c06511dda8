import datetime as dt

import pytest

from gridoffice.exports.ledger import public_value, visible_columns
from gridoffice.services import ledgers
from gridoffice.services.matters import core as matters
from gridoffice.services.scope import UnknownGrid
from gridoffice.services.visits import records as visit_records
from tests.visit_office import build


@pytest.fixture
def office(db):
    ids = build(db)
    visit_records.record_visit(db, visit_records.VisitInput(
        dt.date(2023, 1, 5), None, [ids["grandpa"], ids["grandma"]], [ids["leader"], ids["doctor"]],
        health="血压偏高", safety="燃气灶老化", needs="更换燃气软管"), today=dt.date(2023, 1, 7))
    visit_records.record_visit(db, visit_records.VisitInput(
        dt.date(2023, 1, 6), ids["h3"], [], [ids["leader"]]), today=dt.date(2023, 1, 7))
    visit_records.record_visit(db, visit_records.VisitInput(
        dt.date(2022, 12, 30), None, [ids["widow"]], [ids["leader"]]), today=dt.date(2023, 1, 7))
    T = dt.datetime
    a = next(iter(matters.add_matter(db, matters.MatterInput(
        T(2023, 1, 3, 9), "设施报修", "电梯困人", grid_id=ids["m1"], reporter_name="王大姐",
        handler_staff_id=ids["leader"]), now=T(2023, 1, 7)).rows["matter"]))
    matters.move(db, a, matters.CLOSED, at=T(2023, 1, 3, 11), outcome="已解救")
    matters.add_matter(db, matters.MatterInput(T(2023, 1, 4, 9), "环境卫生", "垃圾", grid_id=ids["m2"]),
                       now=T(2023, 1, 7))
    matters.add_matter(db, matters.MatterInput(T(2022, 12, 4, 9), "求助", "去年的事"), now=T(2023, 1, 7))
    return ids


def test_both_ledgers_are_registered():
    found = ledgers.available()
    assert found["visits"].label == "入户走访记录"
    assert found["matters"].label == "民情事项登记台账"


def test_visits_ledger_rows_for_the_month(db, office):
    ledger = ledgers.available()["visits"].build(db, ledgers.LedgerOptions(on=dt.date(2023, 1, 7),
                                                                           extra={"to": "2023-01-07"}))
    assert ledger.key == "visits" and "2023-01-01 至 2023-01-07" in ledger.title
    sheet = ledger.sheets[0]
    rows = list(sheet.rows)
    assert sheet.row_count == 3 == len(rows)
    headers = [c.header for c in sheet.columns]
    first = dict(zip(headers, rows[0], strict=True))
    assert first["走访日期"] == dt.date(2023, 1, 5) and first["被访人"] == "张大爷"
    assert first["走访人"] == "李组长、周医生" and first["年龄"] == 82 and first["重点人群类别"] == "老年人"
    assert first["水电气安全"] == "燃气灶老化" and first["微网格"] == "第1微网格"
    household_row = dict(zip(headers, rows[2], strict=True))
    assert household_row["被访人"] == "全户（户主 赵师傅）" and household_row["年龄"] is None
    public = visible_columns(sheet, public=True)
    assert headers.index("健康状况") not in public and headers.index("住址") in public


def test_visits_ledger_period_and_grid(db, office):
    options = ledgers.LedgerOptions(on=dt.date(2023, 1, 7), grid_code="T-01-02",
                                    extra={"from": "2022-12-01", "to": "2023-01-31"})
    rows = list(ledgers.available()["visits"].build(db, options).sheets[0].rows)
    assert len(rows) == 1 and rows[0][2] == "T003"
    with pytest.raises(UnknownGrid, match="没有编码"):
        ledgers.available()["visits"].build(db, ledgers.LedgerOptions(grid_code="NOPE"))


def test_matters_ledger_rows_and_summary(db, office):
    ledger = ledgers.available()["matters"].build(db, ledgers.LedgerOptions(on=dt.date(2023, 1, 7),
                                                                            extra={"to": "2023-01-07"}))
    registry, summary = ledger.sheets
    headers = [c.header for c in registry.columns]
    rows = [dict(zip(headers, r, strict=True)) for r in registry.rows]
    assert [r["事项内容"] for r in rows] == ["电梯困人", "垃圾"]  # December's matter is outside
    assert rows[0]["响应用时（小时）"] == 2.0 and rows[0]["办结用时（天）"] == 0.1
    assert rows[0]["反映时间"] == dt.datetime(2023, 1, 3, 9, 0) and rows[0]["状态"] == "已办结"
    assert registry.columns[headers.index("反映时间")].kind == "datetime"  # a date cell in the xlsx
    assert rows[1]["办结时间"] is None and rows[1]["办结用时（天）"] is None
    reporter = registry.columns[headers.index("反映人")]
    assert reporter.sensitive and public_value(reporter, "王大姐") == "王大姐"
    summary_rows = list(summary.rows)
    assert [r[0] for r in summary_rows] == ["第一网格"]
    assert summary.total == ["合计", 2, 1, 1, 0, 2.0, 0.1]


def test_the_default_period_is_the_last_full_month_in_a_months_first_week():
    import datetime as dt

    from gridoffice.services import ledgers

    early = ledgers.LedgerOptions(on=dt.date(2026, 12, 2))
    assert ledgers.period(early) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    january = ledgers.LedgerOptions(on=dt.date(2027, 1, 7))
    assert ledgers.period(january) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    later = ledgers.LedgerOptions(on=dt.date(2026, 12, 8))
    assert ledgers.period(later) == (dt.date(2026, 12, 1), dt.date(2026, 12, 8))
    given = ledgers.LedgerOptions(on=dt.date(2026, 12, 2), extra={"from": "2026-12-01"})
    assert ledgers.period(given) == (dt.date(2026, 12, 1), dt.date(2026, 12, 2))  # what was asked for

import datetime as dt

import pytest
from campaign_world import REF, World

from gridoffice.exports.ledger import public_value, visible_columns
from gridoffice.services import ledgers
from gridoffice.services.campaigns import core as C
from gridoffice.services.campaigns import handouts as H
from gridoffice.services.campaigns import lists
from gridoffice.services.ledgers import LedgerOptions

HEADERS = ["微网格", "姓名", "性别", "年龄", "身份证号", "电话", "住址", "物资", "数量", "方式",
           "领取人签字", "代领人及关系", "发放人", "日期", "备注"]


def test_both_ledgers_are_registered():
    found = ledgers.available()
    assert found["handout"].label == "健康爱心包发放签收表"
    assert "handout-coverage" in found


def test_sign_off_sheet_per_micro_grid_with_masked_ids(db):
    w = World(db)
    w.person("甲", dt.date(1950, 1, 1), grid=0)
    w.person("乙", dt.date(1950, 1, 2), grid=0)
    w.person("丙", dt.date(1950, 1, 3), grid=1)
    cid, _ = C.create(db, C.CampaignSpec("健康爱心包", C.Criteria(REF, 60)))
    ids = lists.list_ids(db, cid, w.micro[0])
    H.record(db, cid, ids[:1], H.Handout(dt.date(2023, 1, 8), w.staff[0], C.DELIVERED, "李四", "儿子"),
             today=dt.date(2023, 1, 8))
    H.mark(db, cid, ids[1:], C.UNREACHABLE, "电话停机")
    ledger = ledgers.available()["handout"].build(db, LedgerOptions(on=dt.date(2023, 1, 9), campaign_id=cid))
    assert ledger.key == "handout" and ledger.title == "健康爱心包发放签收表"
    assert [s.name for s in ledger.sheets] == ["第1微网格", "第2微网格"]
    first = ledger.sheets[0]
    assert [c.header for c in first.columns] == HEADERS
    assert first.title.endswith("发放签收表（第1微网格，服务团队：组长1、网格员1）")
    assert first.row_mm >= 9 and first.columns[10].kind == "sign"
    rows = list(first.rows)
    assert len(rows) == 2 and first.row_count == 2
    handed, unreachable = rows
    assert handed[1] == "甲" and handed[3] == 73
    assert handed[4] == "510124********" + lists.rows(db, ids[:1])[0].id_number[-4:]
    assert handed[9:15] == ["上门", "", "李四（儿子）", "组长1", dt.date(2023, 1, 8), ""]
    assert unreachable[9] == "" and unreachable[12] == "" and unreachable[14] == "联系不上：电话停机"
    assert first.total[0] is None and first.total[8] == 2  # the writer puts 合计 under 序号
    # the writer's public version masks phones too, and the masked ID stays masked
    id_col = first.columns[4]
    assert public_value(id_col, handed[4]) == handed[4]
    assert handed[5] == lists.rows(db, ids[:1])[0].phone  # internal: the team calls from it
    assert public_value(first.columns[5], handed[5]).count("*") == 4
    assert visible_columns(first, True) == list(range(14))  # 备注 (reasons, notes: free text) is not public


def test_withdrawn_persons_are_not_on_the_sign_off_sheet(db):
    from gridoffice.services.campaigns import refresh as campaign_refresh

    w = World(db)
    a = w.person("甲", dt.date(1950, 1, 1))
    w.person("乙", dt.date(1950, 1, 2))
    cid, _ = C.create(db, C.CampaignSpec("健康爱心包", C.Criteria(REF, 60)))
    campaign_refresh.adjust(db, cid, a, False, "重复登记")
    ledger = ledgers.available()["handout"].build(db, LedgerOptions(campaign_id=cid))
    assert [r[1] for r in ledger.sheets[0].rows] == ["乙"]


def test_coverage_ledger_has_totals(village):
    cid, _ = C.create(village, C.CampaignSpec("健康爱心包", C.Criteria(REF, 60)))
    first_grid = lists.coverage(village, cid).micro[0]
    ids = lists.list_ids(village, cid, first_grid.grid_id)
    staff = lists.service_team(village, first_grid.grid_id)[0].id
    H.record(village, cid, ids, H.Handout(dt.date(2023, 1, 8), staff), today=dt.date(2023, 1, 8))
    ledger = ledgers.available()["handout-coverage"].build(village, LedgerOptions(campaign_id=cid))
    micro, general = ledger.sheets
    micro_rows = list(micro.rows)
    assert len(micro_rows) == 32
    assert micro_rows[0][3:6] == [len(ids), len(ids), 0] and micro_rows[0][8] == 1.0
    assert micro.total[3:6] == [1008, len(ids), 1008 - len(ids)]
    assert micro.total[8] == pytest.approx(len(ids) / 1008)
    assert len(list(general.rows)) == 4 and general.total[1:3] == [32, 1008]
    # limited to one general grid
    limited = ledgers.available()["handout-coverage"].build(
        village, LedgerOptions(campaign_id=cid, grid_code="YMC-01"))
    rows = list(limited.sheets[0].rows)
    assert len(rows) == 8 and limited.sheets[0].total[3] == sum(r[3] for r in rows)


def test_no_campaign_is_a_sentence(db):
    with pytest.raises(C.CampaignError, match="还没有发放活动"):
        ledgers.available()["handout"].build(db, LedgerOptions())

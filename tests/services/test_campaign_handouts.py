import datetime as dt

import pytest
from campaign_world import REF, World

from gridoffice.services.campaigns import core as C
from gridoffice.services.campaigns import handouts as H
from gridoffice.services.campaigns import lists
from gridoffice.services.campaigns.core import CampaignSpec, Criteria

DAY = dt.date(2023, 1, 8)


@pytest.fixture
def setup(db):
    w = World(db)
    for i in range(3):
        w.person(f"一组老{i}", dt.date(1950, 1, 1 + i), grid=0)
    for i in range(2):
        w.person(f"二组老{i}", dt.date(1950, 2, 1 + i), grid=1)
    cid, _ = C.create(db, CampaignSpec("爱心包", Criteria(REF, 60)))
    return w, cid


def test_batch_hand_out_then_second_hand_out_is_refused_with_when_and_by_whom(db, setup):
    w, cid = setup
    ids = lists.list_ids(db, cid, w.micro[0])
    H.record(db, cid, ids, H.Handout(DAY, w.staff[0], C.DELIVERED), today=DAY)
    rows = lists.rows(db, ids)
    assert all(r.state == C.HANDED and r.handed_by == "组长1" and r.method == "上门" for r in rows)
    with pytest.raises(H.AlreadyHanded) as err:
        H.record(db, cid, [ids[1]], H.Handout(DAY, w.staff[1]), today=DAY)
    assert "一组老1已于 2023-01-08 由组长1发放（上门）" in str(err.value)
    assert "不能重复发放" in str(err.value)
    # the refused call changed nothing
    assert lists.rows(db, [ids[1]])[0].handed_by == "组长1"


def test_batch_with_one_handed_is_refused_whole(db, setup):
    w, cid = setup
    ids = lists.list_ids(db, cid)
    H.record(db, cid, [ids[0]], H.Handout(DAY, w.staff[0]), today=DAY)
    with pytest.raises(H.AlreadyHanded):
        H.record(db, cid, ids, H.Handout(DAY, w.staff[0]), today=DAY)
    assert lists.coverage(db, cid).overall.handed == 1


def test_proxy_needs_a_relation_and_future_dates_are_refused(db, setup):
    w, cid = setup
    ids = lists.list_ids(db, cid)
    with pytest.raises(C.CampaignError, match="关系"):
        H.record(db, cid, ids[:1], H.Handout(DAY, w.staff[0], proxy_name="李四"), today=DAY)
    with pytest.raises(C.CampaignError, match="晚于今天"):
        H.record(db, cid, ids[:1], H.Handout(DAY + dt.timedelta(days=1), w.staff[0]), today=DAY)
    with pytest.raises(C.CampaignError, match="发放人"):
        H.record(db, cid, ids[:1], H.Handout(DAY, 9999), today=DAY)
    with pytest.raises(C.CampaignError, match="请先勾选"):
        H.record(db, cid, [], H.Handout(DAY, w.staff[0]), today=DAY)
    H.record(db, cid, ids[:1], H.Handout(DAY, w.staff[0], proxy_name="李四", proxy_relation="儿子"), today=DAY)
    row = lists.rows(db, ids[:1])[0]
    assert (row.proxy_name, row.proxy_relation, row.method) == ("李四", "儿子", "领取")


def test_undo_and_redo_of_a_hand_out(db, setup):
    w, cid = setup
    ids = lists.list_ids(db, cid, w.micro[1])
    change = H.record(db, cid, ids, H.Handout(DAY, w.staff[2]), today=DAY)
    assert lists.coverage(db, cid).overall.handed == 2
    inverse = change.undo()
    assert lists.coverage(db, cid).overall.handed == 0
    assert all(r.state == C.PENDING and r.handed_on is None and r.handed_by_id is None
               for r in lists.rows(db, ids))
    inverse.undo()
    assert [r.handed_by for r in lists.rows(db, ids)] == ["组长2", "组长2"]


def test_clear_takes_back_a_record_found_later(db, setup):
    w, cid = setup
    ids = lists.list_ids(db, cid)
    H.record(db, cid, ids[:2], H.Handout(DAY, w.staff[0]), today=DAY)
    change = H.clear(db, cid, ids[:1])
    assert lists.rows(db, ids[:1])[0].state == C.PENDING
    change.undo()
    assert lists.rows(db, ids[:1])[0].state == C.HANDED
    with pytest.raises(C.CampaignError, match="没有可撤销"):
        H.clear(db, cid, ids[3:])


def test_declined_and_unreachable_need_a_reason_and_can_still_be_handed(db, setup):
    w, cid = setup
    ids = lists.list_ids(db, cid)
    with pytest.raises(C.CampaignError, match="原因"):
        H.mark(db, cid, ids[:1], C.DECLINED, "")
    H.mark(db, cid, ids[:1], C.DECLINED, "子女已买")
    H.mark(db, cid, ids[1:2], C.UNREACHABLE, "外出务工，电话停机")
    rows = lists.rows(db, ids[:2])
    assert [(r.state, r.reason) for r in rows] == [(C.DECLINED, "子女已买"), (C.UNREACHABLE, "外出务工，电话停机")]
    H.record(db, cid, ids[1:2], H.Handout(DAY, w.staff[0]), today=DAY)
    assert lists.rows(db, ids[1:2])[0].state == C.HANDED and lists.rows(db, ids[1:2])[0].reason == ""
    with pytest.raises(H.AlreadyHanded):
        H.mark(db, cid, ids[1:2], C.DECLINED, "不要了")


def test_coverage_arithmetic(db, setup):
    w, cid = setup
    first = lists.list_ids(db, cid, w.micro[0])
    second = lists.list_ids(db, cid, w.micro[1])
    H.record(db, cid, first[:2], H.Handout(DAY, w.staff[0]), today=DAY)
    H.mark(db, cid, first[2:], C.DECLINED, "不需要")
    H.record(db, cid, second[:1], H.Handout(DAY, w.staff[2]), today=DAY)
    cov = lists.coverage(db, cid)
    m1, m2 = cov.micro
    assert (m1.eligible, m1.handed, m1.remaining, m1.declined, m1.pending) == (3, 2, 1, 1, 0)
    assert m1.rate == pytest.approx(2 / 3)
    assert (m2.eligible, m2.handed, m2.remaining, m2.rate) == (2, 1, 1, 0.5)
    [general] = cov.general
    assert (general.name, general.eligible, general.handed, general.remaining) == ("第一网格", 5, 3, 2)
    assert (cov.overall.eligible, cov.overall.handed, cov.overall.rate) == (5, 3, 0.6)


def test_lookup_by_name_initials_and_id_tail(db, setup):
    w, cid = setup
    pid = w.person("王秀英", dt.date(1950, 3, 3), grid=1)
    from gridoffice.services.campaigns import refresh as campaign_refresh

    campaign_refresh.adjust(db, cid, pid, True, "测试")
    [eid] = lists.find(db, cid, "秀英")
    row = lists.rows(db, [eid])[0]
    assert row.name == "王秀英"
    assert eid in lists.find(db, cid, "wxy")
    assert eid in lists.find(db, cid, "WXY")
    assert lists.find(db, cid, row.id_number[-6:]) == [eid]
    assert lists.find(db, cid, "12") == []  # too short to mean anything
    assert lists.find(db, cid, "张三丰") == []


def test_entitlement_of_an_id_number(db, setup):
    w, cid = setup
    ids = lists.list_ids(db, cid)
    row = lists.rows(db, ids[:1])[0]
    assert H.entitlement_of(db, cid, row.id_number.lower()) == ids[0]
    with pytest.raises(H.NotOnList, match="没有身份证号"):
        H.entitlement_of(db, cid, "360426199101010071")
    young = w.person("年轻人", dt.date(1990, 1, 1))
    with pytest.raises(H.NotOnList, match="不在这个活动的名单上"):
        H.entitlement_of(db, cid, lists_id_number(db, young))


def lists_id_number(db, pid):
    from gridoffice.store.models import Person

    with db.reading() as s:
        return s.get(Person, pid).id_number


def test_closed_campaign_takes_no_hand_outs(db, setup):
    w, cid = setup
    change = C.set_state(db, cid, "closed")
    with pytest.raises(C.CampaignError, match="已结束"):
        H.record(db, cid, lists.list_ids(db, cid)[:1], H.Handout(DAY, w.staff[0]), today=DAY)
    change.undo()
    H.record(db, cid, lists.list_ids(db, cid)[:1], H.Handout(DAY, w.staff[0]), today=DAY)

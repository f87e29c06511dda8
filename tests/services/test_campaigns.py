import datetime as dt

import pytest
from campaign_world import REF, World
from sqlalchemy import func, select

from gridoffice.services.campaigns import core as C
from gridoffice.services.campaigns import lists
from gridoffice.services.campaigns.core import Adjustment, CampaignError, CampaignSpec, Criteria
from gridoffice.store.models import Campaign, Entitlement, KitItem


def years_before(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years)


def eligible_names(db, cid):
    return {r.name for r in lists.rows(db, lists.list_ids(db, cid)) if r.state != C.WITHDRAWN}


def test_age_on_the_reference_date_birthday_on_the_day_counts(db):
    w = World(db)
    w.person("生日当天", years_before(REF, 60))
    w.person("明天生日", years_before(REF, 60) + dt.timedelta(days=1))
    w.person("昨天生日", years_before(REF, 60) - dt.timedelta(days=1))
    w.person("老人", dt.date(1940, 5, 5))
    w.person("已故老人", dt.date(1940, 5, 5), status="死亡")
    w.person("年轻人", dt.date(1990, 5, 5))
    cid, _ = C.create(db, CampaignSpec("爱心包", Criteria(REF, 60)))
    assert eligible_names(db, cid) == {"生日当天", "昨天生日", "老人"}


def test_leap_day_birthday_turns_sixty_on_first_of_march(db):
    w = World(db)
    w.person("闰日", dt.date(1964, 2, 29))
    on_28 = C.preview(db, Criteria(dt.date(2024, 2, 28), 60)).total
    on_29 = C.preview(db, Criteria(dt.date(2024, 2, 29), 60)).total
    assert (on_28, on_29) == (0, 1)
    w.person("闰日二", dt.date(1963, 2, 28))
    assert C.preview(db, Criteria(dt.date(2023, 2, 28), 60)).total == 1  # born 1963-02-28, not 1964


def test_categories_are_any_of_and_combine_with_age(db):
    w = World(db)
    w.person("残疾老人", dt.date(1950, 1, 1), category="disabled")
    w.person("低保青年", dt.date(1990, 1, 1), category="dibao")
    w.person("普通老人", dt.date(1950, 1, 1))
    w.person("高龄", dt.date(1938, 1, 1))
    both = Criteria(REF, None, ("disabled", "dibao"))
    assert C.preview(db, both).total == 2
    assert C.preview(db, Criteria(REF, 60, ("disabled", "dibao"))).total == 1
    assert C.preview(db, Criteria(REF, None, ("aged_80_plus",))).total == 1
    with pytest.raises(CampaignError, match="未知的人群类别"):
        C.create(db, CampaignSpec("x", Criteria(REF, None, ("nonsense",))))


def test_grid_filter_and_preview_per_micro_grid(db):
    w = World(db)
    w.person("一组甲", dt.date(1950, 1, 1), grid=0)
    w.person("一组乙", dt.date(1951, 1, 1), grid=0)
    w.person("二组甲", dt.date(1950, 1, 1), grid=1)
    pv = C.preview(db, Criteria(REF, 60))
    assert [(g.name, g.parent_name, g.count) for g in pv.grids] == [("第1微网格", "第一网格", 2), ("第2微网格", "第一网格", 1)]
    only_second = C.preview(db, Criteria(REF, 60, (), (w.micro[1],)))
    assert only_second.total == 1
    assert C.preview(db, Criteria(REF, 60, (), (w.general,))).total == 3


def test_manual_include_and_exclude_with_reason(db):
    w = World(db)
    old = w.person("排除的人", dt.date(1950, 1, 1))
    w.person("留下的人", dt.date(1950, 1, 1))
    young = w.person("加入的人", dt.date(1970, 1, 1))
    adjustments = (Adjustment(old, False, "本人在外地，已由当地发放"), Adjustment(young, True, "独居困难户"))
    with pytest.raises(CampaignError, match="原因"):
        C.create(db, CampaignSpec("x", Criteria(REF, 60), adjustments=(Adjustment(young, True, " "),)))
    cid, _ = C.create(db, CampaignSpec("爱心包", Criteria(REF, 60), adjustments=adjustments))
    assert eligible_names(db, cid) == {"留下的人", "加入的人"}
    info = C.get(db, cid)
    assert {(a.person_id, a.include, a.reason) for a in info.adjustments} == {
        (old, False, "本人在外地，已由当地发放"), (young, True, "独居困难户")}
    assert C.preview(db, Criteria(REF, 60), adjustments).total == 2


def test_list_is_per_micro_grid_and_team_is_the_service_team(db):
    w = World(db)
    w.person("一组甲", dt.date(1950, 1, 1), grid=0)
    w.person("二组甲", dt.date(1950, 1, 1), grid=1)
    cid, _ = C.create(db, CampaignSpec("爱心包", Criteria(REF, 60)))
    first = lists.rows(db, lists.list_ids(db, cid, w.micro[0]))
    assert [r.name for r in first] == ["一组甲"] and first[0].grid_name == "第1微网格"
    assert [t.name for t in lists.service_team(db, w.micro[0])] == ["组长1", "网格员1"]
    options = lists.staff_options(db, w.micro[1])
    assert [o.name for o in options[:2]] == ["组长2", "网格员2"] and all(o.in_team for o in options[:2])
    assert {o.name for o in options[2:]} == {"组长1", "网格员1"}


def test_default_kit_and_packing_list(db):
    w = World(db)
    for i in range(3):
        w.person(f"老{i}", dt.date(1950, 1, 1), grid=0)
    w.person("二组老", dt.date(1950, 1, 1), grid=1)
    cid, _ = C.create(db, CampaignSpec("爱心包", Criteria(REF, 60)))
    pk = lists.packing(db, cid)
    assert [k.name for k in pk.kit] == ["退烧药（3天用量）", "中成药", "口罩", "洗手消毒液", "抗原检测试剂", "防疫健康提示及家庭医生电话"]
    assert pk.kits == 4 and pk.overall["口罩"] == 40 and pk.overall["抗原检测试剂"] == 8
    assert [(g.name, g.count) for g in pk.grids] == [("第1微网格", 3), ("第2微网格", 1)]
    assert pk.amounts(3) == [3, 3, 30, 3, 6, 3]  # what a packer counts: 1 盒 of 退烧药 per kit


def test_custom_kit_is_checked(db):
    World(db)
    with pytest.raises(CampaignError, match="数量"):
        C.create(db, CampaignSpec("x", Criteria(REF, 60), kit=(C.KitLine("口罩", 0, "只"),)))
    with pytest.raises(CampaignError, match="活动名称"):
        C.create(db, CampaignSpec(" ", Criteria(REF, 60)))
    cid, _ = C.create(db, CampaignSpec("口罩", Criteria(REF, 60), kit=(C.KitLine("口罩", 20, "只"),)))
    assert C.get(db, cid).kit == [C.KitLine("口罩", 20, "只")]


def test_undo_of_create_removes_everything_and_redo_restores_ids(db):
    w = World(db)
    w.person("老", dt.date(1950, 1, 1))
    cid, change = C.create(db, CampaignSpec("爱心包", Criteria(REF, 60)))
    with db.reading() as s:
        ent_ids = set(s.scalars(select(Entitlement.id)))
    inverse = change.undo()
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Campaign)) == 0
        assert s.scalar(select(func.count()).select_from(Entitlement)) == 0
        assert s.scalar(select(func.count()).select_from(KitItem)) == 0
    inverse.undo()
    with db.reading() as s:
        assert set(s.scalars(select(Entitlement.id))) == ent_ids
    assert C.get(db, cid).eligible == 1 and len(C.get(db, cid).kit) == 6


def test_village_campaign_for_sixty_plus(village):
    pv = C.preview(village, Criteria(REF, 60))
    assert pv.total == 1008 and len(pv.grids) == 32
    cid, _ = C.create(village, CampaignSpec("健康爱心包", Criteria(REF, 60)))
    assert C.get(village, cid).eligible == 1008
    pk = lists.packing(village, cid)
    assert pk.overall["口罩"] == 10080
    assert sum(g.count for g in pk.grids) == 1008


def test_the_chooser_lists_every_campaign_newest_first_as_campaigns_does(db):
    World(db)
    first, _ = C.create(db, CampaignSpec("爱心包", Criteria(REF, 60)))
    second, _ = C.create(db, CampaignSpec("重阳礼包", Criteria(REF + dt.timedelta(days=1), 80)))
    assert C.choices(db) == [(c.id, c.name, c.reference_date) for c in C.campaigns(db)]
    assert [cid for cid, _, _ in C.choices(db)] == [second, first]

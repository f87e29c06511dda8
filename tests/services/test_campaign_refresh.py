import datetime as dt

import pytest
from campaign_world import REF, World
from sqlalchemy import select

from gridoffice.services.campaigns import core as C
from gridoffice.services.campaigns import handouts as H
from gridoffice.services.campaigns import lists
from gridoffice.services.campaigns import refresh as R
from gridoffice.services.campaigns.core import CampaignSpec, Criteria
from gridoffice.store.models import Person

WINDOW_END = dt.date(2023, 2, 28)


def set_status(db, pid, status, on):
    with db.session() as s:
        p = s.get(Person, pid)
        p.status, p.status_date = status, on


def by_name(db, cid):
    return {r.name: r for r in lists.rows(db, lists.list_ids(db, cid))}


@pytest.fixture
def world(db):
    w = World(db)
    w.ids = {
        "老甲": w.person("老甲", dt.date(1950, 1, 1)),
        "老乙": w.person("老乙", dt.date(1951, 1, 1), grid=1),
        "老丙": w.person("老丙", dt.date(1952, 1, 1)),
        "一月底满六十": w.person("一月底满六十", dt.date(1963, 1, 31), grid=1),
        "三月才满六十": w.person("三月才满六十", dt.date(1963, 3, 15)),
    }
    cid, _ = C.create(db, CampaignSpec("爱心包", Criteria(REF, 60, window_end=WINDOW_END)))
    w.cid = cid
    return w


def test_someone_turning_sixty_joins_and_someone_who_died_leaves(db, world):
    cid = world.cid
    assert set(by_name(db, cid)) == {"老甲", "老乙", "老丙"}
    set_status(db, world.ids["老乙"], "死亡", dt.date(2023, 1, 20))
    result, change = R.refresh(db, cid, today=dt.date(2023, 2, 1))
    rows = by_name(db, cid)
    assert result.on == dt.date(2023, 2, 1)
    assert [r.name for r in lists.rows(db, result.joined)] == ["一月底满六十"]
    assert rows["一月底满六十"].state == C.PENDING and rows["一月底满六十"].reissue
    assert rows["一月底满六十"].age == 60  # age on the day they joined, not on the reference date
    assert rows["老乙"].state == C.WITHDRAWN and rows["老乙"].reason == "死亡（2023-01-20）"
    assert "三月才满六十" not in rows  # reaches the age after the window
    cov = lists.coverage(db, cid)
    assert (cov.overall.eligible, cov.overall.withdrawn) == (3, 1)
    # a refresh after the window end judges on the window end
    result2, _ = R.refresh(db, cid, today=dt.date(2023, 6, 1))
    assert result2.on == WINDOW_END and result2.joined == [] and result2.left == []
    # undo puts the list back as it was
    change.undo()
    rows = by_name(db, cid)
    assert "一月底满六十" not in rows and rows["老乙"].state == C.PENDING


def test_moved_out_leaves_but_a_handed_kit_stays_handed(db, world):
    cid = world.cid
    ids = {r.name: r.id for r in by_name(db, cid).values()}
    H.record(db, cid, [ids["老甲"]], H.Handout(dt.date(2023, 1, 8), world.staff[0]), today=dt.date(2023, 1, 8))
    set_status(db, world.ids["老甲"], "迁出", dt.date(2023, 1, 10))
    set_status(db, world.ids["老丙"], "迁出", dt.date(2023, 1, 10))
    result, _ = R.refresh(db, cid, today=dt.date(2023, 1, 12))
    rows = by_name(db, cid)
    assert rows["老甲"].state == C.HANDED
    assert rows["老丙"].state == C.WITHDRAWN and rows["老丙"].reason.startswith("迁出")
    assert result.left == [ids["老丙"]]
    # kept, never deleted; the hand-out to a withdrawn person is refused with the reason
    with pytest.raises(C.CampaignError, match="已移出名单"):
        H.record(db, cid, [ids["老丙"]], H.Handout(dt.date(2023, 1, 12), world.staff[0]), today=dt.date(2023, 1, 12))
    # back in the village: joins again on the next refresh, as a re-issue
    set_status(db, world.ids["老丙"], "在册", None)
    result, _ = R.refresh(db, cid, today=dt.date(2023, 1, 13))
    assert result.joined == [ids["老丙"]] and by_name(db, cid)["老丙"].reissue


def test_new_resident_joins(db, world):
    pid = world.person("新迁入老人", dt.date(1940, 6, 1))
    result, _ = R.refresh(db, world.cid, today=dt.date(2023, 1, 9))
    assert [r.person_id for r in lists.rows(db, result.joined)] == [pid]


def test_refresh_without_window_judges_on_the_reference_date(db):
    w = World(db)
    w.person("老", dt.date(1950, 1, 1))
    w.person("二月满六十", dt.date(1963, 2, 1))
    cid, _ = C.create(db, CampaignSpec("爱心包", Criteria(REF, 60)))
    result, _ = R.refresh(db, cid, today=dt.date(2023, 3, 1))
    assert result.on == REF and result.joined == []


def test_adjust_after_listing_acts_at_once_and_undoes(db, world):
    cid = world.cid
    young = world.person("困难户", dt.date(1980, 1, 1))
    change = R.adjust(db, cid, young, True, "独居困难")
    assert by_name(db, cid)["困难户"].state == C.PENDING
    change.undo()
    assert "困难户" not in by_name(db, cid)
    change = R.adjust(db, cid, world.ids["老甲"], False, "已在外地领取")
    assert by_name(db, cid)["老甲"].state == C.WITHDRAWN
    assert by_name(db, cid)["老甲"].reason == "手工排除：已在外地领取"
    # a refresh keeps the excluded person out
    R.refresh(db, cid, today=dt.date(2023, 1, 9))
    assert by_name(db, cid)["老甲"].state == C.WITHDRAWN
    change.undo()
    assert by_name(db, cid)["老甲"].state == C.PENDING
    assert C.get(db, cid).adjustments == []


def test_excluding_several_is_one_step_and_one_unknown_person_excludes_none(db, world):
    from gridoffice.store.models import Entitlement

    cid = world.cid
    persons = [world.ids["老甲"], world.ids["老丙"]]

    def states():
        with db.reading() as s:
            return set(s.scalars(select(Entitlement.state).where(Entitlement.campaign_id == cid,
                                                                 Entitlement.person_id.in_(persons))))

    with pytest.raises(C.CampaignError):
        R.exclude(db, cid, [*persons, 99999999], "搬走了")
    assert states() == {C.PENDING}
    change = R.exclude(db, cid, persons, "搬走了")
    assert change.description == "移出名单 2 人" and states() == {C.WITHDRAWN}
    change.undo()
    assert states() == {C.PENDING}

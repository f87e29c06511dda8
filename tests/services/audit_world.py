"""Edits of every kind on a copy of the demo village, for reading the audit trail back."""

import datetime as dt

from sqlmodel import select

from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import handouts as campaign_handouts
from gridoffice.store.models import (
    Entitlement,
    Grid,
    Household,
    KeyMembership,
    KitItem,
    Matter,
    Person,
    Post,
    Staff,
    Visit,
    VisitVisitor,
)


def make_edits(db) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Returns what was edited (person, household, grid ids, the campaign id)."""
    with db.session() as s:
        p = s.exec(select(Person).where(Person.household_id.is_not(None))).first()
        p.phone, p.relation, p.ethnicity, p.note = "13912345678", "20", "03", "新备注"
        h = s.get(Household, p.household_id)
        old_grid = h.grid_id
        h.grid_id, h.registered_here = old_grid + 1, False
        s.add(KeyMembership(person_id=p.id, category="disabled", risk_level="高",
                            attrs={"disability_type": "4", "disability_grade": "2", "care_subsidy": True}))
        post = s.exec(select(Post)).first()
        post.work_phone, post.in_service_team = "02887654321", True
        g = s.exec(select(Grid).where(Grid.level == "micro")).first()
        g.name += "（改）"
        ids = {"person": p.id, "person_name": p.name, "household": h.number, "old_grid": old_grid,
               "new_grid": old_grid + 1}
    spec = campaigns.CampaignSpec("健康爱心包", campaigns.Criteria(dt.date(2023, 1, 7), min_age=60))
    campaign_id, _ = campaigns.create(db, spec)
    with db.reading() as s:
        ent = s.exec(select(Entitlement.id).where(Entitlement.campaign_id == campaign_id)).first()
        staff = s.exec(select(Staff.id)).first()
    campaign_handouts.record(db, campaign_id, [ent], campaign_handouts.Handout(
        on=dt.date(2023, 1, 8), staff_id=staff, method="上门", proxy_name="王小明", proxy_relation="子"),
        today=dt.date(2023, 1, 8))
    with db.session() as s:
        m = Matter(reported_at=dt.datetime(2023, 1, 4, 20, 10), category="求助", reporter_name="张三",
                   description="路灯不亮", urgency="紧急")
        s.add(m)
        s.flush()
        m.state, m.closed_at, m.outcome, m.handler_staff_id = "已办结", dt.datetime(2023, 1, 5, 9, 30), "已修好", staff
        v = Visit(person_id=p.id, household_id=p.household_id, grid_id=old_grid + 1, visit_date=dt.date(2023, 1, 6),
                  visitors="李梅", needs="测血压")
        s.add(v)
        s.flush()
        s.add(VisitVisitor(visit_id=v.id, staff_id=staff))
    with db.session() as s:
        s.delete(s.exec(select(KitItem)).first())
        s.delete(s.exec(select(VisitVisitor)).first())
    campaigns.set_state(db, campaign_id, "closed")
    ids["campaign"] = campaign_id
    return ids

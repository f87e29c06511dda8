"""A campaign with one kit handed out (with a proxy), for scanning the hand-out ledgers."""

import datetime as dt

from sqlmodel import select

from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import handouts as campaign_handouts
from gridoffice.store.models import Entitlement, Staff


def campaign_with_a_handout(db) -> int:  # type: ignore[no-untyped-def]
    spec = campaigns.CampaignSpec("健康爱心包", campaigns.Criteria(dt.date(2023, 1, 7), min_age=60))
    campaign_id, _ = campaigns.create(db, spec)
    with db.reading() as s:
        entitlement = s.scalars(select(Entitlement.id).where(Entitlement.campaign_id == campaign_id)).first()
        staff = s.scalars(select(Staff.id)).first()
    campaign_handouts.record(db, campaign_id, [entitlement], campaign_handouts.Handout(
        on=dt.date(2023, 1, 8), staff_id=staff, method=campaign_handouts.DELIVERED,
        proxy_name="王小明", proxy_relation="子"), today=dt.date(2023, 1, 8))
    return campaign_id


# ---- a key person whose name and notes must never reach a public output ----------------------
KEY_PERSON = "甄秘英"  # a name found nowhere else in the demo village
SECRET = "秘事"  # marks every piece of free text planted below


def plant_a_key_person(db) -> int:  # type: ignore[no-untyped-def]
    """A 低保 resident of 40 with notes everywhere free text goes: membership, visit (health,
    finances, needs), a matter she reported (description, outcome), a returnee stay."""
    from gridoffice.store.models import (
        Household,
        KeyMembership,
        Matter,
        Person,
        ReturneeStay,
        Visit,
    )

    with db.session() as s:
        household = s.exec(select(Household).where(Household.grid_id.is_not(None))).first()
        person = Person(household_id=household.id, relation="10", name=KEY_PERSON, sex="女",
                        birth_date=dt.date(1983, 5, 6), phone="13700001111",
                        note=f"{SECRET}：家里有病人")
        s.add(person)
        s.flush()
        s.add(KeyMembership(person_id=person.id, category="dibao", attrs={"amount": 600},
                            risk_level="高", note=f"{SECRET}：丈夫欠债"))
        s.add(Visit(person_id=person.id, household_id=household.id, grid_id=household.grid_id,
                    visit_date=dt.date(2023, 1, 5), visitors="李梅", health=f"{SECRET}：抑郁",
                    finances=f"{SECRET}：欠款两万", needs=f"{SECRET}：希望上门测血压"))
        s.add(Matter(reported_at=dt.datetime(2023, 1, 5, 9, 0), category="求助", grid_id=household.grid_id,
                     reporter_name=KEY_PERSON, reporter_person_id=person.id, address=f"{SECRET}：3组12号",
                     description=f"{SECRET}：低保金未到账", outcome=f"{SECRET}：已联系民政",
                     state="已办结", closed_at=dt.datetime(2023, 1, 6, 9, 0)))
        s.add(ReturneeStay(person_id=person.id, arrived_on=dt.date(2023, 1, 2), from_place="广州",
                           note=f"{SECRET}：刚出院"))
        return person.id

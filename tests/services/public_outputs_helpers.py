"""A campaign with one kit handed out (with a proxy), for scanning the hand-out ledgers."""

import datetime as dt

from sqlmodel import select

from gridoffice.services import campaign_handouts, campaigns
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

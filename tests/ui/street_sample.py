"""A small street for the screen test: three communities, each with 第1网格 and 第2网格 and under
each 第1微网格 … 第3微网格, so every grid name repeats (as on the 148k street demo, built in
seconds). A kit campaign with a few hand-outs and a matter in a micro-grid, so the panes that
name grids have rows to show."""

from __future__ import annotations

import datetime as dt
import random

from gridoffice.domain.codes import GridLevel, Role
from gridoffice.services.demo import core as demo
from gridoffice.services.demo import fill as demo_fill

COMMUNITIES = ("大弯社区", "西华社区", "光明社区")


def build(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from gridoffice.services.campaigns import core as campaigns
    from gridoffice.services.campaigns import handouts as campaign_handouts
    from gridoffice.services.campaigns import lists as campaign_lists
    from gridoffice.services.grids import core as grids
    from gridoffice.services.matters import core as matters

    m = demo.Maker(11, "street")
    root = m.grid(GridLevel.STREET, "DW", "大弯街道", None)
    for c, name in enumerate(COMMUNITIES):
        ccode = f"DW{c + 1:02d}"
        community = m.grid(GridLevel.COMMUNITY, ccode, name, root, order=c)
        m.post(m.staff("两委", party=True), community, Role.CHIEF)
        for g in range(2):
            general = m.grid(GridLevel.GENERAL, f"{ccode}-{g + 1:02d}", f"第{g + 1}网格", community, order=g)
            m.post(m.staff("两委", party=True), general, Role.GENERAL_LEADER)
            for k in range(3):
                micro = m.grid(GridLevel.MICRO, f"{ccode}-{g + 1:02d}-{k + 1:02d}", f"第{k + 1}微网格",
                               general, f"{name[:2]}花园{k + 1}栋", k)
                m.post(m.staff("楼栋长"), micro, Role.MICRO_LEADER, team=True)
                for i in range(12):
                    hid = m.household(micro, f"{ccode}{g + 1:02d}{k + 1:02d}{i + 1:03d}",
                                      compound=f"{name[:2]}花园", building=f"{k + 1}栋", door=f"{i + 1}01",
                                      address=f"{name[:2]}花园{k + 1}栋{i + 1}01室", hukou_type="居民")
                    m.members(hid, rural=False)
    m.finish_persons()
    m.key_populations()
    demo_fill.fill(m.plan, random.Random("fill:street-sample"), m.phone, demo.REFERENCE_DATE)
    demo._write(db, m.plan, "大弯街道", None)

    ref = dt.date(2023, 1, 7)
    cid, _ = campaigns.create(db, campaigns.CampaignSpec("健康爱心包", campaigns.Criteria(ref, min_age=60)))
    entries = campaign_lists.list_entries(db, cid)
    staff = campaign_lists.staff_options(db)[0].id
    campaign_handouts.record(db, cid, [e for e, _g in entries[::5]], campaign_handouts.Handout(ref, staff),
                             today=ref)
    with db.reading() as s:
        table = grids.catalogue(s)
    micro = next(g.id for g in table.values() if g.level == GridLevel.MICRO and g.path.startswith("西华社区"))
    matters.add_matter(db, matters.MatterInput(dt.datetime(2023, 1, 3, 9), "环境卫生", "楼道堆放杂物",
                                               grid_id=micro), now=dt.datetime(2023, 1, 7, 18))
    return {"campaign": cid, "micro": micro}

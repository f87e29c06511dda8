"""The grid structures of the demo offices: the village (one community, 4 general grids, 32
micro-grids, two gaps the checks find on purpose) and the street office (18 communities, 137
general grids, 836 micro-grids, 3,125 staff), with their staff, posts and households."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from gridoffice.domain.codes import GridLevel, Role
from gridoffice.services.demo import names as N

if TYPE_CHECKING:
    from gridoffice.services.demo.core import Maker


def _split(total: int, parts: int, rng: random.Random, lo: int, hi: int) -> list[int]:
    """``parts`` integers in [lo, hi] summing to ``total``."""
    sizes = [rng.randint(lo, hi) for _ in range(parts)]
    while sum(sizes) != total:
        i = rng.randrange(parts)
        if sum(sizes) < total and sizes[i] < hi:
            sizes[i] += 1
        elif sum(sizes) > total and sizes[i] > lo:
            sizes[i] -= 1
    return sizes


def village(m: Maker) -> None:
    rng = m.rng
    code, name = m.code, m.village_name
    root = m.grid(GridLevel.COMMUNITY, code, name, None, "1–32组")
    chief = m.staff("两委", party=True)
    m.post(chief, root, Role.CHIEF)
    m.post(m.staff("街道干部", party=True), root, Role.INSTRUCTOR)
    m.post(m.staff("民警"), root, Role.POLICE)
    doctors = [m.staff("医生") for _ in range(6)]
    sizes = _split(1600 - 106, 31, rng, 38, 62)
    sizes.insert(6, 106)  # 第7微网格: too many households, on purpose
    micro_no = 0
    for g in range(4):
        general = m.grid(GridLevel.GENERAL, f"{code}-{g + 1:02d}", f"第{'一二三四'[g]}网格", root,
                         f"{g * 8 + 1}–{g * 8 + 8}组", g)
        m.post(m.staff("两委", party=True), general, Role.GENERAL_LEADER)
        for k in range(8):
            micro_no += 1
            group = f"{micro_no}组"
            micro = m.grid(GridLevel.MICRO, f"{code}-{g + 1:02d}-{k + 1:02d}", f"第{micro_no}微网格",
                           general, group, k)
            m.post(m.staff("组长"), micro, Role.MICRO_LEADER, team=True)
            m.post(m.staff(rng.choice(("党员", "志愿者"))), micro, Role.MICRO_STAFF, team=True)
            if micro_no != 12:  # 第12微网格: no family doctor, on purpose
                m.post(doctors[(micro_no - 1) // 6], micro, Role.DOCTOR, team=True)
            for door in range(1, sizes[micro_no - 1] + 1):
                hid = m.household(micro, f"{code}{micro_no:02d}{door:03d}", village_group=group,
                                  door=f"{door}号", address=f"{name}{group}{door}号",
                                  hukou_type=rng.choice(("农业", "农业", "居民")))
                m.members(hid, rural=True)


def street(m: Maker) -> None:
    rng = m.rng
    root = m.grid(GridLevel.STREET, "DW", "大弯街道", None)
    general_counts = [8] * 11 + [7] * 7  # 137
    micro_counts = [7] * 14 + [6] * 123  # 836
    rng.shuffle(micro_counts)
    staff_total = 3125
    g_index = 0
    households = 0
    for c, name in enumerate(N.COMMUNITIES):
        ccode = f"DW{c + 1:02d}"
        community = m.grid(GridLevel.COMMUNITY, ccode, name, root, order=c)
        m.post(m.staff("两委", party=True), community, Role.CHIEF)
        m.post(m.staff("街道干部", party=True), community, Role.INSTRUCTOR)
        m.post(m.staff("民警"), community, Role.POLICE)
        # every compound carries its community's short name: 大弯锦绣花园 lies in 大弯社区, nowhere else
        compounds = [name[:2] + x for x in rng.sample(N.COMPOUNDS, 12)] + [f"{name[:2]}{i}号院" for i in range(1, 6)]
        for g in range(general_counts[c]):
            general = m.grid(GridLevel.GENERAL, f"{ccode}-{g + 1:02d}", f"第{g + 1}网格", community, order=g)
            m.post(m.staff("两委", party=True), general, Role.GENERAL_LEADER)
            compound = compounds[g % len(compounds)]
            doctor = None
            for k in range(micro_counts[g_index]):
                if k % 4 == 0:
                    doctor = m.staff("医生")
                micro = m.grid(GridLevel.MICRO, f"{ccode}-{g + 1:02d}-{k + 1:02d}", f"第{k + 1}微网格",
                               general, f"{compound}{k * 2 + 1}–{k * 2 + 2}栋", k)
                m.post(m.staff("楼栋长"), micro, Role.MICRO_LEADER, team=True)
                m.post(m.staff(rng.choice(("党员", "志愿者", "物业"))), micro, Role.MICRO_STAFF, team=True)
                assert doctor is not None
                m.post(doctor, micro, Role.DOCTOR, team=True)
                for i in range(rng.randint(56, 88)):
                    building = f"{k * 2 + 1 + i % 2}栋"
                    unit, room = f"{i // 24 + 1}单元", f"{(i // 4) % 6 + 1}0{i % 4 + 1}"
                    hid = m.household(micro, f"{ccode}{g + 1:02d}{k + 1:02d}{i + 1:03d}",
                                      compound=compound, building=building, unit=unit, door=room,
                                      address=f"{compound}{building}{unit}{room}室",
                                      hukou_type="居民", registered_here=rng.random() < 0.8,  # type: ignore[arg-type]
                                      residence_state=rng.choices(("常住", "出租", "空挂"), (85, 10, 5))[0])
                    m.members(hid, rural=False)
                    households += 1
            g_index += 1
    micro_ids = [g["id"] for g in m.plan.grids if g["level"] == GridLevel.MICRO]
    while len(m.plan.staff) < staff_total:  # extra micro-grid staff, outside the service teams
        m.post(m.staff("志愿者"), rng.choice(micro_ids), Role.MICRO_STAFF, team=False)

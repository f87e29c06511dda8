"""What a real roster has beyond names and births, filled into the demo plan (services/demo/core.py):
emergency contacts of the elderly, guardians of left-behind children, the signed family doctor
of chronic patients, registration dates (``since``, 登记日期) of every membership, and the
returnees' current address, registration date (登记日期, a few days after arriving) and, for
most of them, their recorded departure.

Runs on the plan's plain dicts with its own random stream, so the demo's births and counts stay
what they were (1,008 aged 60+ on 2023-01-07 in the village).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from gridoffice.domain.ages import age_on
from gridoffice.domain.codes import Role
from gridoffice.services.demo import names as N

Row = dict[str, Any]
CHILD_OF_HEAD = ("20", "30")
PARENT_OF_HEAD = "50"


def fill(plan: Any, rng: random.Random, phone: Callable[[], str], reference: dt.date) -> None:
    persons = {p["id"]: p for p in plan.persons}
    households = {h["id"]: h for h in plan.households}
    members: dict[int, list[Row]] = defaultdict(list)
    for p in plan.persons:
        if p["status"] == "在册":
            members[p["household_id"]].append(p)
    staff_names = {s["id"]: s["name"] for s in plan.staff}
    doctor_of = {post["grid_id"]: staff_names[post["staff_id"]] for post in plan.posts
                 if post["role"] == str(Role.DOCTOR)}

    def day_between(start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))

    def relative(p: Row) -> str:
        """A relative's name: the same surname, a made-up given name."""
        pool = N.MALE_CHARS if rng.random() < 0.5 else N.FEMALE_CHARS
        return p["name"][0] + rng.choice(pool) + rng.choice(pool)

    early = reference - dt.timedelta(days=6 * 365)
    last = reference - dt.timedelta(days=7)
    for m in plan.memberships:
        p = persons[m["person_id"]]
        attrs, home = m["attrs"], members[p["household_id"]]
        if m["category"] == "elderly":
            younger = [x for x in home if x is not p and x.get("phone")
                       and 18 <= age_on(x["birth_date"], reference) < 60]
            if younger:
                contact = rng.choice(younger)
                attrs["emergency_contact"], attrs["emergency_phone"] = contact["name"], contact["phone"]
            else:  # a son or daughter living elsewhere
                attrs["emergency_contact"] = f"{relative(p)}（{rng.choice(('儿子', '女儿', '侄子', '外甥女'))}）"
                attrs["emergency_phone"] = phone()
            sixty = p["birth_date"].replace(year=p["birth_date"].year + 60) \
                if not (p["birth_date"].month == 2 and p["birth_date"].day == 29) \
                else dt.date(p["birth_date"].year + 60, 3, 1)
            m["since"] = min(reference, max(sixty, day_between(early, last)))
        elif m["category"] == "left_behind_child":
            grand = [x for x in home if x["relation"] == PARENT_OF_HEAD]
            if grand:
                attrs["guardian"] = rng.choice(grand)["name"]
            else:
                attrs["guardian_relation"] = rng.choice(("祖父母", "外祖父母", "其他亲属"))
                attrs["guardian"] = relative(p)
            m["since"] = day_between(reference - dt.timedelta(days=3 * 365), last)
        elif m["category"] == "chronic":
            doctor = doctor_of.get(households[p["household_id"]]["grid_id"])
            attrs["doctor_signed"] = bool(attrs.get("doctor_signed")) and doctor is not None
            attrs["doctor"] = doctor if attrs["doctor_signed"] else ""
            m["since"] = day_between(early, last)
        elif m["category"] == "pregnant":
            due = dt.date.fromisoformat(attrs["due_date"])
            m["since"] = min(reference, due - dt.timedelta(days=280 - rng.randrange(56, 100)))
        elif m["category"] in ("dibao", "tekun"):
            m["since"] = dt.date.fromisoformat(attrs["start_month"] + "-01")
        else:
            m["since"] = day_between(early, last)
    for stay in plan.stays:
        p = persons[stay["person_id"]]
        stay["current_address"] = households[p["household_id"]]["address"]
        expected = stay["expected_departure"]
        if expected is not None and rng.random() < 0.8:  # most leave near the day they said
            stay["left_on"] = max(stay["arrived_on"], reference + dt.timedelta(days=1),
                                  expected + dt.timedelta(days=rng.randint(-4, 3)))
    for stay in plan.stays:  # 登记日期: reported at the village a few days after arriving (drawn last,
        # so the departures above stay what they were)
        stay["registered_on"] = stay["arrived_on"] + dt.timedelta(days=rng.randint(0, 4))

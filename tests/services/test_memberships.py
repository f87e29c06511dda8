import datetime as dt

import pytest
from sqlalchemy import select

from gridoffice.services.roster import lists as rl
from gridoffice.services.roster import memberships as ms
from gridoffice.services.roster.core import ValidationFailed
from gridoffice.services.scope import Scope
from gridoffice.store.models import Person

ON = dt.date(2023, 1, 7)


def a_person(db):
    with db.reading() as s:
        return s.scalars(select(Person).where(Person.status == "在册").order_by(Person.id)).first()


def test_membership_attrs_checked_and_undoable(village):
    p = a_person(village)
    before = len(rl.person_ids(village, Scope(category="disabled"), ON))
    change = ms.set_membership(village, p.id, "disabled", {"disability_type": "肢体", "disability_grade": "二级",
                                                            "care_subsidy": True})
    assert ms.memberships_of(village, p.id)["disabled"].attrs["disability_grade"] == "二级"
    assert len(rl.person_ids(village, Scope(category="disabled"), ON)) == before + 1
    with pytest.raises(ValidationFailed) as err:
        ms.set_membership(village, p.id, "disabled", {"disability_grade": "五级"})
    assert "残疾等级" in err.value.errors["disability_grade"]
    with pytest.raises(ValidationFailed):
        ms.set_membership(village, p.id, "dibao", {"start_month": "2022-13"})
    assert ms.clean_attrs("dibao", {"start_month": "2022年3月", "amount": "450"}) == {"start_month": "2022-03", "amount": 450}
    change.undo()
    assert "disabled" not in ms.memberships_of(village, p.id)
    removed = ms.set_membership(village, p.id, "pregnant", {"due_date": "2023.3.1"})
    assert ms.memberships_of(village, p.id)["pregnant"].attrs["due_date"] == "2023-03-01"
    removed = ms.remove_membership(village, p.id, "pregnant")
    removed.undo()
    assert "pregnant" in ms.memberships_of(village, p.id)


def test_age_groups_are_computed():
    assert ms.age_groups(dt.date(1940, 1, 8), ON) == ["60 岁以上", "80 岁以上"]
    assert ms.age_groups(dt.date(1943, 1, 8), ON) == ["60 岁以上"]
    assert ms.age_groups(dt.date(1943, 1, 8), dt.date(2023, 1, 8)) == ["60 岁以上", "80 岁以上"]
    assert ms.age_groups(dt.date(2010, 1, 1), ON) == ["未成年"]


def test_returnee_stays(village):
    p = a_person(village)
    day = dt.date(2030, 2, 1)
    assert p.id not in rl.person_ids(village, Scope(returnees_on=day), ON)
    change = ms.add_stay(village, p.id, ms.StayInput("2030-01-20", "广东深圳", "火车", expected_departure="2030-02-10"))
    assert p.id in rl.person_ids(village, Scope(returnees_on=day), ON)
    stay_id = next(iter(change.rows["returnee_stay"]))
    ms.edit_stay(village, stay_id, ms.StayInput("2030-01-20", "广东深圳", "火车", left_on="2030-01-25"))
    assert p.id not in rl.person_ids(village, Scope(returnees_on=day), ON)
    with pytest.raises(ValidationFailed) as err:
        ms.add_stay(village, p.id, ms.StayInput("2030-01-20", left_on="2030-01-01"))
    assert "left_on" in err.value.errors
    with pytest.raises(ValidationFailed):
        ms.add_stay(village, p.id, ms.StayInput(""))

import datetime as dt

from sqlalchemy import select

from gridoffice.domain.idcard import make_id
from gridoffice.services import search
from gridoffice.services.roster import households as rh
from gridoffice.services.roster import persons as rp
from gridoffice.store.models import Grid, Person


def test_search_by_name_initials_pinyin_id_tail_phone_address(village):
    index = search.SearchIndex.build(village)
    with village.reading() as s:
        p = s.scalars(select(Person).where(Person.phone.is_not(None), Person.status == "在册",
                                           Person.id_number.is_not(None))).first()
    assert p.id in [h.person_id for h in index.search(p.name, 500)]
    assert p.id in [h.person_id for h in index.search(p.name_initials, 2000)]
    assert p.id in [h.person_id for h in index.search(p.name_pinyin, 500)]
    assert p.id in [h.person_id for h in index.search(p.id_number[-6:])]
    assert p.id in [h.person_id for h in index.search(p.id_number)]
    assert p.id in [h.person_id for h in index.search(p.phone[-4:], 500)]
    assert p.id in [h.person_id for h in index.search(p.phone)]
    hit = index.search(p.phone)[0]
    assert hit.grid and hit.address and "·" not in hit.grid  # micro-grid names are unique in the village


def test_two_character_names_new_people_and_ranking(village):
    index = search.SearchIndex.build(village)
    with village.reading() as s:
        grid = s.scalars(select(Grid.id).where(Grid.level == "micro")).first()
    hid = next(iter(rh.add_household(village, rh.HouseholdInput("S-1", grid, address="禹庙村九组99号")).rows["household"]))
    pid = next(iter(rp.add_person(village, rp.PersonInput("单伟", hid, "户主", make_id("510124", dt.date(1961, 1, 1), 11),
                                                           phone="13800001234")).rows["person"]))
    assert index.search("单伟") == []  # not yet taken in
    index.refresh()
    hits = index.search("单伟")
    assert hits[0].person_id == pid and hits[0].name == "单伟" and hits[0].matched == "姓名"
    assert index.search("shanwei")[0].person_id == pid  # the surname reading of 单
    assert pid in [h.person_id for h in index.search("sw", 500)]
    assert index.search("九组99")[0].person_id == pid
    assert pid in [h.person_id for h in index.search("1234", 500)]
    # a name typed exactly ranks before longer names containing it
    hits = index.search("单", 5)
    assert all("单" in h.name for h in hits)
    rp.set_status(village, pid, "死亡", dt.date(2022, 1, 1))
    index.refresh()
    assert index.search("单伟")[0].status == "死亡"
    rp.remove_person(village, pid)
    index.refresh()
    assert pid not in [h.person_id for h in index.search("单伟")]


def test_nothing_for_blank_or_short_numbers(village):
    index = search.SearchIndex.build(village)
    assert index.search("  ") == []
    assert index.search("12") == []

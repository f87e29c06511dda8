"""Health columns of a roster (issue 21): 慢性病 with its stability, 疫苗接种, 末次接种日期 and
行动不便 become the person's health record; unclear cells are warnings and go to the note; a
record the office keeps is never overwritten; undo takes the records away."""

import datetime as dt

from gridoffice.domain import health_tiers as ht
from gridoffice.domain.idcard import make_id
from gridoffice.services.health import profiles as health_profiles
from gridoffice.services.importing import health_columns as roster_health
from gridoffice.services.importing import importer
from gridoffice.services.importing.importer import ImportOptions
from gridoffice.services.roster import persons as roster_persons

ON = dt.date(2023, 1, 7)
HEADER = ["户号", "姓名", "身份证号", "慢性病", "疫苗接种情况", "末次接种日期", "是否行动不便"]


def _id(n):
    return make_id("510124", dt.date(1940 + n, 3, 2), 11 + 2 * n)


def test_cells_read_as_the_record():
    assert roster_health.chronic("高血压（稳定）") == ({"chronic_diseases": "高血压", "chronic_state": ht.CHRONIC_STABLE}, None)
    assert roster_health.chronic("糖尿病、冠心病 不稳定")[0] == {"chronic_diseases": "糖尿病、冠心病",
                                                             "chronic_state": ht.CHRONIC_UNSTABLE}
    values, warning = roster_health.chronic("慢阻肺")
    assert values["chronic_state"] == ht.CHRONIC_STABLE and "稳定" in warning
    assert roster_health.chronic("无")[0]["chronic_state"] == ht.CHRONIC_NONE
    assert roster_health.vaccination("全程3针")[0] == {"vaccine_state": ht.VACCINE_FULL, "vaccine_doses": 3}
    assert roster_health.vaccination("2剂")[0] == {"vaccine_state": ht.VACCINE_PARTIAL, "vaccine_doses": 2}
    assert roster_health.vaccination("未接种")[0] == {"vaccine_state": ht.VACCINE_NONE, "vaccine_doses": 0}
    assert roster_health.vaccination("打过")[0] is None
    assert roster_health.mobility("是")[0] == {"mobility_limited": True}
    assert roster_health.mobility("偶尔")[1]


def test_import_writes_records_and_undo_removes_them(db, roster_file):
    rows = [["1", "甲", _id(1), "高血压（不稳定）", "2剂", "2022-12-01", "是"],
            ["2", "乙", _id(2), "", "全程", "", "否"],
            ["3", "丙", _id(3), "", "", "", ""],  # nothing said: no record
            ["4", "丁", _id(4), "", "打过", "", ""]]  # unclear: a warning and the note
    plan = importer.analyse(db, roster_file(rows, HEADER), options=ImportOptions(on=ON))
    assert plan.mapping.column_of("chronic_diseases") == 3 and plan.mapping.column_of("mobility") == 6
    assert plan.report()["health_records_added"] == 2
    result = importer.commit(db, plan)
    assert result.report["health_records_added"] == 2
    ids = {n: roster_persons.person_id_by_id_number(db, _id(n)) for n in (1, 2, 3, 4)}
    first = health_profiles.get(db, ids[1])
    assert (first.chronic_diseases, first.chronic_state, first.vaccine_state, first.vaccine_doses,
            first.vaccine_last, first.mobility_limited) == ("高血压", ht.CHRONIC_UNSTABLE, ht.VACCINE_PARTIAL, 2,
                                                            dt.date(2022, 12, 1), True)
    assert health_profiles.get(db, ids[2]).vaccine_state == ht.VACCINE_FULL
    assert health_profiles.get(db, ids[3]) is None and health_profiles.get(db, ids[4]) is None
    assert "疫苗接种：打过" in roster_persons.get_person(db, ids[4]).note
    # a second import updates a kept record with what the file says differently (audited, undoable);
    # a cell left empty erases nothing
    health_profiles.save(db, ids[2], health_profiles.ProfileInput(vaccine_state=ht.VACCINE_NONE,
                                                                  chronic_diseases="糖尿病",
                                                                  chronic_state=ht.CHRONIC_STABLE))
    same = importer.commit(db, importer.analyse(db, roster_file(rows, HEADER), options=ImportOptions(on=ON)))
    again = importer.analyse(db, roster_file(rows, HEADER), options=ImportOptions(on=ON))
    assert same.report["health_records_added"] == 0 and same.report["health_records_updated"] == 1
    assert health_profiles.get(db, ids[2]).vaccine_state == ht.VACCINE_FULL
    assert health_profiles.get(db, ids[2]).chronic_diseases == "糖尿病"  # the file's cell was empty
    assert again.report()["health_records_updated"] == 0  # nothing left to change
    from sqlalchemy import select

    from gridoffice.store.models import AuditEvent

    with db.reading() as s:
        fields = set(s.execute(select(AuditEvent.field, AuditEvent.old, AuditEvent.new).where(
            AuditEvent.table_name == "health_profile", AuditEvent.action == "update")).all())
    assert ("vaccine_state", ht.VACCINE_NONE, ht.VACCINE_FULL) in fields
    same.change.undo()
    assert health_profiles.get(db, ids[2]).vaccine_state == ht.VACCINE_NONE  # the import taken back
    result.change.undo()
    assert health_profiles.get(db, ids[1]) is None or roster_persons.person_id_by_id_number(db, _id(1)) is None

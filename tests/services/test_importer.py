import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridoffice.domain.ages import age_on
from gridoffice.domain.codes import relation_name
from gridoffice.domain.idcard import make_id
from gridoffice.services import stats
from gridoffice.services.importing import apply as importer_apply
from gridoffice.services.importing import importer
from gridoffice.services.importing.importer import ImportOptions
from gridoffice.store.models import AuditEvent, Grid, Household, KeyMembership, Person

DATA = Path(__file__).parent.parent / "data"
ON = dt.date(2023, 1, 7)


def opts(**kw):
    return ImportOptions(on=ON, **kw)


def count(db, model):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def accounted(report):
    return (report["persons_added"] + report["persons_updated"] + report["persons_unchanged"]
            + len(report["rejected"]) + len(report["skipped"]))


@pytest.mark.parametrize("name", ["roster_sample.xlsx", "roster_sample.xls", "roster_sample.ods"])
def test_the_sample_reaches_the_expected_outcome(db, name):
    expect = json.loads((DATA / "roster_sample.expect.json").read_text())
    plan = importer.analyse(db, DATA / name, options=opts())
    dry = plan.report()
    assert dry["header_row"] == expect["header_row"]
    assert dry["households_in_file"] == expect["households"]
    assert dry["persons_valid"] == expect["persons_valid"]
    assert dry["households_with_valid_person"] == expect["households_with_valid_person"]
    flagged = {item["row"]: item["reasons"] for item in dry["rejected"] + dry["warnings"]}
    assert flagged == {item["row"]: item["why"] for item in expect["rows_flagged"]}
    assert {s["row"]: s["reason"] for s in dry["skipped"]} == {s["row"]: s["why"] for s in expect["rows_skipped"]}
    assert count(db, Person) == 0  # a dry run writes nothing
    result = importer.commit(db, plan)
    report = result.report
    assert report["persons_added"] == expect["persons_valid"] == count(db, Person)
    assert report["households_added"] == expect["households_with_valid_person"] == count(db, Household)
    assert accounted(report) == report["rows_read"]
    assert stats.counts(db, ON).aged_60_plus == expect["persons_60_plus_on_2023_01_07"]
    with db.reading() as s:
        names = set(s.scalars(select(Person.name)))
        assert set(expect["rare_names"]) <= names
        assert "蔡玉桂" in names and " 蔡 玉桂 " not in names
        zhao = s.scalars(select(Person).where(Person.name == "赵文")).one()
        assert zhao.sex == "男"  # the ID wins over the 性别 column
        assert s.scalar(select(func.count()).select_from(KeyMembership)) == 6  # 残疾人 marks; 老年人 never stored
    if db.is_sqlite:  # a server database is backed up by pg_dump, not by the program
        assert result.backup is not None and result.backup.exists()


def test_importing_the_same_file_twice_changes_nothing(db, sample_roster):
    importer.commit(db, importer.analyse(db, sample_roster, options=opts()))
    before = (count(db, Person), count(db, Household), count(db, KeyMembership), count(db, AuditEvent))
    result = importer.commit(db, importer.analyse(db, sample_roster, options=opts()))
    second = result.report
    assert result.backup is None  # nothing to write: no backup either
    assert not result.change.undoable
    assert (second["persons_added"], second["persons_updated"], second["households_added"],
            second["households_updated"], second["memberships_added"]) == (0, 0, 0, 0, 0)
    assert second["persons_unchanged"] == 123
    assert (count(db, Person), count(db, Household), count(db, KeyMembership), count(db, AuditEvent)) == before


def test_an_unchanged_file_is_checked_once_unless_someone_wrote_since(db, sample_roster, monkeypatch):
    """The dry run found nothing to write: the commit does not check the database a second time
    (~25 % of a street import) — unless a write came in between, which it then sees."""
    importer.commit(db, importer.analyse(db, sample_roster, options=opts()))
    writes = []
    real = importer_apply.resolve
    monkeypatch.setattr(importer_apply, "resolve", lambda s, *a, write, **k: writes.append(write) or real(s, *a, write=write, **k))
    plan = importer.analyse(db, sample_roster, options=opts())
    dry = plan.report()
    result = importer.commit(db, plan)
    assert writes == [False]  # the dry run's check only
    assert not result.change.undoable and result.backup is None
    assert {k: v for k, v in result.report.items() if k != "backup"} == dry
    plan = importer.analyse(db, sample_roster, options=opts())
    with db.session() as s:  # someone changes a person after the dry run
        person = s.scalars(select(Person).where(Person.id_number.is_not(None)).limit(1)).one()
        person.phone = "13900001111"
    writes.clear()
    importer.commit(db, plan)
    assert writes == [True]  # checked again, inside the commit


def test_an_id_already_in_the_database_updates_that_person(village, roster_file):
    with village.reading() as s:
        person, household = s.execute(select(Person, Household).join(Household, Person.household_id == Household.id)
                                      .where(Person.phone.is_not(None)).limit(1)).one()
    path = roster_file([[1, household.number, household.address, person.name, relation_name(person.relation),
                         person.sex, person.id_number, person.birth_date, "", "139 0000 1111", "第1微网格"]])
    persons = count(village, Person)
    plan = importer.analyse(village, path, options=opts())
    assert plan.report()["persons_updated"] == 1 and plan.report()["persons_added"] == 0
    importer.commit(village, plan)
    assert count(village, Person) == persons
    with village.reading() as s:
        assert s.get(Person, person.id).phone == "13900001111"
        audit = s.scalars(select(AuditEvent).where(AuditEvent.table_name == "person", AuditEvent.row_id == person.id,
                                                   AuditEvent.field == "phone")).one()
        assert audit.old == person.phone and audit.new == "13900001111"


def _family(number, group, head_born, grid="", head_name="王大"):
    head = make_id("510124", head_born, 11)
    wife = make_id("510124", head_born.replace(year=head_born.year + 2), 22)
    return [[1, number, f"{group}1号", head_name, "户主", "男", head, head_born, "", "13812345678", grid],
            ["", "", f"{group}1号", "李二", "妻子", "女", wife, "", "", "", grid]]


def test_micro_grid_column_matches_by_name_code_and_covers(village, roster_file):
    rows = (_family("T1", "3组", dt.date(1950, 1, 1), "第1微网格")
            + _family("T2", "3组", dt.date(1951, 1, 1), "YMC-01-03", "王二")
            + _family("T3", "9组", dt.date(1952, 1, 1), "9组", "王三")
            + _family("T4", "5组", dt.date(1953, 1, 1), "第 五 微网格", "王四")
            + _family("T5", "东片", dt.date(1954, 1, 1), "东片区", "王五"))
    plan = importer.analyse(village, roster_file(rows), options=opts())
    with village.reading() as s:
        code_of = {g.id: g.code for g in s.scalars(select(Grid))}
    matched = {t: code_of[m.grid_id] for t, m in plan.grids.items() if m.matched}
    assert matched == {"第1微网格": "YMC-01-01", "YMC-01-03": "YMC-01-03", "9组": "YMC-02-01", "第 五 微网格": "YMC-01-05"}
    assert plan.report()["unmatched_grids"] == [{"name": "东片区", "rows": 2, "households": 1, "ambiguous": []}]
    importer.commit(village, plan)  # left unassigned
    with village.reading() as s:
        assert s.scalars(select(Household.grid_id).where(Household.number == "T5")).one() is None
        assert code_of[s.scalars(select(Household.grid_id).where(Household.number == "T3")).one()] == "YMC-02-01"


def test_unmatched_grids_created_under_a_general_grid(village, roster_file):
    rows = _family("T5", "东片", dt.date(1954, 1, 1), "东片区") + _family("T6", "西片", dt.date(1955, 1, 1), "西片区", "王六")
    plan = importer.analyse(village, roster_file(rows), options=opts(create_grids_under="YMC-02"))
    result = importer.commit(village, plan)
    assert result.report["grids_created"] == ["东片区", "西片区"]
    with village.reading() as s:
        made = s.scalars(select(Grid).where(Grid.name.in_(["东片区", "西片区"]))).all()
        assert sorted(g.code for g in made) == ["YMC-02-09", "YMC-02-10"]
        assert {g.level for g in made} == {"micro"}
        hh = s.scalars(select(Household).where(Household.number == "T5")).one()
        assert hh.grid_id in {g.id for g in made}
    with pytest.raises(Exception, match="一般网格"):
        importer.analyse(village, roster_file(rows), options=opts(create_grids_under="YMC-02-01"))


def test_ambiguous_grid_names_in_a_street_are_listed(db, roster_file):
    from sqlalchemy import insert

    with db.session() as s:
        s.connection().execute(insert(Grid.__table__), [
            dict(id=1, parent_id=None, level="community", code="A", name="甲村", covers="", sort_order=0, note=""),
            dict(id=2, parent_id=1, level="general", code="A-01", name="第1网格", covers="", sort_order=0, note=""),
            dict(id=3, parent_id=2, level="micro", code="A-01-01", name="第1微网格", covers="", sort_order=0, note=""),
            dict(id=4, parent_id=None, level="community", code="B", name="乙村", covers="", sort_order=0, note=""),
            dict(id=5, parent_id=4, level="general", code="B-01", name="第1网格", covers="", sort_order=0, note=""),
            dict(id=6, parent_id=5, level="micro", code="B-01-01", name="第1微网格", covers="", sort_order=0, note=""),
        ])
    path = roster_file(_family("T1", "1组", dt.date(1950, 1, 1), "第1微网格"))
    plan = importer.analyse(db, path, options=opts())
    assert plan.report()["unmatched_grids"][0]["ambiguous"] == ["A-01-01", "B-01-01"]
    plan = importer.analyse(db, path, options=opts(within="B"))
    assert plan.grids["第1微网格"].code == "B-01-01"
    # asked to create unknown grids, an ambiguous name is not made a third namesake
    result = importer.commit(db, importer.analyse(db, path, options=opts(create_grids_under="A-01")))
    assert result.report["grids_created"] == [] and count(db, Grid) == 6
    with db.reading() as s:
        assert s.scalars(select(Household.grid_id)).one() is None


def test_a_commit_is_all_or_nothing(db, sample_roster, monkeypatch):
    plan = importer.analyse(db, sample_roster, options=opts())

    def boom(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer_apply.audit, "record_rows", boom)
    with pytest.raises(OSError):
        importer.commit(db, plan)
    assert count(db, Person) == count(db, Household) == count(db, KeyMembership) == 0


def test_undo_and_redo(db, sample_roster):
    result = importer.commit(db, importer.analyse(db, sample_roster, options=opts()))
    assert result.change.undoable and {"person", "household"} <= result.change.tables
    inverse = result.change.undo()
    assert count(db, Person) == count(db, Household) == count(db, KeyMembership) == 0
    inverse.undo()  # redo
    assert count(db, Person) == 123 and count(db, Household) == 42


def test_undo_restores_updated_values(village, roster_file):
    with village.reading() as s:
        person, household = s.execute(select(Person, Household).join(Household, Person.household_id == Household.id)
                                      .where(Person.phone.is_not(None)).limit(1)).one()
    path = roster_file([[1, household.number, household.address, person.name, "户主", person.sex,
                         person.id_number, "", "", "13900001111", ""]])
    result = importer.commit(village, importer.analyse(village, path, options=opts()))
    result.change.undo()
    with village.reading() as s:
        assert s.get(Person, person.id).phone == person.phone


def test_rejected_rows_file_can_be_fixed_and_imported_again(db, sample_roster, tmp_path):
    from openpyxl import load_workbook

    plan = importer.analyse(db, sample_roster, options=opts())
    importer.commit(db, plan)
    out = importer.write_rejected(plan, tmp_path / "未导入.xlsx")
    wb = load_workbook(out)
    ws = wb.active
    header = [c.value for c in ws[2]]
    assert header[:4] == ["序号", "户编号", "姓名", "公民身份号码"] and header[-2:] == ["原行号", "原因"]
    data = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(data) == 13 and [r[-2] for r in data][:2] == [5, 9]
    assert data[0][1] == "3-001"  # the merged household number is filled in
    assert data[0][3] == "510124196202030000" and ws.cell(3, 4).data_type == "s"
    assert "Excel" in data[0][-1]
    # the clerk types the IDs in again from the cards (here: computed) and deletes the duplicate row
    for row in ws.iter_rows(min_row=3):
        cells = {c.column: c for c in row}
        born = row[5].value
        born = born.date() if isinstance(born, dt.datetime) else born
        if not isinstance(born, dt.date):
            from gridoffice.domain.ages import parse_loose_date
            born = parse_loose_date(born)
        if "重复" in str(row[-1].value):
            for c in row:
                c.value = None
            continue
        cells[4].value = make_id("510124", born, 101 if row[4].value == "男" else 102)
    wb.save(out)
    again = importer.commit(db, importer.analyse(db, out, options=opts())).report
    assert again["persons_added"] == 12 and not again["rejected"]
    assert count(db, Person) == 135
    assert again["households_added"] == 3  # the three households whose only members were rejected


def _ledger_rows(village):
    """The village roster in the roster-ledger layout (as the export writes it)."""
    with village.reading() as s:
        rows = s.execute(select(Person, Household, Grid.name).join(Household, Person.household_id == Household.id)
                         .join(Grid, Household.grid_id == Grid.id)
                         .where(Person.status == "在册").order_by(Household.number, Person.relation, Person.id)).all()
    out, last, n = [], None, 0
    for person, household, grid in rows:
        n += 1
        first = household.id != last
        last = household.id
        out.append([n, household.number if first else "", household.address, person.name,
                    relation_name(person.relation), person.sex, person.id_number, person.birth_date,
                    age_on(person.birth_date, ON), person.phone or "", grid])
    return out


def test_round_trip_of_the_demo_village_into_an_empty_database(village, db, roster_file):
    rows = _ledger_rows(village)
    path = roster_file(rows, merge_column=1, text_columns=(6, 9))
    plan = importer.analyse(db, path, options=opts())
    report = importer.commit(db, plan).report
    assert not report["rejected"] and report["persons_added"] == len(rows)
    assert {w for item in report["warnings"] for w in item["reasons"]} <= {"age_mark_mismatch"}

    def persons(database):
        with database.reading() as s:
            return {(p.id_number, p.name, p.sex, p.birth_date, p.relation, p.phone, h.number, h.address)
                    for p, h in s.execute(select(Person, Household).join(Household, Person.household_id == Household.id)
                                          .where(Person.status == "在册"))}

    assert persons(db) == persons(village)
    with village.reading() as s:
        village_households = s.scalar(select(func.count(func.distinct(Person.household_id))).where(Person.status == "在册"))
    assert count(db, Household) == village_households
    assert report["unmatched_grids"] and all(g["households"] for g in report["unmatched_grids"])


def test_round_trip_into_the_village_itself_changes_nothing(village, roster_file):
    rows = _ledger_rows(village)
    report = importer.commit(village, importer.analyse(village, roster_file(rows, merge_column=1), options=opts())).report
    assert report["persons_unchanged"] == len(rows)
    assert report["persons_added"] == report["persons_updated"] == report["households_added"] == 0
    assert report["households_updated"] == 0 and report["unmatched_grids"] == []


def test_a_cancelled_commit_leaves_the_database_as_it_was(db, sample_roster):
    plan = importer.analyse(db, sample_roster, options=opts())
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 1  # cancel after the rows were written, before the transaction ends

    with pytest.raises(importer.Cancelled):
        importer.commit(db, plan, cancelled=cancelled)
    assert len(calls) == 2 and count(db, Person) == count(db, Household) == 0


def test_a_person_moved_out_is_updated_and_the_clerk_told(village, roster_file):
    with village.reading() as s:
        gone = s.scalars(select(Person).where(Person.status != "在册")).first()
    path = roster_file([[1, "NEW1", "新址1号", gone.name, "户主", gone.sex, gone.id_number, "", "", "", ""]])
    report = importer.analyse(village, path, options=opts()).report()
    assert report["persons_updated"] == 1
    assert report["warnings"][0]["reasons"] == ["person_not_active"] and gone.status in report["warnings"][0]["messages"][0]


def test_members_disagreeing_with_their_household_are_told(db, roster_file):
    rows = _family("T1", "3组", dt.date(1950, 1, 1), "第1微网格")
    rows[1][2], rows[1][10] = "4组9号", "第2微网格"
    report = importer.analyse(db, roster_file(rows), options=opts()).report()
    (item,) = report["warnings"]
    assert item["row"] == 5 and item["reasons"] == ["household_differs", "household_differs"]
    assert "第 4 行" in item["messages"][0]


def test_household_numbers_are_matched_only_within_the_chosen_grid(village, roster_file):
    with village.reading() as s:
        number = s.scalars(select(Household.number).order_by(Household.id)).first()
    assert number == "YMC01001"  # in 第1微网格, under YMC-01
    rows = _family(number, "1组", dt.date(1950, 1, 1))
    everywhere = importer.analyse(village, roster_file(rows), options=opts()).report()
    assert everywhere["households_added"] == 0
    elsewhere = importer.analyse(village, roster_file(rows), options=opts(within="YMC-04")).report()
    assert elsewhere["households_added"] == 1


def test_a_locked_database_is_a_sentence_and_nothing_is_written(db, db_path, sample_roster):
    import sqlite3

    from gridoffice.store import engine as engine_module
    from gridoffice.store.errors import StoreError

    plan = importer.analyse(db, sample_roster, options=opts())
    other = sqlite3.connect(db_path)
    other.execute("BEGIN EXCLUSIVE")
    original = engine_module.BUSY_TIMEOUT_MS
    try:
        db.engine.dispose()
        engine_module.BUSY_TIMEOUT_MS = 50
        db.engine = engine_module.make_engine(db.url)
        with pytest.raises(StoreError) as err:
            importer.commit(db, plan)
        assert "另一个程序" in str(err.value)
    finally:
        engine_module.BUSY_TIMEOUT_MS = original
        other.rollback()
        other.close()
    assert count(db, Person) == 0


def test_a_full_disk_during_the_backup_is_a_sentence(db, sample_roster, monkeypatch):
    import errno

    from gridoffice.services.importing import importer as importer_module
    from gridoffice.store.errors import DiskFull

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(importer_module, "backup_before", full)
    with pytest.raises(DiskFull, match="磁盘已满"):
        importer.commit(db, importer.analyse(db, sample_roster, options=opts()))
    assert count(db, Person) == 0

"""The round trip the issue asks for, through the real writers: export the demo village's
roster ledger (the file an office would hand over), import it into an empty database, and get
the same persons and households back; importing it into the village itself changes nothing."""

import datetime as dt

from sqlalchemy import select

from gridoffice.services import ledgers
from gridoffice.services.importing import importer
from gridoffice.store.models import Household, Person

ON = dt.date(2023, 1, 7)


def _people(db) -> set[tuple]:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        rows = s.execute(
            select(Person.id_number, Person.name, Person.sex, Person.birth_date, Person.relation, Person.phone,
                   Household.number)
            .join(Household, Person.household_id == Household.id)
            .where(Person.status == "在册", Person.deleted_at.is_(None))).all()
    return {tuple(r) for r in rows}


def test_export_then_import_gives_the_same_persons_and_households(village, db, tmp_path):
    path = tmp_path / "花名册.xlsx"
    result = ledgers.export(village, "roster", ledgers.LedgerOptions(on=ON), path)
    assert result.rows > 4000

    plan = importer.analyse(db, path, options=importer.ImportOptions(on=ON))
    report = plan.report()
    assert report["rejected"] == [], report["rejected"][:3]
    imported = importer.commit(db, plan)
    assert imported.report["persons_added"] == result.rows

    assert _people(db) == _people(village)
    with village.reading() as s:
        numbers = set(s.scalars(select(Household.number).join(Person, Person.household_id == Household.id)
                                .where(Person.status == "在册")))
    with db.reading() as s:
        assert set(s.scalars(select(Household.number))) == numbers


def test_importing_the_export_into_the_village_changes_nothing(village, tmp_path):
    path = tmp_path / "花名册.xlsx"
    ledgers.export(village, "roster", ledgers.LedgerOptions(on=ON), path)
    before = _people(village)
    plan = importer.analyse(village, path, options=importer.ImportOptions(on=ON))
    report = importer.commit(village, plan).report
    assert (report["persons_added"], report["persons_updated"], report["households_added"]) == (0, 0, 0)
    assert _people(village) == before


from sqlmodel import select

from gridoffice.services import ledgers
from gridoffice.services.ledgers import LedgerOptions
from gridoffice.store.models import Grid, Household, Person


def _edit(village):
    with village.reading() as s:
        person = s.exec(select(Person).where(Person.household_id.is_not(None))).first()
    with village.session() as s:
        p = s.get(Person, person.id)
        p.id_number = "510124195001011239"
        p.phone = "13912345678"
    return person


def test_audit_ledger_lists_the_changes(village):
    person = _edit(village)
    ledger = ledgers.available()["audit"].build(village, LedgerOptions())
    assert ledger.key == "audit" and ledger.internal and ledger.office == "禹庙村"
    sheet = ledger.sheets[0]
    rows = list(sheet.rows)
    assert sheet.row_count == len(rows) == 2
    fields = {r[5]: r for r in rows}
    assert fields["身份证号"][6] == person.id_number and fields["身份证号"][7] == "510124195001011239"
    assert fields["身份证号"][4] == person.name  # the 对象 is the person's name
    assert fields["电话"][1] == "测试员" and fields["电话"][2] == "修改" and fields["电话"][3] == "居民"


def test_audit_ledger_filters_by_grid_and_operator(village):
    person = _edit(village)
    with village.reading() as s:
        hh = s.get(Household, person.household_id)
        grid = s.get(Grid, hh.grid_id)
        elsewhere = s.exec(select(Grid).where(Grid.level == "micro", Grid.id != grid.id)).first()
    build = ledgers.available()["audit"].build
    assert len(list(build(village, LedgerOptions(grid_code=grid.code)).sheets[0].rows)) == 2
    assert list(build(village, LedgerOptions(grid_code=elsewhere.code)).sheets[0].rows) == []
    assert list(build(village, LedgerOptions(extra={"operator": "别人"})).sheets[0].rows) == []
    assert len(list(build(village, LedgerOptions(extra={"person": person.name})).sheets[0].rows)) >= 2


def test_the_audit_ledger_has_no_public_version(village):
    """Old and new values carry health, assistance and care text: refused with a sentence."""
    import pytest

    _edit(village)
    assert not ledgers.available()["audit"].public
    with pytest.raises(ledgers.LedgerError, match="不能导出公示版"):
        ledgers.build(village, "audit", LedgerOptions(public=True))

"""The 重点人群分级台账 (issue 21): xlsx and PDF, internal with the list, public with counts only;
the counts per micro-grid add up to the list and to the residents 65+."""

import datetime as dt

import openpyxl

from gridoffice.domain import health_tiers as ht
from gridoffice.services import ledgers
from gridoffice.services.health import tiers as health_tiers
from tests.reconcile import check_ledger

ON = dt.date(2023, 1, 7)


def test_tiers_ledger_both_formats_and_versions(village, tmp_path):
    rows = health_tiers.tiers(village, None, ON)
    internal = ledgers.export(village, "tiers", ledgers.LedgerOptions(on=ON), tmp_path / "t.xlsx")
    assert internal.sheets == 2 and internal.rows == 32 + len(rows)
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    counts, persons = wb.worksheets
    header = [c.value for c in counts[3]]
    total = next(r for r in counts.iter_rows(values_only=True) if r[0] == "合计")
    assert total[header.index("65岁以上")] == len(rows)
    assert total[header.index("红色")] == sum(1 for t in rows if t.tier == ht.RED)
    assert persons.max_row >= len(rows) + 3
    public = ledgers.export(village, "tiers", ledgers.LedgerOptions(on=ON, public=True), tmp_path / "p.xlsx")
    assert public.sheets == 1
    for suffix in ("pdf",):
        for pub in (False, True):
            path = tmp_path / f"t{pub}.{suffix}"
            ledgers.export(village, "tiers", ledgers.LedgerOptions(on=ON, public=pub), path)
            assert path.stat().st_size > 0


def test_tiers_ledger_reconciles(village):
    from gridoffice.services.grids.core import catalogue

    ledger = ledgers.build(village, "tiers", ledgers.LedgerOptions(on=ON))
    with village.reading() as s:
        table = catalogue(s)
    problems, levels = check_ledger(ledger, table)
    assert problems == [] and sum(levels["tiers/分级统计"].values()) == 32

"""Every registered ledger, printed from the demo village in both formats, as an upper-level
official reads it: every ID number, phone, code and date of the sheet is whole on one line (PDF)
or a text / date cell (xlsx), and the body prints at 9 pt or more after fit-to-width scaling."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from pypdf import PdfReader
from sqlmodel import select

from gridoffice.exports import layout
from gridoffice.exports.ledger import visible_columns
from gridoffice.exports.xlsx import printed_width
from gridoffice.services import ledgers
from gridoffice.store.models import Matter, Person, Visit

ON = dt.date(2023, 1, 7)
WHOLE = {"id", "phone", "code", "date", "datetime"}
TF = re.compile(rb"/F\d+\+\d+ ([\d.]+) Tf")
PAPERS = {9: layout.PAPERS["A4"], 8: layout.PAPERS["A3"]}


def _office(village) -> int | None:  # type: ignore[no-untyped-def]
    """Add what the demo village lacks so every ledger has rows: a visit, a matter, a campaign,
    households moved away."""
    from tests.services.moved_helpers import move_households
    from tests.services.public_outputs_helpers import campaign_with_a_handout

    move_households(village)
    with village.reading() as s:
        p = s.exec(select(Person).where(Person.id_number.is_not(None))).first()
    with village.session() as s:
        s.add(Visit(person_id=p.id, household_id=p.household_id, visit_date=dt.date(2023, 1, 6), visitors="李梅",
                    needs="希望上门测血压，老人腿脚不便，最好周末上午来，提前打电话"))
        s.add(Matter(reported_at=dt.datetime(2023, 1, 6, 9, 0), category="求助",
                     description="路灯不亮", reporter_name=p.name))
    return campaign_with_a_handout(village)


def _xlsx_effective_size(ws) -> float:  # type: ignore[no-untyped-def]
    total = sum(printed_width(ws.column_dimensions[get_column_letter(i)].width or 8.43)
                for i in range(1, ws.max_column + 1))
    w, h = PAPERS[int(ws.page_setup.paperSize)]
    page = h if ws.page_setup.orientation == "landscape" else w
    avail = page - 72 * (ws.page_margins.left + ws.page_margins.right)
    if ws.sheet_properties.pageSetUpPr.fitToPage:
        return layout.BODY * min(1.0, avail / total)
    return layout.BODY * (ws.page_setup.scale or 100) / 100


@pytest.mark.parametrize("key", sorted(ledgers.available()))
def test_every_ledger_prints_identifiers_whole_at_nine_points(village, tmp_path, key):
    campaign_id = _office(village)
    options = ledgers.LedgerOptions(on=ON, campaign_id=campaign_id, extra={"from": "2023-01-01"})
    ledger = ledgers.build(village, key, options)
    kinds = [[layout.kind_of(s.columns[i]) for i in visible_columns(s, False)] for s in ledger.sheets]
    xlsx, pdf = tmp_path / f"{key}.xlsx", tmp_path / f"{key}.pdf"
    ledgers.export(village, key, options, xlsx)
    ledgers.export(village, key, options, pdf)

    wholes: set[str] = set()
    wb = openpyxl.load_workbook(xlsx)
    assert len(wb.worksheets) == len(kinds)
    for ws, sheet_kinds in zip(wb.worksheets, kinds, strict=True):
        assert _xlsx_effective_size(ws) >= layout.MIN_PRINTED - 0.01, f"{key}/{ws.title}: body below 9 pt"
        for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
            if not isinstance(row[0].value, int):
                continue  # 合计, the signature line
            for cell, kind in zip(row[1:], sheet_kinds, strict=False):
                if cell.value is None or kind not in WHOLE:
                    continue
                if kind in ("date", "datetime"):
                    assert cell.is_date, f"{key}/{ws.title}: {cell.coordinate} is not a date cell"
                    continue
                assert cell.data_type == "s", f"{key}/{ws.title}: {cell.coordinate} is not text"
                assert not cell.alignment.wrap_text
                wholes.add(cell.value)

    reader = PdfReader(str(pdf))
    lines: set[str] = set()
    sizes: set[float] = set()
    for page in reader.pages:
        lines.update((page.extract_text() or "").splitlines())
        sizes.update(float(m) for m in TF.findall(page.get_contents().get_data()))
    text = "\n".join(lines)
    missing = [w for w in wholes if w not in text]
    assert not missing, f"{key}: not whole on one line in the PDF: {missing[:5]}"
    assert min(sizes) >= layout.MIN_PRINTED - 0.01, f"{key}: PDF text at {min(sizes)} pt"
    if key in ("roster", "key-populations", "handout", "staff", "moved"):
        assert wholes, f"{key}: the test found no identifiers to check"


def test_sign_off_rows_and_signature_box_are_big_enough_to_sign(village, tmp_path):
    campaign_id = _office(village)
    options = ledgers.LedgerOptions(on=ON, campaign_id=campaign_id)
    path = tmp_path / "handout.xlsx"
    ledgers.export(village, "handout", options, path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    scale = _xlsx_effective_size(ws) / layout.BODY
    header = [c.value for c in ws[3]]
    sign = get_column_letter(header.index("领取人签字") + 1)
    assert printed_width(ws.column_dimensions[sign].width) * scale >= 30 * layout.MM - 0.5
    for r in range(4, 8):
        assert ws.row_dimensions[r].height * scale >= 9 * layout.MM - 0.1
    assert ws.print_title_rows == "$1:$3"  # header repeated on every page

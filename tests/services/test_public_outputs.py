"""No resident ID number or phone unmasked, no key person named and no free text in any public
output: every registered ledger's ``--public`` version, laid out by the writers' rule (visible_columns + public_value), is scanned.
A ledger that puts an ID or phone in a column not marked ``id`` / ``phone`` fails here."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import select

from gridoffice.exports.ledger import Column, public_value, visible_columns
from gridoffice.services import ledgers
from gridoffice.store.models import Matter, Person, Visit
from tests.services.public_outputs_helpers import KEY_PERSON, SECRET, plant_a_key_person

ID_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE_RE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def test_public_value_masks_id_and_phone_columns():
    assert public_value(Column("身份证号", kind="id"), "510124199001011234") == "510124********1234"
    assert public_value(Column("电话", kind="phone"), "13812345678") == "138****5678"
    assert public_value(Column("姓名", kind="name"), "王秀英") == "王秀英"
    assert public_value(Column("x", kind="id"), None) is None


@pytest.mark.parametrize("key", sorted(ledgers.available()))
def test_every_public_ledger_hides_ids_and_phones(village, key):
    with village.reading() as s:  # some audited changes carrying IDs and phones
        p = s.exec(select(Person).where(Person.id_number.is_not(None))).first()
    with village.session() as s:
        s.get(Person, p.id).phone = "13912345678"
        household, grid = s.get(Person, p.id).household_id, None
        s.add(Visit(person_id=p.id, household_id=household, visit_date=dt.date(2023, 1, 6), visitors="李梅",
                    needs=f"请回电 139-1234-5678，身份证 {p.id_number}"))
        s.add(Matter(reported_at=dt.datetime(2023, 1, 6, 9, 0), category="求助", grid_id=grid,
                     description=f"居民（{p.id_number}，电话13912345678）反映路灯不亮", reporter_name=p.name))
    plant_a_key_person(village)
    key_names = _key_person_names(village) if key not in LISTS_EVERYONE else set()
    if key not in LISTS_EVERYONE:
        key_names.add(KEY_PERSON)
    entry = ledgers.available()[key]
    if not entry.public:  # sensitive lists (重点人群) have no public version at all
        with pytest.raises(ledgers.LedgerError):
            ledgers.build(village, key, ledgers.LedgerOptions(on=dt.date(2023, 1, 7), public=True))
        return
    if key.startswith("handout"):  # hand-out ledgers need a campaign: make one and hand out a kit
        from tests.services.public_outputs_helpers import campaign_with_a_handout

        campaign_id = campaign_with_a_handout(village)
    else:
        campaign_id = None
    options = ledgers.LedgerOptions(on=dt.date(2023, 1, 7), public=True, campaign_id=campaign_id,
                                    extra={"from": "2023-01-01"})  # the week planted, not December
    ledger = ledgers.build(village, key, options)
    assert ledger.public
    cells = 0
    for sheet in ledger.sheets:
        keep = visible_columns(sheet, True)
        for row in sheet.rows:
            for i in keep:
                text = str(public_value(sheet.columns[i], row[i]))
                cells += 1
                assert not ID_RE.search(text), f"{key}: ID number shown in column {sheet.columns[i].header}"
                assert not MOBILE_RE.search(text), f"{key}: phone shown in column {sheet.columns[i].header}"
                assert SECRET not in text, f"{key}: free text in column {sheet.columns[i].header}: {text}"
                assert text not in key_names, f"{key}: a key person named in column {sheet.columns[i].header}"
    assert cells > 0, f"{key}: the check saw no cells"
    _scan_written_files(village, key, options, key_names)


# Lists of every resident, of returnees or of an age group (the sign-off sheet of a 60+ campaign;
# one for 低保 or 孕产妇 has no public version) name people without saying who is a key person
# (the sensitive columns are dropped): the key-person name check does not apply there.
LISTS_EVERYONE = {"roster", "returnees", "handout"}


def _key_person_names(db) -> set[str]:  # type: ignore[no-untyped-def]
    """Names of the key persons (visited ones), less any that a staff member also bears."""
    from gridoffice.services.visits import core as visits
    from gridoffice.store.models import Staff

    with db.reading() as s:
        staff = set(s.exec(select(Staff.name)).all())
    return {p.name for p in visits.key_persons(db, None, dt.date(2023, 1, 7))} - staff


def _scan_written_files(db, key, options, key_names) -> None:  # type: ignore[no-untyped-def]
    """What reaches the official is the file: write the real .xlsx and .pdf and read them back."""
    import tempfile
    from pathlib import Path

    import openpyxl

    from tests.pdfread import read

    with tempfile.TemporaryDirectory() as folder:
        xlsx_path = Path(folder) / "public.xlsx"
        ledgers.export(db, key, options, xlsx_path)
        book = openpyxl.load_workbook(xlsx_path, read_only=True)
        texts = [v for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
                 if isinstance(v, str)]
        assert not key_names & set(texts), f"{key}: key persons named in the .xlsx"
        book.close()
        pdf_path = Path(folder) / "public.pdf"
        ledgers.export(db, key, options, pdf_path)
        texts.append(read(pdf_path, fonts_too=False).text)
    assert texts
    for text in texts:
        assert not ID_RE.search(text), f"{key}: an ID number in the written file: {text[:80]}"
        assert not MOBILE_RE.search(text.replace("-", "").replace(" ", "")), f"{key}: a mobile in the file: {text[:80]}"
        assert SECRET not in text, f"{key}: free text in the written file"
    if key not in LISTS_EVERYONE:
        assert KEY_PERSON not in texts[-1], f"{key}: the key person named in the PDF"


def test_free_text_is_masked_in_public_outputs():
    from gridoffice.domain.privacy import mask_text

    text = "居民510124199001011234，电话 138-1234-5678，另 13912345678；门牌 12 号"
    masked = mask_text(text)
    assert "510124********1234" in masked and "138****5678" in masked and "139****5678" in masked
    assert "12 号" in masked and not ID_RE.search(masked) and not MOBILE_RE.search(masked)


def test_masking_is_decided_in_one_place_only():
    """No module masks IDs or phones by hand: a second policy would drift from the first."""
    from pathlib import Path

    import gridoffice

    root = Path(gridoffice.__file__).parent
    home_made = re.compile(r"""["']\*["']\s*\*|\*\*\*\*|\[:6\]\s*\+""")
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name != "privacy.py" and home_made.search(p.read_text(encoding="utf-8"))]
    assert offenders == [], f"masking outside domain/privacy.py: {offenders}"


def test_public_summary_hides_small_counts_of_sensitive_groups(village):
    from gridoffice.domain.privacy import HIDDEN_CELL, SMALL_CELL
    from gridoffice.services.ledgers.summary import FIGURES

    ledger = ledgers.build(village, "summary", ledgers.LedgerOptions(on=dt.date(2023, 1, 7), public=True))
    internal = ledgers.build(village, "summary", ledgers.LedgerOptions(on=dt.date(2023, 1, 7)))
    headers = [h for _k, h in FIGURES]
    for sheet, plain in zip(ledger.sheets, internal.sheets, strict=True):
        rows, plain_rows = list(sheet.rows), list(plain.rows)
        columns = [c.header for c in sheet.columns]
        for header in ("低保", "特困", "孕产妇", "残疾人", "慢病患者", "留守儿童", "独居老人"):
            i = columns.index(header)
            cells = [r[i] for r in rows] + [sheet.total[i]]
            known = [r[i] for r in plain_rows] + [plain.total[i]]
            assert not any(isinstance(c, int) and 0 < c < 3 for c in cells), header
            for shown, value in zip(cells, known, strict=True):
                assert shown == value or (shown == SMALL_CELL and value in (1, 2)) or shown == HIDDEN_CELL
            hidden = sum(c in (SMALL_CELL, HIDDEN_CELL) for c in cells[:-1])
            assert hidden != 1 or cells[-1] in (SMALL_CELL, HIDDEN_CELL), f"{header}: derivable from 合计"
        for header in ("户数", "人数", "60岁以上"):  # not sensitive: exact
            i = columns.index(header)
            assert [r[i] for r in rows] == [r[i] for r in plain_rows]
    assert "户数" in headers
    _no_count_can_be_worked_out(ledger, internal)


def _no_count_can_be_worked_out(ledger, internal) -> None:  # type: ignore[no-untyped-def]
    """Reading both sheets as a reader would (a general grid is the sum of its micro-grids, each
    合计 the sum of its sheet), no "<3" cell has a single possible value."""
    from gridoffice.domain.privacy import pinned_cells

    micro, general = ledger.sheets[:2]
    micro_plain, general_plain = (list(s.rows) for s in internal.sheets[:2])
    micro_rows, general_rows = list(micro.rows), list(general.rows)
    for header in ("低保", "特困", "孕产妇", "残疾人", "慢病患者", "留守儿童", "独居老人"):
        i, j = [c.header for c in micro.columns].index(header), [c.header for c in general.columns].index(header)
        values = {("m", k): r[i] for k, r in enumerate(micro_plain)} | {("g", k): r[j] for k, r in enumerate(general_plain)}
        values |= {("tm", 0): internal.sheets[0].total[i], ("tg", 0): internal.sheets[1].total[j]}
        shown = {("m", k): r[i] for k, r in enumerate(micro_rows)} | {("g", k): r[j] for k, r in enumerate(general_rows)}
        shown |= {("tm", 0): micro.total[i], ("tg", 0): general.total[j]}
        hidden = {k: v for k, v in shown.items() if isinstance(v, str)}
        sums = [(("g", k), [("m", m) for m, r in enumerate(micro_plain) if r[0] == g[0]])
                for k, g in enumerate(general_plain)]
        sums += [(("tm", 0), [("m", k) for k in range(len(micro_plain))]),
                 (("tg", 0), [("g", k) for k in range(len(general_plain))])]
        assert not pinned_cells(values, hidden, sums), header


def test_public_visits_are_counts_per_grid(village):
    plant_a_key_person(village)
    ledger = ledgers.build(village, "visits", ledgers.LedgerOptions(on=dt.date(2023, 1, 7), public=True,
                                                                    extra={"from": "2023-01-01"}))
    (sheet,) = ledger.sheets
    assert [c.header for c in sheet.columns][2:] == ["应走访人数", "本周已走访", "本周应走访", "逾期未走访",
                                                     "期间走访人次"]
    rows = list(sheet.rows)
    assert len(rows) == 32 and sum(r[6] for r in rows) == sheet.total[6] == 1  # the planted visit
    assert sheet.total[3] == 1  # she was visited this week


def test_a_sensitive_campaign_has_no_public_sign_off_sheet_and_hides_small_counts(village):
    from gridoffice.domain.privacy import HIDDEN_CELL, SMALL_CELL
    from gridoffice.services.campaigns import core as campaigns

    spec = campaigns.CampaignSpec("困难群众慰问", campaigns.Criteria(dt.date(2023, 1, 7), categories=("dibao",)))
    campaign_id, _ = campaigns.create(village, spec)
    options = ledgers.LedgerOptions(on=dt.date(2023, 1, 7), public=True, campaign_id=campaign_id)
    with pytest.raises(ledgers.LedgerError, match="不能导出公示版"):
        ledgers.build(village, "handout", options)
    ledger = ledgers.build(village, "handout-coverage", options)
    micro = list(ledger.sheets[0].rows)
    assert any(r[3] == SMALL_CELL for r in micro)
    assert not any(isinstance(v, int) and 0 < v < 3 for r in micro for v in r[3:8])
    for r in micro:  # 应发 = 已发 + 未发: never exactly one of the three hidden
        assert sum(v in (SMALL_CELL, HIDDEN_CELL) for v in r[3:6]) != 1


def test_public_summary_hides_small_kit_counts_of_a_sensitive_campaign(village):
    from gridoffice.domain.privacy import HIDDEN_CELL, SMALL_CELL
    from gridoffice.services.campaigns import core as campaigns

    spec = campaigns.CampaignSpec("孕产妇关爱包", campaigns.Criteria(dt.date(2023, 1, 7), categories=("pregnant",)))
    campaign_id, _ = campaigns.create(village, spec)
    options = ledgers.LedgerOptions(on=dt.date(2023, 1, 7), public=True, campaign_id=campaign_id)
    sheet = ledgers.build(village, "summary", options).sheets[0]
    columns = [c.header for c in sheet.columns]
    due, rate = columns.index("应发"), columns.index("发放率")
    rows = list(sheet.rows)
    assert any(r[due] == SMALL_CELL for r in rows)
    assert not any(isinstance(r[due], int) and 0 < r[due] < 3 for r in rows)
    assert all(r[rate] == HIDDEN_CELL for r in rows if r[due] in (SMALL_CELL, HIDDEN_CELL))

"""The registered ledgers on the demo village, read back from the written files."""

import datetime as dt
import errno

import openpyxl
import pytest
from sqlalchemy import func, select

from gridoffice.services import ledgers, stats
from gridoffice.services.scope import Scope, UnknownGrid, grid_by_code, persons_select
from gridoffice.store.errors import DiskFull, ReadOnly
from gridoffice.store.models import Household, Post, Staff

ON = dt.date(2023, 1, 7)


def export(db, key, tmp_path, **kw):
    path = tmp_path / f"{key}.xlsx"
    result = ledgers.export(db, key, ledgers.LedgerOptions(on=ON, **kw), path)
    return result, openpyxl.load_workbook(path)


def data_rows(ws):
    """The numbered rows (序号 is an int), as dicts by header."""
    header = [c.value for c in ws[3]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=4, values_only=True)
            if isinstance(row[0], int)]


def persons(db, scope):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(persons_select(s, scope, ON).subquery()))


def test_all_five_are_registered():
    assert {"roster", "key-populations", "returnees", "staff", "summary"} <= set(ledgers.available())


def test_roster_has_one_row_per_active_person_grouped_by_household(village, tmp_path):
    result, wb = export(village, "roster", tmp_path)
    ws = wb.active
    rows = data_rows(ws)
    assert len(rows) == result.rows == persons(village, Scope())
    assert ws["A1"].value == "禹庙村住户人口花名册"
    numbers = [r["户号"] for r in rows]
    seen, previous = set(), None
    for number in numbers:  # every household's members are together
        if number != previous:
            assert number not in seen
            seen.add(number)
            previous = number
    with village.reading() as s:
        assert len(seen) == s.scalar(select(func.count(func.distinct(Household.id))).select_from(Household))
    first = rows[0]
    assert first["与户主关系"] == "户主" and first["年龄"] >= 0
    assert len(first["公民身份号码"]) == 18 and isinstance(first["公民身份号码"], str)
    assert isinstance(first["出生日期"], dt.datetime)
    marked = [r for r in rows if r["重点人群"]]
    assert marked and any("老年人" in r["重点人群"] for r in marked)
    id_col = [c.value for c in ws[3]].index("公民身份号码") + 1
    assert ws.cell(4, id_col).data_type == "s"


def test_public_roster_masks_ids_and_mobiles_and_drops_marks(village, tmp_path):
    _, wb = export(village, "roster", tmp_path, public=True)
    ws = wb.active
    rows = data_rows(ws)
    assert "重点人群" not in rows[0]
    assert "出生日期" not in rows[0]  # it would give back the masked digits of the ID
    assert all(r["公民身份号码"] is None or "********" in r["公民身份号码"] for r in rows)
    phones = [r["联系电话"] for r in rows if r["联系电话"]]
    assert phones and all("****" in p for p in phones)
    assert ws["A1"].value.endswith("（公示）")


def test_grid_option_scopes_the_roster(village, tmp_path):
    with village.reading() as s:
        general = grid_by_code(s, "YMC-01")
        scope = Scope(grid_id=general.id)
    result, wb = export(village, "roster", tmp_path, grid_code="YMC-01")
    assert result.rows == persons(village, scope) < persons(village, Scope())
    assert wb.active["A1"].value == "禹庙村第一网格住户人口花名册"
    assert {r["一般网格"] for r in data_rows(wb.active)} == {"第一网格"}


def test_key_populations_one_sheet_per_category_and_age_groups(village, tmp_path):
    from gridoffice.domain.population import CATEGORIES

    _, wb = export(village, "key-populations", tmp_path)
    names = wb.sheetnames
    assert names[: len(CATEGORIES)] == [c.label for c in CATEGORIES.values()]
    assert names[-2:] == ["60岁以上老年人", "80岁以上老年人"]
    assert len(data_rows(wb["60岁以上老年人"])) == 1008
    assert len(data_rows(wb["老年人"])) == persons(village, Scope(category="elderly"))
    disabled = data_rows(wb["残疾人"])
    assert disabled and disabled[0]["残疾类别"] in ("视力", "听力", "言语", "肢体", "智力", "精神", "多重")
    assert disabled[0]["残疾等级"].endswith("级")
    assert disabled[0]["残疾证号"].startswith(disabled[0]["公民身份号码"])
    pregnant = data_rows(wb["孕产妇"])
    assert pregnant and isinstance(pregnant[0]["预产期"], dt.datetime)
    assert data_rows(wb["慢病患者"])[0]["家庭医生签约"] in ("是", "否")


def test_key_populations_are_never_public(village, tmp_path):
    with pytest.raises(ledgers.LedgerError, match="敏感"):
        export(village, "key-populations", tmp_path, public=True)
    assert not (tmp_path / "key-populations.xlsx").exists()


def test_returnees_present_on_the_date(village, tmp_path):
    result, wb = export(village, "returnees", tmp_path)
    assert result.rows == persons(village, Scope(returnees_on=ON)) > 0
    later = ledgers.export(village, "returnees", ledgers.LedgerOptions(on=ON + dt.timedelta(days=12)),
                           tmp_path / "later.xlsx")
    assert later.rows == persons(village, Scope(returnees_on=ON + dt.timedelta(days=12)))
    row = data_rows(wb.active)[0]
    assert isinstance(row["返乡日期"], dt.datetime) and row["返乡日期"].date() <= ON


def test_staff_roster_lists_every_post_in_tree_order(village, tmp_path):
    result, wb = export(village, "staff", tmp_path)
    with village.reading() as s:
        posts = s.scalar(select(func.count()).select_from(Post).join(Staff).where(Staff.active))
    rows = data_rows(wb.active)
    assert result.rows == len(rows) == posts
    assert rows[0]["岗位"] == "总网格长" and rows[0]["覆盖户数"] == 1600
    micro = [r for r in rows if r["网格层级"] == "微网格"]
    assert micro and all(r["微网格"] for r in micro)
    assert sum(r["覆盖户数"] for r in rows if r["岗位"] == "微网格长") == 1600
    assert {r["服务团队成员"] for r in micro} <= {"是", "否"}
    scoped, _ = export(village, "staff", tmp_path, grid_code="YMC-02-01")
    assert 2 <= scoped.rows <= 4


def test_summary_totals_agree_with_the_counts(village, tmp_path):
    _, wb = export(village, "summary", tmp_path)
    ws = wb["按微网格"]
    rows = data_rows(ws)
    assert len(rows) == 32
    header = [c.value for c in ws[3]]
    total = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "合计")
    total = dict(zip(header, total, strict=True))
    counts = stats.counts(village, ON)
    assert total["户数"] == counts.households == sum(r["户数"] for r in rows)
    assert total["人数"] == counts.persons
    assert total["60岁以上"] == 1008 and total["80岁以上"] == counts.aged_80_plus
    assert total["返乡人员"] == persons(village, Scope(returnees_on=ON))
    assert total["残疾人"] == persons(village, Scope(category="disabled"))
    assert 0 < total["独居老人"] < 1008
    general = dict(zip([c.value for c in wb["按一般网格"][3]],
                       next(r for r in wb["按一般网格"].iter_rows(min_row=4, values_only=True) if r[0] == "合计"),
                       strict=True))
    assert general["人数"] == total["人数"] and len(data_rows(wb["按一般网格"])) == 4


def test_unknown_ledger_and_grid_are_sentences(village, tmp_path):
    with pytest.raises(ledgers.LedgerError, match="没有名为"):
        export(village, "nope", tmp_path)
    with pytest.raises(UnknownGrid, match="没有编码为 NOPE 的网格"):
        export(village, "roster", tmp_path, grid_code="NOPE")
    with pytest.raises(ledgers.LedgerError, match=r"\.xlsx"):
        ledgers.export(village, "roster", ledgers.LedgerOptions(on=ON), tmp_path / "r.xls")


@pytest.mark.parametrize(("code", "error"), [(errno.ENOSPC, DiskFull), (errno.EACCES, ReadOnly)])
def test_disk_full_and_no_permission_are_sentences(village, tmp_path, monkeypatch, code, error):
    def boom(*_a, **_k):
        raise OSError(code, "simulated")

    monkeypatch.setattr("gridoffice.exports.xlsx.write_ledger", boom)
    with pytest.raises(error) as info:
        ledgers.export(village, "staff", ledgers.LedgerOptions(on=ON), tmp_path / "s.xlsx")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_file_open_in_excel_is_a_sentence(village, tmp_path, monkeypatch):
    target = tmp_path / "s.xlsx"
    target.write_bytes(b"locked")

    def locked(*_a, **_k):
        raise PermissionError(errno.EACCES, "in use")

    monkeypatch.setattr("gridoffice.exports.xlsx.os.replace", locked)
    with pytest.raises(ledgers.LedgerError, match="WPS"):
        ledgers.export(village, "staff", ledgers.LedgerOptions(on=ON), target)
    assert target.read_bytes() == b"locked"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_summary_scoped_to_a_general_grid(village, tmp_path):
    _, wb = export(village, "summary", tmp_path, grid_code="YMC-02")
    ws = wb["按微网格"]
    rows = data_rows(ws)
    assert len(rows) == 8 and {r["一般网格"] for r in rows} == {"第二网格"}
    assert ws["A1"].value == "禹庙村第二网格网格汇总表（按微网格）"
    with village.reading() as s:
        grid = grid_by_code(s, "YMC-02")
    header = [c.value for c in ws[3]]
    total = dict(zip(header, next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "合计"),
                     strict=True))
    assert total["人数"] == persons(village, Scope(grid_id=grid.id))


def test_a_ledger_exports_as_pdf_for_printing(village, tmp_path):
    """The campaign's 签收表 as PDF: one sheet per micro-grid, header on every page, masked IDs."""
    from tests.pdfread import read
    from tests.services.public_outputs_helpers import campaign_with_a_handout

    campaign_id = campaign_with_a_handout(village)
    target = tmp_path / "签收表.pdf"
    result = ledgers.export(village, "handout", ledgers.LedgerOptions(on=dt.date(2023, 1, 8), campaign_id=campaign_id),
                            target)
    assert result.path == target and target.exists() and result.sheets == 32
    text = read(target, fonts_too=False).text
    assert "禹庙村健康爱心包发放签收表（第1微网格，服务团队：" in text and "禹庙村禹庙村" not in text
    assert "领取人签字" in text and "********" in text
    assert not list(tmp_path.glob("*.part"))


def test_unknown_file_type_is_a_sentence(village, tmp_path):
    with pytest.raises(ledgers.LedgerError, match=r"\.xlsx"):
        ledgers.export(village, "roster", ledgers.LedgerOptions(), tmp_path / "x.docx")


def test_summary_counts_kits_of_the_campaign_and_visits_of_the_week(village):
    from gridoffice.store.models import Visit
    from tests.services.public_outputs_helpers import campaign_with_a_handout

    campaign_id = campaign_with_a_handout(village)
    with village.reading() as s:
        household = s.scalars(select(Household).where(Household.grid_id.is_not(None))).first()
    with village.session() as s:
        s.add(Visit(household_id=household.id, grid_id=household.grid_id, visit_date=dt.date(2023, 1, 9),
                    visitors="李梅"))
        s.add(Visit(household_id=household.id, grid_id=household.grid_id, visit_date=dt.date(2023, 1, 2),
                    visitors="李梅"))  # the week before: not counted
    ledger = ledgers.build(village, "summary", ledgers.LedgerOptions(on=dt.date(2023, 1, 10)))
    sheet = ledger.sheets[0]
    headers = [c.header for c in sheet.columns]
    assert headers[-4:] == ["应发", "已发", "发放率", "本周走访"]
    assert "健康爱心包" in sheet.title
    total = dict(zip(headers, sheet.total, strict=True))
    assert (total["应发"], total["已发"], total["本周走访"]) == (1008, 1, 1)
    assert total["发放率"] == 1 / 1008
    rows = list(sheet.rows)
    assert sum(r[headers.index("应发")] for r in rows) == 1008 and len(rows) == 32
    assert campaign_id


def test_summary_without_a_campaign_has_no_kit_columns(village):
    ledger = ledgers.build(village, "summary", ledgers.LedgerOptions(on=dt.date(2023, 1, 7)))
    headers = [c.header for c in ledger.sheets[0].columns]
    assert "应发" not in headers and headers[-1] == "本周走访"


def test_returnees_expected_gone_stop_counting_until_confirmed(village, tmp_path):
    """A stay past its expected departure with no departure recorded is 预计已离开: out of the
    returnee ledger and the summary on that day; confirming records the expected day (undoable)."""
    from gridoffice.services.roster import memberships
    from gridoffice.store.models import ReturneeStay

    with village.reading() as s:
        stay = s.scalars(select(ReturneeStay).where(ReturneeStay.left_on.is_(None),
                                                    ReturneeStay.expected_departure.is_not(None))
                         .order_by(ReturneeStay.expected_departure.desc())).first()
    day, after = stay.expected_departure, stay.expected_departure + dt.timedelta(days=1)
    with village.reading() as s:
        others_after = s.scalar(select(func.count(func.distinct(ReturneeStay.person_id)))
                                .where(ReturneeStay.person_id != stay.person_id, ReturneeStay.arrived_on <= after,
                                       (ReturneeStay.left_on >= after) | (ReturneeStay.left_on.is_(None)
                                       & (ReturneeStay.expected_departure >= after))))
    present = persons(village, Scope(returnees_on=day))
    gone = persons(village, Scope(returnees_gone_on=after))
    assert persons(village, Scope(returnees_on=after)) == others_after < present
    assert gone >= 1 and persons(village, Scope(returnees_gone_on=day)) < gone
    for on, expected in ((day, present), (after, others_after)):
        ledger = ledgers.export(village, "returnees", ledgers.LedgerOptions(on=on), tmp_path / f"r{on}.xlsx")
        assert ledger.rows == expected
        ledgers.export(village, "summary", ledgers.LedgerOptions(on=on), tmp_path / f"s{on}.xlsx")
        ws = openpyxl.load_workbook(tmp_path / f"s{on}.xlsx")["按微网格"]
        header = [c.value for c in ws[3]]
        total = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == "合计")
        assert dict(zip(header, total, strict=True))["返乡人员"] == expected
    change = memberships.confirm_departures(village, [stay.person_id], after)
    assert memberships.stays_of(village, stay.person_id)[0].left_on == day
    assert persons(village, Scope(returnees_gone_on=after)) == gone - 1
    assert persons(village, Scope(returnees_on=day)) == present  # left on the day: present that day
    change.undo()
    assert memberships.stays_of(village, stay.person_id)[0].left_on is None
    with pytest.raises(memberships.NotFound):
        memberships.confirm_departures(village, [stay.person_id], day)


def test_a_reversed_period_is_refused_with_a_sentence(village):
    """export visits --from 2026-12-05 --to 2026-12-01 gave an empty ledger that looked complete."""
    import pytest

    from gridoffice.services.ledgers import LedgerError, LedgerOptions, build

    for key in ("visits", "matters"):
        with pytest.raises(LedgerError, match="晚于截止日期"):
            build(village, key, LedgerOptions(on=dt.date(2023, 1, 7), extra={"from": "2023-01-05", "to": "2023-01-01"}))
    assert build(village, "visits", LedgerOptions(on=dt.date(2023, 1, 7), extra={"from": "2023-01-01", "to": "2023-01-05"}))


def test_a_street_summary_opens_with_its_communities(db):  # type: ignore[no-untyped-def]
    """An official reads the communities first, then the detail (issue 18 review)."""
    from tests.ui import street_sample

    street_sample.build(db)
    ledger = ledgers.build(db, "summary", ledgers.LedgerOptions(on=dt.date(2023, 1, 7)))
    assert [s.name for s in ledger.sheets] == ["按社区", "按一般网格", "按微网格"]

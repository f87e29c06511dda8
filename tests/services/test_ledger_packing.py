"""The packing list (装包清单) as a ledger: in the units a packer counts, per micro-grid and overall."""

import datetime as dt

import openpyxl
import pytest
from sqlmodel import select

from gridoffice.services import ledgers
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns.core import CampaignError, CampaignSpec, Criteria, KitLine
from gridoffice.store.models import KitItem
from tests.pdfread import read


def _campaign(db) -> int:  # type: ignore[no-untyped-def]
    campaign_id, _ = campaigns.create(db, CampaignSpec("健康爱心包", Criteria(dt.date(2023, 1, 7), min_age=60)))
    return campaign_id


def test_packing_list_counts_what_a_packer_counts(village, tmp_path):
    campaign_id = _campaign(village)
    ledger = ledgers.build(village, "packing", ledgers.LedgerOptions(campaign_id=campaign_id))
    overall, per_grid = ledger.sheets
    lines = {r[0]: r for r in overall.rows}
    assert lines["退烧药（3天用量）"][1:] == [1, 1008, 1008, "盒"]
    assert lines["口罩"][1:] == [10, 1008, 10080, "只"]
    rows = list(per_grid.rows)
    assert len(rows) == 32 and sum(r[2] for r in rows) == per_grid.total[2] == 1008
    masks = [c.header for c in per_grid.columns].index("口罩（只）")
    assert sum(r[masks] for r in rows) == per_grid.total[masks] == 10080
    for suffix in ("xlsx", "pdf"):  # gridoffice export packing --campaign 1 --out x.pdf
        path = tmp_path / f"packing.{suffix}"
        ledgers.export(village, "packing", ledgers.LedgerOptions(campaign_id=campaign_id), path)
        if suffix == "xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            text = " ".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row)
            book.close()
        else:
            text = read(path, fonts_too=False).text
        assert "天用量 " not in text and "退烧药（3天用量）" in text and "10080" in text


def test_a_grid_limits_the_packing_list_and_public_is_refused(village):
    campaign_id = _campaign(village)
    ledger = ledgers.build(village, "packing", ledgers.LedgerOptions(campaign_id=campaign_id, grid_code="YMC-01"))
    rows = list(ledger.sheets[1].rows)
    assert len(rows) == 8 and {r[0] for r in rows} == {"第一网格"}
    assert ledger.sheets[1].total[2] == sum(r[2] for r in rows) == next(iter(ledger.sheets[0].rows))[2]
    with pytest.raises(ledgers.LedgerError):
        ledgers.build(village, "packing", ledgers.LedgerOptions(campaign_id=campaign_id, public=True))


def test_a_kit_item_says_what_a_packer_counts(village):
    with pytest.raises(CampaignError, match="装包时能数的单位"):
        campaigns.create(village, CampaignSpec("x", Criteria(dt.date(2023, 1, 7), min_age=60),
                                               kit=(KitLine("退烧药", 3, "天用量"),)))
    assert KitLine("口罩", 10, "只").packed() == KitLine("口罩", 10, "只")
    assert KitLine("湿巾", 2, "袋").packed().unit == "袋"


def test_an_old_kit_line_in_days_is_packed_as_one_portion(village):
    campaign_id = _campaign(village)
    with village.session() as s:  # a campaign made before the units were checked
        item = s.exec(select(KitItem).where(KitItem.campaign_id == campaign_id)).first()
        item.name, item.quantity, item.unit = "退烧药", 3, "天用量"
    overall = ledgers.build(village, "packing", ledgers.LedgerOptions(campaign_id=campaign_id)).sheets[0]
    first = next(iter(overall.rows))
    assert first == ["退烧药（3天用量）", 1, 1008, 1008, "份"]

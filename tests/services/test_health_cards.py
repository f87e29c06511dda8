"""Bedside contact cards and the daily-call sheet of a micro-grid (issue 21): one card per red or
yellow resident, four to an A4 page, the name ≥ 16 pt and the phones ≥ 18 pt, nobody else's
data on a card; the call sheet lists the red residents only."""

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from gridoffice.domain import health_tiers as ht
from gridoffice.services import settings
from gridoffice.services.health import cards as health_cards
from gridoffice.services.health import tiers as health_tiers
from gridoffice.services.scope import grid_id_by_code
from tests.pdf_sizes import runs

ON = dt.date(2023, 1, 7)
GRID = "YMC-01-01"
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|120)$")


def test_one_card_per_red_or_yellow_resident_with_large_type(village, tmp_path):
    settings.put(village, health_cards.CLINIC_PHONE, "028-82712345")
    rows = health_tiers.tiers(village, grid_id_by_code(village, GRID), ON)
    wanted = [t.name for t in rows if t.tier in (ht.RED, ht.YELLOW)]
    others = {t.name for t in rows} - set(wanted)
    assert wanted and others
    out = tmp_path / "cards.pdf"
    assert health_cards.write_cards_file(village, GRID, out, ON) == len(wanted)
    reader = PdfReader(str(out))
    assert len(reader.pages) == -(-len(wanted) // 4)
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4, cut into four A6
    names_seen, phones = [], []
    for page in range(len(reader.pages)):
        for text, size in runs(out, page):
            if text in wanted:
                names_seen.append(text)
                assert size >= 16, (text, size)
            if PHONE.match(text.replace(" ", "")):
                phones.append(text)
                assert size >= 18, (text, size)
            assert text not in others or text in wanted  # no other resident on any card
    assert sorted(names_seen) == sorted(wanted)
    assert phones.count("120") == len(wanted) and phones.count("028-82712345") == len(wanted)
    assert len(phones) >= 4 * len(wanted)  # leader, team member, doctor, clinic, 120


def test_a_manual_tier_adds_or_removes_a_card(village, tmp_path):
    gid = grid_id_by_code(village, GRID)
    green = next(t for t in health_tiers.tiers(village, gid, ON) if t.tier == ht.GREEN)
    before = len(health_cards.cards(village, GRID, ON))
    health_tiers.set_manual(village, green.person_id, ht.YELLOW, "近期住院")
    assert len(health_cards.cards(village, GRID, ON)) == before + 1


def test_call_sheet_lists_the_red_residents(village, tmp_path):
    rows = health_tiers.tiers(village, grid_id_by_code(village, GRID), ON)
    red = [t.name for t in rows if t.tier == ht.RED]
    out = tmp_path / "calls.pdf"
    assert health_cards.write_call_sheet_file(village, GRID, out, ON) == len(red)
    texts = [text for text, _ in runs(out)]
    assert all(name in texts for name in red)
    assert not [t.name for t in rows if t.tier != ht.RED and t.name in texts and t.name not in red]
    assert all(size >= 9 for _, size in runs(out))


def test_nothing_to_print_is_a_sentence(village, tmp_path):
    with pytest.raises(health_cards.NothingToPrint):
        health_cards.write_cards_file(village, GRID, tmp_path / "x.pdf", dt.date(1990, 1, 1))

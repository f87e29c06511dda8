"""Text reaching the database: control and direction characters stripped, over-long values
refused with a sentence (on PostgreSQL these were tracebacks; issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from gridoffice.domain.errors import Refusal
from gridoffice.domain.text import TextTooLong, clean
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.grids import structure
from gridoffice.services.importing import importer
from gridoffice.services.importing.importer import ImportOptions
from gridoffice.store.models import Grid, Person


def test_clean_strips_what_must_never_be_stored():
    assert clean("王\x00五\x1b[31m\u202e六\u200b") == "王五[31m六"
    assert clean("第一行\n第二行") == "第一行 第二行"
    assert clean("第一行\n第二行", multiline=True) == "第一行\n第二行"


def test_over_long_campaign_name_is_a_sentence(db):
    spec = campaigns.CampaignSpec(name="包" * 5000, criteria=campaigns.Criteria(dt.date(2023, 1, 7), min_age=80))
    with pytest.raises(TextTooLong) as info:
        campaigns.create(db, spec)
    assert isinstance(info.value, Refusal) and "100" in str(info.value) and "5000" in str(info.value)


def test_control_characters_in_a_grid_name_are_stripped(db):
    structure.add_grid(db, None, "community", "C1", "禹庙\x00村\u202e")
    with db.reading() as s:
        assert s.scalar(select(Grid.name).where(Grid.code == "C1")) == "禹庙村"


def test_nul_in_an_imported_name(db, tmp_path):
    wb = Workbook()
    wb.active.append(["户号", "姓名", "性别", "出生日期"])
    wb.active.append(["H1", "王_x0000_五_x001B_", "男", "1950-03-02"])  # how Excel writes NUL and ESC
    path = tmp_path / "nul.xlsx"
    wb.save(path)
    importer.commit(db, importer.analyse(db, path, options=ImportOptions(on=dt.date(2023, 1, 7))))
    with db.reading() as s:
        assert s.scalars(select(Person.name)).all() == ["王五"]

"""工作简报 (services/briefing/core.py, exports/briefing_pdf.py): the PDF read back, every figure of
a sentence checked against the services, the public version, periods."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gridoffice.domain import privacy
from gridoffice.services.briefing import core as briefing
from gridoffice.services.briefing.core import Period
from gridoffice.services.grids import core as grids
from gridoffice.services.matters import flow as matter_flow
from tests.pdfread import read

DEC = (dt.date(2022, 12, 1), dt.date(2022, 12, 31))
NOV = (dt.date(2022, 11, 1), dt.date(2022, 11, 30))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_periods_and_the_one_before():
    assert Period(*DEC).previous() == Period(*NOV)
    assert Period(*DEC).words() == ("本月", "上月") and Period(*DEC).label() == "2022年12月"
    q4 = Period(dt.date(2022, 10, 1), dt.date(2022, 12, 31))
    assert q4.previous() == Period(dt.date(2022, 7, 1), dt.date(2022, 9, 30)) and q4.label() == "2022年第4季度"
    assert Period(dt.date(2023, 1, 1), dt.date(2023, 1, 31)).previous() == Period(dt.date(2022, 12, 1), DEC[1])
    odd = Period(dt.date(2022, 12, 5), dt.date(2022, 12, 18))
    assert odd.previous() == Period(dt.date(2022, 11, 21), dt.date(2022, 12, 4)) and odd.words() == ("本期", "上期")


def test_every_figure_of_a_sentence_is_the_services_figure(village_year, tmp_path):  # type: ignore[no-untyped-def]
    out = tmp_path / "简报.pdf"
    pages = briefing.write_file(village_year, *DEC, out)
    pdf = read(out, fonts_too=False)
    assert pdf.pages == pages >= 3
    text = _flat(pdf.text)
    doc = briefing.build(village_year, *DEC)
    for sentence in doc.sentences:
        assert _flat(sentence) in text
    items = matter_flow.items(village_year)
    dec, nov = matter_flow.flow(items, *DEC), matter_flow.flow(items, *NOV)
    change = round(dec.rate - nov.rate, 1)
    expected = (f"本月新增事项 {dec.new} 件，办结 {dec.closed} 件，办结率 {dec.rate:.1f}%，"
                f"比上月{'提高' if change > 0 else '降低'} {abs(change):.1f} 个百分点。")
    assert doc.sentences[0] == expected
    assert _flat(expected) in text
    assert f"期末未办结 {dec.closing} 件" in doc.sentences[1]
    # the key-figures table beside the sentences: this period, last period, change
    assert _flat(f"本月新增事项（件）{dec.new}{nov.new}") in text
    assert _flat(f"办结率（%）{dec.rate:.1f}{nov.rate:.1f}") in text
    assert _flat(f"期末未办结事项（件）{dec.closing}{nov.closing}") in text
    for title in ("人口年龄结构", "重点人群分布", "发放进度", "走访", "新增与办结", "需要关注的网格", "内部资料"):
        assert title in text, title


def test_public_briefing_has_counts_only(village_year, tmp_path):  # type: ignore[no-untyped-def]
    with village_year.reading() as s:
        micro = next(g for g in grids.catalogue(s).values() if g.level == "micro")
    doc = briefing.build(village_year, *DEC, grid_code=micro.code, public=True)
    assert all(not f.percent for f in doc.figures)
    assert all(c.kind != "stacked" and not c.percent for c in doc.charts)
    assert doc.attention == []
    for row in [*doc.flow_months, *doc.flow_grids, doc.flow_total]:
        assert not any(isinstance(v, int) and 0 < v < privacy.SMALL_LIMIT for v in row.counts), row
    for f in doc.figures:
        assert f.shown or not (f.value and 0 < f.value < privacy.SMALL_LIMIT)
    out = tmp_path / "公示.pdf"
    briefing.write_file(village_year, *DEC, out, micro.code, public=True)
    text = read(out, fonts_too=False).text
    assert "公示" in text and "内部资料" not in text and "办结率" not in text and "需要关注" not in text


def test_period_backwards_is_refused(village_year):  # type: ignore[no-untyped-def]
    with pytest.raises(briefing.BriefingError):
        briefing.build(village_year, DEC[1], DEC[0])


def test_written_through_the_output_guard(village_year, tmp_path):  # type: ignore[no-untyped-def]
    from gridoffice.store import StoreError

    with pytest.raises(briefing.BriefingError, match="文件夹不存在"):
        briefing.write_file(village_year, *DEC, tmp_path / "no" / "b.pdf")
    with pytest.raises(StoreError):  # never onto the database
        briefing.write_file(village_year, *DEC, tmp_path / "village-year.db")
    assert not list(tmp_path.glob("*.pdf*")) and not list(tmp_path.glob(".*tmp*"))  # nothing left behind

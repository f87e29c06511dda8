"""One chart description laid out once (domain/chart_layout.py) for both renderers."""

from __future__ import annotations

from gridoffice.domain.chart_layout import SMALL, Box, Label, Path, hatch_lines, layout
from gridoffice.domain.chart_spec import ChartSpec, Series, nice_scale, style, value_text


def measure(text: str, size: float, bold: bool) -> float:
    return sum(size if ord(ch) > 0x2E80 else size * 0.55 for ch in text)


def labels(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.text for i in items if isinstance(i, Label)]


def test_values_are_printed_on_the_bars_and_keys_kept():
    spec = ChartSpec("bar", "事项", ("1月", "2月"), (Series("新增", (212, 198)), Series("办结", (198, 7))),
                     unit="件", keys=("2023-01", "2023-02"))
    items = layout(spec, 400, 200, measure)
    assert {"212", "198", "7", "事项", "新增", "办结", "1月", "2月"} <= set(labels(items))
    bars = [i for i in items if isinstance(i, Box) and i.key]
    assert [b.key for b in bars] == ["2023-01", "2023-01", "2023-02", "2023-02"]
    assert bars[0].grey != bars[1].grey and bars[0].hatch != bars[1].hatch  # grey print: not colour alone
    assert all(i.size >= 9 for i in items if isinstance(i, Label))


def test_kinds_lay_out_inside_the_box():
    specs = [
        ChartSpec("stacked", "重点人群", ("第一网格", "第二网格"), (Series("独居", (3, 4)), Series("低保", (5, 0)))),
        ChartSpec("line", "走访", tuple(f"{i}周" for i in range(12)), (Series("应访", tuple(range(12))),
                                                                       Series("已访", tuple(range(0, 24, 2))))),
        ChartSpec("pyramid", "年龄", ("0-9", "80+"), (Series("男", (10, 2)), Series("女", (9, 4)))),
        ChartSpec("bar", "发放", ("第1微网格", "第2微网格"), (Series("发放率", (45.5, 100.0)),), percent=True,
                  target=100, horizontal=True),
    ]
    for spec in specs:
        items = layout(spec, 360, 220, measure)
        for i in items:
            if isinstance(i, Box):
                assert -0.5 <= min(i.x, i.x + i.w) and max(i.x, i.x + i.w) <= 360.5, spec.kind
                assert -0.5 <= min(i.y, i.y + i.h) and max(i.y, i.y + i.h) <= 220.5, spec.kind
            if isinstance(i, Path):
                assert all(-0.5 <= x <= 360.5 and -0.5 <= y <= 220.5 for x, y in i.points), spec.kind
    assert "45.5%" in labels(layout(specs[3], 360, 220, measure))
    assert "100%" in labels(layout(specs[3], 360, 220, measure))


def test_hatching_stays_in_its_box_and_scales_are_round():
    box = Box(10, 20, 30, 50, 0.8, "x")
    segs = hatch_lines(box)
    assert segs
    for x1, y1, x2, y2 in segs:
        assert 10 - 1e-6 <= min(x1, x2) and max(x1, x2) <= 40 + 1e-6
        assert 20 - 1e-6 <= min(y1, y2) and max(y1, y2) <= 70 + 1e-6
    assert nice_scale(212) == (250, 50) and nice_scale(7) == (8, 2)
    assert value_text(93.44, percent=True) == "93.4%" and value_text(1234) == "1,234"
    assert style(0).hatch == "" and style(1).hatch and SMALL >= 9


def test_a_horizontal_chart_as_high_as_height_for_names_every_category():
    from gridoffice.domain.chart_layout import height_for

    names = tuple(f"第{i}社区" for i in range(18))
    spec = ChartSpec("stacked", "重点人群", names, (Series("独居", tuple(range(18))), Series("低保", (2,) * 18)),
                     horizontal=True, keys=tuple(range(18)), series_keys=("elderly", "dibao"))
    assert not set(names) <= set(labels(layout(spec, 360, 200, measure)))  # crowded: every other one
    items = layout(spec, 360, height_for(spec, 360, measure), measure)
    assert set(names) <= set(labels(items))
    assert {b.series for b in items if isinstance(b, Box) and b.key is not None} == {0, 1}
    assert height_for(ChartSpec("bar", "x", ("a",), (Series("s", (1,)),)), 360, measure) == 0


def test_no_two_series_of_a_chart_look_alike_in_grey_print():
    """Each series style differs from every other by grey and hatching (bars) and by dash and
    marker (lines), for as many series as the widest chart has (重点人群: six; the sixth once
    came out as the first again)."""
    from gridoffice.domain.chart_layout import Box, hatch_lines
    from gridoffice.domain.chart_spec import STYLES
    from gridoffice.services.briefing.charts import KEY_FIGURES

    assert len(KEY_FIGURES) <= len(STYLES)
    looks = [(round(s.grey, 2), s.hatch) for s in STYLES]
    assert len(set(looks)) == len(looks)
    assert len({(s.dash, s.marker) for s in STYLES}) == len(STYLES)
    for s in STYLES:  # every hatching asked for is drawn
        assert bool(hatch_lines(Box(0, 0, 20, 20, s.grey, s.hatch))) == bool(s.hatch)


def test_a_narrow_horizontal_chart_keeps_its_axis_labels_apart():
    """At 150 % the coverage chart's 0% 20% … 80%100% ran together: a narrow chart labels every
    other line; a wide one every line."""
    spec = ChartSpec("bar", "发放", ("第1微网格", "第2微网格"), (Series("发放率", (45.5, 100.0)),), percent=True,
                     target=100, horizontal=True)
    for width in (140, 180, 600):
        axis = sorted((i for i in layout(spec, width, 220, measure) if isinstance(i, Label) and i.text.endswith("%")
                       and i.y < SMALL + 6), key=lambda i: i.x)
        assert axis[0].text == "0%"
        halves = [measure(i.text, SMALL, False) / 2 for i in axis]
        for a, b, ha, hb in zip(axis, axis[1:], halves, halves[1:], strict=False):
            assert b.x - hb - (a.x + ha) >= 2, (width, a.text, b.text)  # room between neighbours
    wide = [i for i in layout(spec, 600, 220, measure) if isinstance(i, Label) and i.text.endswith("%") and i.y < SMALL + 6]
    assert len(wide) == 6  # 0% … 100%, every line named

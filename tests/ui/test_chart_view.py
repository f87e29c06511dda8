"""The QPainter renderer (ui/widgets/chart_view.py) draws the layout's primitives; a click on a bar
gives its category's key."""

from __future__ import annotations

from gridoffice.domain.chart_layout import Box
from gridoffice.domain.chart_spec import ChartSpec, Series
from gridoffice.ui.widgets.chart_view import ChartView


def test_draws_and_a_click_gives_the_key(qtbot):  # type: ignore[no-untyped-def]
    view = ChartView()
    qtbot.addWidget(view)
    spec = ChartSpec("bar", "事项", ("1月", "2月"), (Series("新增", (20, 10)),), keys=("2023-01", "2023-02"),
                     key_kind="month")
    view.set_spec(spec)
    view.resize(400, 240)
    view.show()
    image = view.grab().toImage()
    assert not image.isNull()
    bar = next(i for i in view.items() if isinstance(i, Box) and i.key == "2023-02")
    k = view._scale()
    x, y = (bar.x + bar.w / 2) * k, view.height() - (bar.y + bar.h / 2) * k
    with qtbot.waitSignal(view.bar_clicked) as signal:
        from PySide6.QtCore import QPoint, Qt

        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    assert signal.args == ["month", "2023-02"]
    assert view.key_at(1, 1) is None


def test_the_height_follows_the_width_on_every_resize(qtbot):  # type: ignore[no-untyped-def]
    """A horizontal chart is as tall as naming every category needs at its present width (the
    legend of six key populations wraps on a narrow chart): recomputed when the window resizes."""
    from gridoffice.domain.chart_layout import Label

    names = tuple(f"第{i}社区" for i in range(1, 19))
    series = tuple(Series(name, tuple(float(i + j) for i in range(18)))
                   for j, name in enumerate(("独居老人", "残疾人", "低保", "特困", "留守儿童", "慢病患者")))
    view = ChartView(least_height=120)
    qtbot.addWidget(view)
    view.set_spec(ChartSpec("stacked", "重点人群分布（按村/社区）", names, series, unit="人", horizontal=True))
    view.resize(900, 300)
    view.show()
    qtbot.waitUntil(lambda: view.width() == 900)
    wide = view.minimumHeight()
    assert wide == max(120, view.height_needed()) > 120
    view.resize(260, wide)
    qtbot.waitUntil(lambda: view.width() == 260)
    narrow = view.minimumHeight()
    assert narrow == view.height_needed() > wide  # the legend takes more lines: taller
    view.resize(260, narrow)
    qtbot.waitUntil(lambda: view.height() == narrow)
    named = {i.text for i in view.items() if isinstance(i, Label)}
    assert set(names) <= named  # every category named at that height
    view.resize(900, narrow)
    qtbot.waitUntil(lambda: view.width() == 900)
    assert view.minimumHeight() == wide  # and back

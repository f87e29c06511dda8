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

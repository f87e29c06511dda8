"""One description of a chart, drawn twice: with reportlab.graphics in PDFs
(exports/chart_pdf.py) and with QPainter in the GUI (ui/widgets/chart_view.py). Pure data: the kinds,
the series, the scale and the grey-print styles both renderers use, so a chart reads the same
on paper and on screen.

Kinds: ``bar`` (grouped bars, vertical or horizontal, optional target line such as 100%),
``stacked`` (segments stacked per category, the total above), ``line`` (one line per series,
each with its own dash and marker) and ``pyramid`` (two series back to back: 男 left, 女
right, categories bottom up). Values are printed on the bars. Printed in grey, series differ by
grey level *and* hatching (bars) or dash and marker (lines), never by colour alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

ChartKind = Literal["bar", "stacked", "line", "pyramid"]


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""  # 人 / 件 / %
    percent: bool = False  # values are percentages (0–100): printed "93.4%"
    target: float | None = None  # a reference line (100 for coverage)
    target_label: str = ""
    horizontal: bool = False  # bars: categories down the left (long grid names)
    keys: tuple[object, ...] = field(default_factory=tuple)  # per category: what a click opens
    key_kind: str = ""  # what the keys are: grid (ids) / month ("2023-01") / week (Mondays) / age
    series_keys: tuple[object, ...] = field(default_factory=tuple)  # per series: what a click on it adds
    note: str = ""  # one line under the plot (what the chart leaves out: "其余 20 个微网格 ≥ 85%")

    def top(self) -> float:
        """The largest value the axis must hold (a stack's total, the target)."""
        if self.kind == "stacked":
            peak = max((sum(s.values[i] for s in self.series) for i in range(len(self.categories))), default=0)
        else:
            peak = max((v for s in self.series for v in s.values), default=0)
        return max(peak, self.target or 0)

    def axis_peak(self) -> float:
        """What the axis is scaled to: a little above the top (room for the values), but a
        percentage that stays within its 100% target ends at 100%."""
        peak = self.top()
        if self.percent and self.target is not None and peak <= self.target:
            return self.target
        return peak * 1.12 if peak else 1.0


@dataclass(frozen=True)
class Style:
    grey: float  # fill, 0 black … 1 white
    hatch: str  # "" / "/" / "\\" / "x" / "-" / "." : lines drawn over the fill
    dash: tuple[float, ...]  # a line series' dash pattern in points ((): solid)
    marker: str  # circle / square / triangle / diamond


STYLES = (
    Style(0.35, "", (), "circle"),
    Style(0.82, "/", (4, 2), "square"),
    Style(0.60, "x", (1.5, 1.5), "triangle"),
    Style(0.92, "-", (6, 2, 1.5, 2), "diamond"),
    Style(0.15, "", (3, 3), "circle"),
    Style(0.97, "\\", (2, 2, 6, 2), "square"),  # the sixth series (重点人群's 慢病患者) was the first again
    Style(0.50, "-", (8, 3), "triangle"),
    Style(0.72, "", (1, 3), "diamond"),
)


def style(index: int) -> Style:
    return STYLES[index % len(STYLES)]


def text_is_dark(grey: float) -> bool:
    """Whether a label on this fill is printed white (on a dark fill)."""
    return grey < 0.5


def nice_scale(peak: float, ticks: int = 5) -> tuple[float, float]:
    """(axis top, step): a round step (1, 2, 2.5, 5 × 10ⁿ) giving about ``ticks`` intervals."""
    if peak <= 0:
        return 1.0, 1.0 if ticks <= 1 else 0.2 * ticks / ticks
    raw = peak / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if step < 1 and peak >= 1:
        step = 1.0
    return math.ceil(peak / step - 1e-9) * step, step


def ticks(peak: float, n: int = 5) -> list[float]:
    top, step = nice_scale(peak, n)
    count = round(top / step)
    return [step * i for i in range(count + 1)]


def value_text(value: float, percent: bool = False) -> str:
    """How a value reads on a bar: 212, 93.4%, 1.5."""
    if percent:
        return f"{round(value)}%" if abs(value - round(value)) < 1e-9 else f"{value:.1f}%"
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:.1f}"

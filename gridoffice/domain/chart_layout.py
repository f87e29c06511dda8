"""Where everything of a chart goes (domain/chart_spec.py), as a list of primitives in points
with y up from the chart's bottom-left corner. Both renderers only draw these (PDF:
exports/chart_pdf.py, screen: ui/widgets/chart_view.py), so a chart looks the same on paper and screen.
``measure(text, size, bold)`` is the renderer's text width."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gridoffice.domain.chart_spec import (
    ChartSpec,
    nice_scale,
    style,
    text_is_dark,
    ticks,
    value_text,
)

Measure = Callable[[str, float, bool], float]
TITLE, TEXT, SMALL = 10.5, 9.0, 9.0  # points: ≥ 9 pt as printed
GRID_GREY, AXIS_GREY = 0.85, 0.45


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    grey: float
    hatch: str = ""
    stroke: float = 0.0  # outline grey (0: black) when ``outline``
    outline: bool = True
    key: object = None  # the category's key: what a click opens
    series: int = -1  # the series it draws (a click on a segment or a side says which)


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    size: float
    anchor: str = "start"  # start / middle / end
    white: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Path:
    points: tuple[tuple[float, float], ...]
    grey: float
    width: float = 1.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    kind: str
    size: float
    grey: float
    key: object = None  # a line's point: its category's key (a click on its column opens it)
    series: int = -1


Item = Box | Label | Path | Marker


def layout(spec: ChartSpec, w: float, h: float, measure: Measure) -> list[Item]:
    out: list[Item] = []
    top = _head(spec, out, w, h, measure)
    if not spec.categories:
        out.append(Label(w / 2, top / 2, "（无数据）", TEXT, "middle"))
        return out
    if spec.kind == "pyramid":
        _pyramid(spec, out, w, top, measure)
    elif spec.horizontal and spec.kind in ("bar", "stacked"):
        _horizontal(spec, out, w, top, measure)
    else:
        _vertical(spec, out, w, top, measure)
    return out


def height_for(spec: ChartSpec, w: float, measure: Measure, row: float = SMALL + 1) -> float:
    """The least height at which a horizontal chart labels every category (18 communities: every
    other one was left unnamed in a dashboard's 210 px); 0 for other charts. ``row``: the height
    a category's label takes (a renderer drawing its text larger than the points asks more)."""
    if not (spec.horizontal and spec.kind in ("bar", "stacked")) or not spec.categories:
        return 0.0
    probe = 1000.0
    head = probe - _head(spec, [], w, probe, measure)
    return head + len(spec.categories) * max(row, SMALL + 1) + SMALL + 10 + 1 + _note_room(spec)


def _note_room(spec: ChartSpec) -> float:
    return SMALL + 5 if spec.note else 0.0


def _head(spec: ChartSpec, out: list[Item], w: float, h: float, measure: Measure) -> float:
    """The title, unit and legend; the top of the plot below them."""
    top = h - TITLE - 2
    unit = f"（{spec.unit}）" if spec.unit and not spec.percent else ""
    if unit and measure(spec.title, TITLE, True) + measure(unit, TEXT, False) + 6 > w:
        unit = ""  # a narrow chart: the title first (the axis still says what is counted)
    out.append(Label(0, top, _clip_end(spec.title, w - measure(unit, TEXT, False) - 4, TITLE, measure), TITLE,
                     bold=True))
    if unit:
        out.append(Label(w, top, unit, TEXT, "end"))
    top -= 6
    if len(spec.series) > 1 or spec.target is not None:
        top = _legend(spec, out, top - TEXT, w, measure) - 4
    return top


def _legend(spec: ChartSpec, out: list[Item], y: float, w: float, measure: Measure) -> float:
    x = 0.0
    for i, s in enumerate(spec.series):
        st = style(i)
        if x > 0 and x + 19 + measure(s.name, TEXT, False) > w:  # the legend wraps, never runs off
            x, y = 0.0, y - TEXT - 5
        if spec.kind == "line":
            out.append(Path(((x, y + 3), (x + 16, y + 3)), 0.0 if i == 0 else 0.3, 1.4, st.dash))
            out.append(Marker(x + 8, y + 3, st.marker, 4.5, st.grey))
        else:
            out.append(Box(x, y - 1, 12, 8, st.grey, st.hatch))
        x += 19
        out.append(Label(x, y, s.name, TEXT))
        x += measure(s.name, TEXT, False) + 12
    if spec.target is not None:
        out.append(Path(((x, y + 3), (x + 16, y + 3)), 0.0, 1.0, (3, 2)))
        out.append(Label(x + 19, y, spec.target_label or value_text(spec.target, spec.percent), TEXT))
    return y


def _fit_labels(labels: tuple[str, ...], room: float, measure: Measure) -> tuple[float, int]:
    """(size, every): the category labels at 9 pt, every ``every``-th one when they crowd."""
    widest = max((measure(t, SMALL, False) for t in labels), default=0)
    every = 1
    while widest + 3 > room * every and every < len(labels):
        every += 1
    return SMALL, every


def _vertical(spec: ChartSpec, out: list[Item], w: float, top: float, measure: Measure) -> None:
    peak = spec.axis_peak()
    scale_top, _step = nice_scale(peak)
    marks = ticks(peak)
    left = max(measure(value_text(t, spec.percent), SMALL, False) for t in marks) + 5
    bottom = SMALL + 6
    x0, x1, y0, y1 = left, w - 2, bottom, top - SMALL - 3
    n = len(spec.categories)
    slot = (x1 - x0) / n

    def ypos(v: float) -> float:
        return y0 + (y1 - y0) * (v / scale_top if scale_top else 0)

    for t in marks:
        out.append(Path(((x0, ypos(t)), (x1, ypos(t))), GRID_GREY if t else AXIS_GREY, 0.5))
        out.append(Label(x0 - 3, ypos(t) - SMALL * 0.35, value_text(t, spec.percent), SMALL, "end"))
    size, every = _fit_labels(spec.categories, slot, measure)
    for i, cat in enumerate(spec.categories):
        if i % every == 0:
            out.append(Label(x0 + slot * (i + 0.5), 2, cat, size, "middle"))
    key = spec.keys if spec.keys else (None,) * n
    if spec.kind == "line":
        for j, s in enumerate(spec.series):
            st = style(j)
            pts = tuple((x0 + slot * (i + 0.5), ypos(v)) for i, v in enumerate(s.values))
            out.append(Path(pts, 0.0 if j == 0 else 0.3, 1.4, st.dash))
            for i, (px, py) in enumerate(pts):
                out.append(Marker(px, py, st.marker, 4.5, st.grey, key[i], j))
                if len(spec.series) <= 2 and measure(value_text(s.values[i]), SMALL, False) < slot - 2:
                    dy = 5 if j == 0 or py - SMALL - 4 < y0 + 2 else -SMALL - 4
                    out.append(Label(px, py + dy, value_text(s.values[i], spec.percent), SMALL, "middle"))
    elif spec.kind == "stacked":
        bw = min(slot * 0.62, 46)
        for i in range(n):
            base = 0.0
            bx = x0 + slot * (i + 0.5) - bw / 2
            for j, s in enumerate(spec.series):
                v = s.values[i]
                if v <= 0:
                    continue
                st = style(j)
                out.append(Box(bx, ypos(base), bw, ypos(base + v) - ypos(base), st.grey, st.hatch, key=key[i], series=j))
                text = value_text(v, spec.percent)
                if ypos(base + v) - ypos(base) >= SMALL + 2 and measure(text, SMALL, False) <= bw - 2 and not st.hatch:
                    out.append(Label(bx + bw / 2, (ypos(base) + ypos(base + v)) / 2 - SMALL * 0.35, text, SMALL,
                                     "middle", white=text_is_dark(st.grey)))
                base += v
            total = value_text(base, spec.percent)
            if measure(total, SMALL, False) <= slot:
                out.append(Label(bx + bw / 2, ypos(base) + 2, total, SMALL, "middle"))
    else:
        m = len(spec.series)
        group = min(slot * 0.8, 30.0 * m)
        bw = group / m
        for i in range(n):
            for j, s in enumerate(spec.series):
                v = s.values[i]
                st = style(j)
                bx = x0 + slot * (i + 0.5) - group / 2 + j * bw
                out.append(Box(bx, y0, bw, ypos(v) - y0, st.grey, st.hatch, key=key[i], series=j))
                text = value_text(v, spec.percent)
                if v and measure(text, SMALL, False) <= bw + (slot - group) * 0.9:
                    out.append(Label(bx + bw / 2, ypos(v) + 2, text, SMALL, "middle"))
    if spec.target is not None:
        out.append(Path(((x0, ypos(spec.target)), (x1, ypos(spec.target))), 0.0, 1.0, (3, 2)))


def _horizontal(spec: ChartSpec, out: list[Item], w: float, top: float, measure: Measure) -> None:
    n = len(spec.categories)
    left = min(max(measure(c, SMALL, False) for c in spec.categories) + 6, w * 0.38)
    peak = spec.axis_peak()
    scale_top, _ = nice_scale(peak)
    right_room = measure(value_text(spec.top(), spec.percent), SMALL, False) + 6
    note = _note_room(spec)
    x0, x1, y0, y1 = left, w - right_room, SMALL + 6 + note, top - 4
    slot = (y1 - y0) / n
    if spec.note:
        out.append(Label(0, 2, _clip(spec.note, w, measure), SMALL))

    def xpos(v: float) -> float:
        return x0 + (x1 - x0) * (v / scale_top if scale_top else 0)

    marks = ticks(peak)
    # a narrow chart labels every k-th line only (0% 20% … 80%100% ran together at 150 %)
    widest = max(measure(value_text(t, spec.percent), SMALL, False) for t in marks)
    gap = (xpos(marks[1]) - xpos(marks[0])) if len(marks) > 1 else w
    label_every = max(1, -int(-(widest + 4) // gap)) if gap > 0 else len(marks)
    for i, t in enumerate(marks):
        out.append(Path(((xpos(t), y0), (xpos(t), y1)), GRID_GREY if t else AXIS_GREY, 0.5))
        if i % label_every == 0:
            out.append(Label(xpos(t), 2 + note, value_text(t, spec.percent), SMALL, "middle"))
    key = spec.keys if spec.keys else (None,) * n
    bh = min(slot * 0.7, 16)
    every = max(1, -int(-(SMALL + 1) // slot)) if slot > 0 else n  # crowded rows: every k-th label
    for i, cat in enumerate(spec.categories):
        cy = y1 - slot * (i + 0.5)  # first category at the top
        if i % every == 0:
            out.append(Label(x0 - 4, cy - SMALL * 0.35, _clip(cat, left - 6, measure), SMALL, "end"))
        base = 0.0
        for j, s in enumerate(spec.series):
            st = style(j)
            v = s.values[i]
            start = base if spec.kind == "stacked" else 0.0
            bar_h = bh if spec.kind == "stacked" else bh / len(spec.series)
            by = cy - bh / 2 + (0 if spec.kind == "stacked" else (len(spec.series) - 1 - j) * bar_h)
            out.append(Box(xpos(start), by, xpos(start + v) - xpos(start), bar_h, st.grey, st.hatch, key=key[i],
                           series=j))
            base = start + v
        total = base if spec.kind == "stacked" else max(s.values[i] for s in spec.series)
        if i % every == 0:
            out.append(Label(xpos(total) + 3, cy - SMALL * 0.35, value_text(total, spec.percent), SMALL))
    if spec.target is not None:
        out.append(Path(((xpos(spec.target), y0), (xpos(spec.target), y1)), 0.0, 1.0, (3, 2)))


def _pyramid(spec: ChartSpec, out: list[Item], w: float, top: float, measure: Measure) -> None:
    """Age bands bottom up in the middle column, series 0 (男) to the left, series 1 (女) right."""
    n = len(spec.categories)
    mid = max(measure(c, SMALL, False) for c in spec.categories) + 10
    peak = spec.top() or 1
    room = measure(value_text(peak), SMALL, False) + 4
    half = (w - mid) / 2 - room
    cx = w / 2
    y0, y1 = SMALL + 6, top
    slot = (y1 - y0) / n
    count = max(1, min(5, int(half // (measure(value_text(peak), SMALL, False) + 10))))
    scale_top, _ = nice_scale(peak, count)
    for t in ticks(peak, count):
        d = half * t / scale_top
        for sx in (cx - mid / 2 - d, cx + mid / 2 + d):
            out.append(Path(((sx, y0), (sx, y1)), GRID_GREY if t else AXIS_GREY, 0.5))
        if t:
            out.append(Label(cx - mid / 2 - d, 2, value_text(t), SMALL, "middle"))
            out.append(Label(cx + mid / 2 + d, 2, value_text(t), SMALL, "middle"))
    bh = slot * 0.82
    key = spec.keys if spec.keys else (None,) * n
    for i, cat in enumerate(spec.categories):
        cy = y0 + slot * (i + 0.5)
        out.append(Label(cx, cy - SMALL * 0.35, cat, SMALL, "middle"))
        for j, s in enumerate(spec.series[:2]):
            st = style(j)
            d = half * s.values[i] / scale_top
            bx = cx - mid / 2 - d if j == 0 else cx + mid / 2
            out.append(Box(bx, cy - bh / 2, d, bh, st.grey, st.hatch, key=key[i], series=j))
            text = value_text(s.values[i])
            tx = bx - 3 if j == 0 else bx + d + 3
            out.append(Label(tx, cy - SMALL * 0.35, text, SMALL, "end" if j == 0 else "start"))


def _clip(text: str, room: float, measure: Measure) -> str:
    """A category name shortened from the left (the distinctive tail stays) to fit."""
    if measure(text, SMALL, False) <= room:
        return text
    while text and measure("…" + text, SMALL, False) > room:
        text = text[1:]
    return "…" + text


def _clip_end(text: str, room: float, size: float, measure: Measure) -> str:
    """A title shortened at its end (…) to fit."""
    if measure(text, size, True) <= room:
        return text
    while text and measure(text + "…", size, True) > room:
        text = text[:-1]
    return text + "…"


def hatch_lines(box: Box, spacing: float = 3.5) -> list[tuple[float, float, float, float]]:
    """The hatching of a box as segments clipped to it (both renderers draw the same lines)."""
    x, y, w, h = box.x, box.y, box.w, box.h
    if w < 0:
        x, w = x + w, -w
    if h < 0:
        y, h = y + h, -h
    segs: list[tuple[float, float, float, float]] = []
    kinds = {"x": "/\\"}.get(box.hatch, box.hatch)
    for kind in kinds:
        if kind == "-":
            yy = y + spacing / 2
            while yy < y + h:
                segs.append((x, yy, x + w, yy))
                yy += spacing
            continue
        if kind not in "/\\":
            continue
        # lines x − y = c clipped to the box; "\\" is "/" mirrored left to right
        c = -h
        while c < w:
            x_a, y_a = max(0.0, c), max(0.0, -c)
            x_b = min(w, c + h)
            y_b = x_b - c
            if kind == "\\":
                x_a, x_b = w - x_a, w - x_b
            segs.append((x + x_a, y + y_a, x + x_b, y + y_b))
            c += spacing * 1.4
    return [s for s in segs if abs(s[0] - s[2]) + abs(s[1] - s[3]) > 0.5]

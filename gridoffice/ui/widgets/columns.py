"""Table columns that fit what they hold: identifiers, names, dates and counts get the width of
their longest text (a sample of rows, so a street's 150,000 rows cost nothing); only free text
(addresses, notes, category lists) is elided, and then the whole text is in a tooltip.

``mark(view, free_text=…, scroll_from=…)`` also tells the screen test (tests/ui/test_screens.py)
which columns are free text and from which visual position columns may scroll sideways."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

SAMPLE = 60


class ElidedTooltipDelegate(QStyledItemDelegate):
    """Shows the whole text as a tooltip when the cell is too narrow for it."""

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if text and not index.data(Qt.ItemDataRole.ToolTipRole):
            margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
            if option.fontMetrics.horizontalAdvance(text) + margin > option.rect.width():
                QToolTip.showText(event.globalPos(), text, view)
                return True
        return super().helpEvent(event, view, option, index)


def _header(view: QAbstractItemView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()  # type: ignore[attr-defined]


def content_width(view: QAbstractItemView, column: int, sample: int = SAMPLE) -> int:
    """The width column ``column`` needs for its header and the first ``sample`` rows."""
    model = view.model()
    header = _header(view)
    style = view.style()
    margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1) + 4
    fm = view.fontMetrics()
    width = header.sectionSizeFromContents(column).width()
    for row in range(min(model.rowCount(), sample)):
        index = model.index(row, column)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None or text == "":
            continue
        extra = 22 if index.data(Qt.ItemDataRole.CheckStateRole) is not None else 0
        longest = max(str(text).split("\n"), key=len)
        width = max(width, fm.horizontalAdvance(longest) + margin + extra)
    return width


def fit(view: QAbstractItemView, free_text: Iterable[int] = (), sample: int = SAMPLE,
        free_width: int = 160) -> None:
    """Size every column to its sampled content; free-text columns get ``free_width`` (or
    what is left when one of them is the last, stretching column) and elide with a tooltip."""
    free = set(free_text)
    header = _header(view)
    for col in range(view.model().columnCount()):
        if header.isSectionHidden(col):
            continue
        if col in free:
            header.resizeSection(col, min(free_width, content_width(view, col, sample)))
        else:
            header.resizeSection(col, content_width(view, col, sample))


def widen(view: QAbstractItemView, widths: dict[int, int], sample: int = SAMPLE, fill: int | None = None) -> None:
    """Columns ``widths`` (column → narrowest width) as wide as their sampled content needs:
    after a load, for a column whose text depends on the data (a grid's path on a street).
    ``fill``: the stretching free-text column, given back what is left (Qt only shrinks a
    stretching section when the view is resized)."""
    header = _header(view)
    for col, narrowest in widths.items():
        header.resizeSection(col, max(narrowest, content_width(view, col, sample)))
    if fill is not None and header.sectionResizeMode(fill) == QHeaderView.ResizeMode.Stretch:
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != fill and not header.isSectionHidden(c))
        header.setSectionResizeMode(fill, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(fill, max(header.minimumSectionSize(), view.viewport().width() - others))
        header.setSectionResizeMode(fill, QHeaderView.ResizeMode.Stretch)


def mark(view: QAbstractItemView, free_text: Iterable[int] = (), scroll_from: int | None = None) -> None:
    """Free-text columns elide with a tooltip; columns from visual position ``scroll_from`` on
    may need a sideways scroll (history columns, details)."""
    free = sorted(set(free_text))
    view.setProperty("freeTextColumns", free)
    if scroll_from is not None:
        view.setProperty("scrollColumnsFrom", scroll_from)
    if free and type(view.itemDelegate()) is QStyledItemDelegate:
        view.setItemDelegate(ElidedTooltipDelegate(view))

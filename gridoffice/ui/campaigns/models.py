"""Qt models of the campaigns pane: the list (lazy, with tick boxes) and the coverage table."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gridoffice.domain import privacy
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import lists
from gridoffice.ui.widgets import masking

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200
_ROOT = QModelIndex()

STATE_COLOURS = {
    campaigns.HANDED: QColor("#1b7f3b"),
    campaigns.DECLINED: QColor("#a15c00"),
    campaigns.UNREACHABLE: QColor("#a15c00"),
    campaigns.WITHDRAWN: QColor("#777777"),
}


class EntitlementModel(masking.MaskedCells, QAbstractTableModel):
    """The persons of a campaign list. Holds only ids; rows are fetched from the service a
    page at a time when the view asks for them. Column 0 carries a tick box."""

    COL_NAME, COL_SEX, COL_AGE, COL_ID, COL_PHONE, COL_ADDRESS, COL_GRID, COL_STATE, COL_DATE, \
        COL_BY, COL_METHOD, COL_PROXY, COL_REASON = range(13)

    def __init__(self, fetch: Callable[[Sequence[int]], list[lists.EntitlementRow]], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.watch_masking()
        self._fetch = fetch
        self._ids: list[int] = []
        self._cache: dict[int, lists.EntitlementRow] = {}
        self.checked: set[int] = set()
        self._headers = [self.tr("姓名"), self.tr("性别"), self.tr("年龄"), self.tr("身份证号"),
                         self.tr("电话"), self.tr("住址"), self.tr("微网格"), self.tr("状态"),
                         self.tr("发放日期"), self.tr("发放人"), self.tr("方式"), self.tr("代领人"),
                         self.tr("原因 / 备注")]

    # ---- loading ------------------------------------------------------------------------
    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cache.clear()
        self.checked &= set(self._ids)
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, row: int) -> lists.EntitlementRow:
        eid = self._ids[row]
        if eid not in self._cache:
            start = (row // PAGE) * PAGE
            for r in self._fetch(self._ids[start:start + PAGE]):
                self._cache[r.id] = r
        return self._cache[eid]

    def checked_ids(self) -> list[int]:
        return [i for i in self._ids if i in self.checked]

    def set_checked(self, ids: Sequence[int], on: bool = True) -> None:
        present = set(self._ids)
        ids = [i for i in ids if i in present]
        if on:
            self.checked.update(ids)
        else:
            self.checked.difference_update(ids)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])

    def pending_ids(self) -> list[int]:
        return [self._ids[r] for r in range(len(self._ids)) if self.row_of(r).state == campaigns.PENDING]

    # ---- Qt model -----------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.COL_NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        col = index.column()
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole:
            if col != self.COL_NAME:
                return None
            checked = self._ids[index.row()] in self.checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        try:
            row = self.row_of(index.row())
        except KeyError:  # gone since the ids were read (an undo); the new list is on its way
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATE:
            colour = STATE_COLOURS.get(row.state)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_STATE and row.reason:
            return row.reason
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: lists.EntitlementRow, col: int) -> str:
        handed = row.state == campaigns.HANDED
        state = campaigns.state_label(row.state)
        if row.reissue and row.state == campaigns.PENDING:
            state += self.tr("（补发）")
        values = {
            self.COL_NAME: row.name,
            self.COL_SEX: row.sex,
            self.COL_AGE: "" if row.age is None else str(row.age),
            self.COL_ID: privacy.mask_id(row.id_number),
            self.COL_PHONE: masking.display_phone(row.phone),
            self.COL_ADDRESS: row.address,
            self.COL_GRID: row.grid_name,
            self.COL_STATE: state,
            self.COL_DATE: row.handed_on.isoformat() if handed and row.handed_on else "",
            self.COL_BY: row.handed_by if handed else "",
            self.COL_METHOD: row.method if handed else "",
            self.COL_PROXY: f"{row.proxy_name}（{row.proxy_relation}）" if row.proxy_name else "",
            self.COL_REASON: "；".join(x for x in (row.reason, row.note) if x),
        }
        return values.get(col, "")

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or role != Qt.ItemDataRole.CheckStateRole
                or index.column() != self.COL_NAME):
            return False
        eid = self._ids[index.row()]
        state = value.value if isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked.value:
            self.checked.add(eid)
        else:
            self.checked.discard(eid)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


class CoverageModel(QAbstractTableModel):
    """Coverage per general grid (bold), its micro-grids under it, and 合计 last."""

    COL_GRID, COL_ELIGIBLE, COL_HANDED, COL_REMAINING, COL_RATE = range(5)
    GRID_ROLE = Qt.ItemDataRole.UserRole + 2
    LEVEL_ROLE = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[lists.CoverageRow] = []
        self._headers = [self.tr("网格"), self.tr("应发"), self.tr("已发"), self.tr("未发"), self.tr("发放率")]

    def load(self, coverage: lists.Coverage | None) -> None:
        self.beginResetModel()
        self._rows = []
        if coverage is not None:
            self._rows = self.ordered(coverage)
        self.endResetModel()

    @staticmethod
    def ordered(coverage: lists.Coverage) -> list[lists.CoverageRow]:
        """Community (when there are several), its general grids, each followed by its
        micro-grids, matched by id; rows without a parent (未划分网格) before the total."""
        out: list[lists.CoverageRow] = []
        placed: set[int] = set()

        def general(g: lists.CoverageRow) -> None:
            out.append(g)
            placed.add(id(g))
            for m in coverage.children(g):
                out.append(m)
                placed.add(id(m))

        if len(coverage.communities) > 1:
            for c in coverage.communities:
                out.append(c)
                for g in coverage.children(c):
                    general(g)
        for g in coverage.general:
            if id(g) not in placed:
                general(g)
        out += [m for m in coverage.micro if id(m) not in placed
                and m.grid_id not in {g.grid_id for g in coverage.general}]
        out.append(coverage.overall)
        return out

    def row(self, row: int) -> lists.CoverageRow:
        return self._rows[row]

    def display(self, r: lists.CoverageRow, col: int) -> str:
        if col == self.COL_GRID:
            indent = {"micro": 2, "general": 1}.get(r.level, 0) if r.parent_id is not None else 0
            return "　" * indent + r.name
        if col == self.COL_RATE:
            return f"{r.rate:.1%}" if r.eligible else "—"
        return str((r.eligible, r.handed, r.remaining)[col - 1])

    def texts(self, col: int) -> set[str]:
        """The column's texts, from the rows (not through ``data``)."""
        return {self.display(r, col) for r in self._rows}

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_GRID and r.label != r.name:
            return r.label
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_REMAINING:
            return self.tr("待发 {pending}，拒领 {declined}，联系不上 {unreachable}").format(
                pending=r.pending, declined=r.declined, unreachable=r.unreachable)
        if role == self.GRID_ROLE:
            return r.grid_id
        if role == self.LEVEL_ROLE:
            return str(r.level)
        if role == Qt.ItemDataRole.FontRole and r.level != "micro":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_REMAINING and r.remaining:
            return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.COL_GRID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

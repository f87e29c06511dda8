"""Find a person or household as the clerk types.

SQLite's trigram index returns nothing for 1–2 character patterns (张伟), and LIKE '%x%' scans
150,000 rows per keystroke. So the index is in memory: one newline-joined text per field
(names, pinyin, initials, ID numbers, phones, addresses), searched with ``str.find`` (C speed)
and mapped back to the row by bisecting the line starts. Built once per database (about a
second at street scale), then refreshed cheaply from ``updated_at`` / new ids: changed rows
go to a small overlay scanned in Python and are skipped in the big texts.

The index only decides *which* rows match; what a hit shows (name, micro-grid, address,
status) is read from the database for the few hits, so it is never stale.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from gridoffice.domain.idcard import normalize as normalize_id
from gridoffice.i18n import tr
from gridoffice.services.roster.lists import grid_paths
from gridoffice.store import Database
from gridoffice.store.models import Household, Person

FIELDS = ("name", "pinyin", "initials", "id_number", "phone", "address")


@dataclass(frozen=True)
class Hit:
    kind: str  # "person" / "household"
    person_id: int | None
    household_id: int | None
    name: str
    id_number: str
    phone: str
    grid: str
    address: str
    household_number: str
    status: str
    matched: str  # which field matched (姓名 / 拼音 / 身份证 / 电话 / 地址)


class _Column:
    """One field of every row as a single text, '\\n' before each value and at the end."""

    def __init__(self, values: list[str]) -> None:
        self.text = "\n" + "\n".join(values) + "\n"
        self.starts = array("q")  # 8 bytes a row instead of a Python int object
        pos = 1
        for v in values:
            self.starts.append(pos)
            pos += len(v) + 1

    def value(self, row: int) -> str:
        starts = self.starts
        end = starts[row + 1] - 1 if row + 1 < len(starts) else len(self.text) - 1
        return self.text[starts[row]:end]

    def rows(self, needle: str) -> Iterator[int]:
        """Row numbers whose text contains ``needle`` (which may include the '\\n' anchors),
        each row once, in row order."""
        find, starts = self.text.find, self.starts
        anchored = needle[0] == "\n"
        last = len(starts) - 1
        pos = find(needle)
        while pos >= 0:
            row = bisect.bisect_right(starts, pos + 1 if anchored else pos) - 1
            yield row
            if row >= last:
                return
            nxt = starts[row + 1]
            pos = find(needle, nxt - 1 if anchored else nxt)


@dataclass
class SearchIndex:
    """In-memory person index for one database."""

    db: Database
    ids: array = field(default_factory=lambda: array("q"))
    columns: dict[str, _Column] = field(default_factory=dict)
    overlay: dict[int, tuple[int | None, dict[str, str]]] = field(default_factory=dict)
    stale: set[int] = field(default_factory=set)
    built_at: dt.datetime | None = None
    max_person: int = 0
    max_household: int = 0
    paths: dict[int, str] = field(default_factory=dict)

    @classmethod
    def build(cls, db: Database) -> SearchIndex:
        index = cls(db)
        index.rebuild()
        return index

    # ---- building --------------------------------------------------------------------
    def _select(self):  # type: ignore[no-untyped-def]
        return (select(Person.id, Person.household_id, Person.name, Person.name_pinyin, Person.name_initials,
                       Person.id_number, Person.phone, Household.address, Person.current_address,
                       Person.deleted_at, Household.deleted_at)
                .outerjoin(Household, Household.id == Person.household_id))

    @staticmethod
    def _values(row) -> dict[str, str] | None:  # type: ignore[no-untyped-def]
        (_pid, _hid, name, py, ini, idn, tel, address, current, p_del, h_del) = row
        if p_del is not None or h_del is not None:
            return None
        addr = address or ""
        if current and current != addr:
            addr = f"{addr} {current}"
        clean = lambda v: (v or "").replace("\n", " ")  # noqa: E731
        return {"name": clean(name), "pinyin": clean(py).lower(), "initials": clean(ini).lower(),
                "id_number": clean(idn), "phone": clean(tel).replace("-", ""), "address": clean(addr)}

    def rebuild(self) -> None:
        started = _now()
        with self.db.reading() as s:
            rows = s.execute(self._select().order_by(Person.id)).all()
            self.paths = grid_paths(s)
            self.max_household = s.scalar(select(func.max(Household.id))) or 0
        ids = []
        values: dict[str, list[str]] = {f: [] for f in FIELDS}
        for row in rows:
            data = self._values(row)
            if data is None:
                continue
            ids.append(row[0])
            for f in FIELDS:
                values[f].append(data[f])
        self.ids = array("q", ids)
        self.columns = {f: _Column(values[f]) for f in FIELDS}
        self.overlay, self.stale = {}, set()
        self.max_person = rows[-1][0] if rows else 0
        self.built_at = started

    def refresh(self) -> int:
        """Take in what changed since the last build / refresh; returns rows re-read."""
        if self.built_at is None:
            self.rebuild()
            return len(self.ids)
        since = self.built_at - dt.timedelta(seconds=1)
        started = _now()
        with self.db.reading() as s:
            changed_households = select(Household.id).where(
                or_(Household.updated_at >= since, Household.id > self.max_household))
            rows = s.execute(self._select().where(or_(
                Person.updated_at >= since, Person.id > self.max_person,
                Person.household_id.in_(changed_households)))).all()
            self.max_household = s.scalar(select(func.max(Household.id))) or 0
            self.paths = grid_paths(s)
        for row in rows:
            pid = row[0]
            self.stale.add(pid)
            data = self._values(row)
            if data is None:
                self.overlay.pop(pid, None)
            else:
                self.overlay[pid] = (row[1], data)
            self.max_person = max(self.max_person, pid)
        self.built_at = started
        if len(self.overlay) > 5000:
            self.rebuild()
        return len(rows)

    # ---- searching -------------------------------------------------------------------
    def match(self, query: str, limit: int = 50) -> list[tuple[int, str]]:
        """(person id, matched field) best first, at most ``limit``.

        One scan per field (``str.find`` over the field's text, at most CAP rows), each hit
        ranked by how it matched (exact, prefix / tail, inside), then sorted by rank."""
        best: dict[int, tuple[int, int, str]] = {}  # pid → (rank, seen order, label)
        seen = 0
        worst = -1  # the worst rank taken so far
        cap = CAP if len(query.strip()) > 1 else CAP_ONE_CHARACTER
        for field_name, needle, label, rank, floor in _plans(query):
            column = self.columns.get(field_name)
            if column is not None:
                for row in column.rows(needle):
                    if seen >= cap or (len(best) >= limit and floor >= worst):
                        break  # enough, and nothing better can come from this scan
                    pid = self.ids[row]
                    if pid in self.stale:
                        continue
                    r = rank(column.value(row))
                    if r is not None and (pid not in best or r < best[pid][0]):
                        best[pid] = (r, seen, label)
                        seen += 1
                        worst = max(worst, r)
            for pid, (_hid, data) in self.overlay.items():
                r = rank(data[field_name])
                if r is not None and (pid not in best or r < best[pid][0]):
                    best[pid] = (r, seen, label)
                    seen += 1
                    worst = max(worst, r)
        ranked = sorted(best.items(), key=lambda item: item[1][:2])
        return [(pid, label) for pid, (_r, _n, label) in ranked[:limit]]

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        matches = self.match(query, limit)
        return hits(self.db, matches, self.paths)


CAP = 1000  # candidates read per query before ranking (a 1-character surname matches ~10,000)
CAP_ONE_CHARACTER = 500
_ID_LIKE = re.compile(r"[0-9]+[xX]?")
_LETTERS = re.compile(r"[a-z]+")

Rank = Callable[[str], int | None]


def _text_rank(q: str, exact: int, prefix: int, inside: int | None) -> Rank:
    def rank(value: str) -> int | None:
        if value == q:
            return exact
        if value.startswith(q):
            return prefix
        return inside if inside is not None and q in value else None
    return rank


def _number_rank(q: str, exact: int, tail: int, head: int | None, inside: int | None) -> Rank:
    def rank(value: str) -> int | None:
        if value == q:
            return exact
        if value.endswith(q):
            return tail
        if head is not None and value.startswith(q):
            return head
        return inside if inside is not None and q in value else None
    return rank


def _plans(query: str) -> list[tuple[str, str, str, Rank, int]]:
    """The scans for a query: (field, needle to find, label, rank of a found value, the best
    rank this scan can give)."""
    q = "".join(query.split())
    if not q:
        return []
    lower = q.lower()
    if _LETTERS.fullmatch(lower):  # wxy, wangxiuying, wangxiu
        label = tr("拼音")
        return [("initials", "\n" + lower, label, _text_rank(lower, 0, 2, None), 0),
                ("pinyin", "\n" + lower, label, _text_rank(lower, 1, 3, None), 1)]
    digits = normalize_id(q)
    if _ID_LIKE.fullmatch(digits):
        if len(digits) < 4:
            return []  # 1–3 digits would match most of the street
        long = len(digits) >= 6
        return [("id_number", digits, tr("身份证"), _number_rank(digits, 0, 1, 3 if long else None,
                                                                  5 if len(digits) >= 8 else None), 0),
                ("phone", digits, tr("电话"), _number_rank(digits, 0, 2, 4 if long else None, 6 if long else None),
                 0)]
    return [("name", q, tr("姓名"), _text_rank(q, 0, 1, 2), 0),
            ("address", q, tr("地址"), _text_rank(q, 3, 3, 3), 3)]


def hits(db: Database, matches: list[tuple[int, str]], paths: dict[int, str] | None = None) -> list[Hit]:
    """The display rows for matched person ids, in the given order."""
    if not matches:
        return []
    ids = [pid for pid, _ in matches]
    with db.reading() as s:
        rows = s.execute(select(Person.id, Person.household_id, Person.name, Person.id_number, Person.phone,
                                Person.status, Person.current_address, Person.deleted_at,
                                Household.number, Household.address, Household.deleted_at, Household.grid_id)
                         .outerjoin(Household, Household.id == Person.household_id)
                         .where(Person.id.in_(ids))).all()
        if paths is None:
            paths = grid_paths(s)
    by_id = {r[0]: r for r in rows}
    out = []
    for pid, label in matches:
        r = by_id.get(pid)
        if r is None or r[7] is not None or r[10] is not None:
            continue  # purged or in the bin since the index was read
        out.append(Hit("person", pid, r[1], r[2], r[3] or "", r[4] or "", paths.get(r[11], ""),
                       r[9] or r[6] or "", r[8] or "", r[5], label))
    return out


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


_indexes: dict[str, SearchIndex] = {}


def index_for(db: Database) -> SearchIndex:
    """The shared index of an open database, built on first use and refreshed on each call."""
    index = _indexes.get(db.url)
    if index is None or index.db is not db:
        index = SearchIndex.build(db)
        _indexes[db.url] = index
    return index


def search(db: Database, query: str, limit: int = 50) -> list[Hit]:
    """One-shot search (the CLI): builds the index for this database if needed."""
    index = index_for(db)
    index.refresh()
    return index.search(query, limit)

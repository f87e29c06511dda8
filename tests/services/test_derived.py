"""Figures kept while their tables are unchanged (services/derived.py): the key persons and the
visits chart's counts are computed once, kept across reads and across new visits (the key
persons), and computed afresh after any write of what they were read from — by a service, by raw
SQL as another program would write, or while they were being read."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import event, select, text

from gridoffice.services import backup, derived
from gridoffice.services.briefing import charts
from gridoffice.services.grids import core as grids
from gridoffice.services.roster import memberships
from gridoffice.services.visits import core as visits
from gridoffice.services.visits import records
from gridoffice.services.visits import rules as visit_rules
from gridoffice.services.visits import weeks as visit_weeks
from gridoffice.store import generations
from gridoffice.store.models import Household, KeyMembership, Person
from tests.services.test_restore_checks import _count, _crafted

ON = dt.date(2026, 11, 18)


def _not_key(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A resident under 60 with no membership, and their household."""
    with db.reading() as s:
        members = select(KeyMembership.person_id)
        return s.execute(select(Person.id, Person.household_id).join(Household, Person.household_id == Household.id)
                         .where(Person.id.not_in(members), Person.birth_date > dt.date(1970, 1, 1),
                                Person.status == "在册", Household.grid_id.is_not(None))
                         .order_by(Person.id).limit(1)).one()


def test_the_key_persons_are_read_once_and_kept_across_new_visits(village):
    first = visits.shared_key_persons(village, None, ON)
    assert first and visits.shared_key_persons(village, None, ON) is first
    counts = visit_weeks.week_counts(village, None, ON)
    assert visit_weeks.week_counts(village, None, ON) is counts
    p = first[0]
    records.record_visit(village, records.VisitInput(ON, p.household_id, [p.person_id], other_visitors="网格员"), today=ON)
    again = visits.shared_key_persons(village, None, ON)
    if village.is_sqlite:  # any commit moves SQLite's stamp (store/generations.py): read again, the same
        assert again is not first and again == first
    else:  # PostgreSQL's counters tell visits from the roster: a visit does not change who is key
        assert again is first
    after = visit_weeks.week_counts(village, None, ON)
    assert after is not counts and sum(after.visited) == sum(counts.visited) + 1  # nobody else visited on ON
    derived.forget(village)
    assert visit_weeks.week_counts(village, None, ON) == after


def test_a_new_membership_rule_or_raw_write_is_seen_at_once(village):
    before = {p.person_id for p in visits.shared_key_persons(village, None, ON, detail=False)}
    pid, _hid = _not_key(village)
    assert pid not in before
    memberships.set_membership(village, pid, "disabled", {}, risk_level="高", since=ON - dt.timedelta(days=30))
    key = {p.person_id: p for p in visits.shared_key_persons(village, None, ON, detail=False)}
    assert pid in key and key[pid].interval == 7
    visit_rules.set_interval(village, "disabled", "高", 21)
    assert {p.person_id: p for p in visits.shared_key_persons(village, None, ON, detail=False)}[pid].interval == 21
    with village.session() as s:  # as another program (or a bulk path) would write
        s.execute(text("DELETE FROM key_membership WHERE person_id = :p"), {"p": pid})
    assert pid not in {p.person_id for p in visits.shared_key_persons(village, None, ON, detail=False)}
    assert {p.person_id for p in visits.shared_key_persons(village, None, ON, detail=False)} == before


def test_what_is_kept_equals_a_fresh_read(village):
    visits.key_persons(village, None, ON)
    kept = visits.key_persons(village, None, ON)  # from what is kept
    derived.forget(village)
    fresh = visits.key_persons(village, None, ON)
    assert kept and [(p.person_id, p.interval, p.key_since, p.last_visit, p.tier, p.categories) for p in kept] == \
           [(p.person_id, p.interval, p.key_since, p.last_visit, p.tier, p.categories) for p in fresh]


def test_every_table_a_kept_figure_reads_is_watched_by_its_groups(village):
    """A figure read from a table its groups do not watch would outlive a write to it: the SQL
    each kept figure runs (read afresh) names only tables of its groups."""
    tables = re.compile(r"\b(?:FROM|JOIN)\s+\"?(\w+)", re.IGNORECASE)
    seen: list[str] = []

    def spy(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "data_change" not in statement:  # the stamp's own read (PostgreSQL)
            seen.extend(t.lower() for t in tables.findall(statement))

    key, both = set(generations.WATCHED["key_inputs"]), set(generations.WATCHED["key_inputs"]) | {"visit"}
    grid = grids.tree(village)[0].children[0].id
    figures = [(lambda: visits.shared_key_persons(village, None, ON), key),
               (lambda: visits.shared_key_persons(village, grid, ON, detail=False), key),
               (lambda: visits.membership_rows(village, ON), key),
               (lambda: visit_weeks.week_counts(village, None, ON), both),
               (lambda: charts.age_pyramid(village, grid, ON), key),
               (lambda: charts.key_populations(village, None, ON), key)]
    event.listen(village.engine, "before_cursor_execute", spy)
    try:
        for read, allowed in figures:
            derived.forget(village)
            seen.clear()
            read()
            assert seen and set(seen) <= allowed | {"json_each"}, set(seen) - allowed
    finally:
        event.remove(village.engine, "before_cursor_execute", spy)


def test_callers_get_their_own_objects(village):
    one = visits.key_persons(village, None, ON, last_visits=False)
    one[0].last_visit = dt.date(1999, 1, 1)
    one.clear()
    two = visits.key_persons(village, None, ON, last_visits=False)
    assert two and all(p.last_visit is None for p in two)
    assert all(a is not b for a, b in zip(two, visits.shared_key_persons(village, None, ON), strict=True))


def test_a_write_while_reading_leaves_nothing_kept(db):
    calls = []

    def compute() -> int:
        calls.append(1)
        if len(calls) == 1:  # another clerk commits while this is being read
            with db.session() as s:
                s.execute(text("UPDATE visit_rule SET interval_days = interval_days"))
                s.execute(text("INSERT INTO visit_rule (category, risk_level, interval_days) VALUES ('x', '', 7)"))
        return len(calls)

    assert derived.kept(db, "k", (generations.KEY_INPUTS,), compute) == 1
    assert derived.kept(db, "k", (generations.KEY_INPUTS,), compute) == 2  # not kept: read again
    assert derived.kept(db, "k", (generations.KEY_INPUTS,), compute) == 2  # kept now


def test_only_a_few_figures_are_kept_the_least_recently_used_go_first(db):
    for i in range(derived.KEPT):
        derived.kept(db, i, (generations.VISITS,), lambda i=i: i)
    assert derived.kept(db, 0, (generations.VISITS,), lambda: -1) == 0  # used again: now the newest
    for i in range(derived.KEPT, derived.KEPT + 3):
        derived.kept(db, i, (generations.VISITS,), lambda i=i: i)
    assert list(db.derived) == [*range(4, derived.KEPT), 0, *range(derived.KEPT, derived.KEPT + 3)]
    for i in range(derived.KEPT_LARGE + 2):  # large figures: only the newest few
        derived.kept(db, f"big{i}", (generations.VISITS,), lambda: [0] * 10, large=True)
    assert [k for k in db.derived if str(k).startswith("big")] == \
           [f"big{i}" for i in range(2, derived.KEPT_LARGE + 2)]


def test_an_outdated_figure_is_not_peeked_and_nothing_is_kept_without_a_stamp(db, monkeypatch):
    derived.kept(db, "k", (generations.KEY_INPUTS,), lambda: 1)
    assert derived.peek(db, "k", (generations.KEY_INPUTS,)) == 1
    with db.session() as s:
        s.execute(text("INSERT INTO visit_rule (category, risk_level, interval_days) VALUES ('x', '', 7)"))
    assert derived.peek(db, "k", (generations.KEY_INPUTS,)) is None
    monkeypatch.setattr(db.counters, "stamp", lambda groups: tuple(generations.UNKNOWN for _ in groups))
    calls = []
    for _ in range(2):
        derived.kept(db, "u", (generations.KEY_INPUTS,), lambda: calls.append(1))
    assert len(calls) == 2


def test_a_closed_database_keeps_nothing_and_opens_no_watcher(db_path):
    from gridoffice.store import Database

    db = Database.open(str(db_path))
    assert min(db.counters.stamp((generations.VISITS,))) >= 0
    db.close()
    assert db.counters.stamp((generations.VISITS,)) == (generations.UNKNOWN,)
    assert db.counters._watcher is None


def test_a_grid_after_the_whole_is_its_part_of_the_whole(village):
    """Once the whole database's key persons are kept, a grid's are taken from them: the same
    persons in the same order as a fresh read of the grid, for every grid and both details."""
    from gridoffice.services.grids import core as grids

    tree = grids.tree(village)[0]
    scopes = [tree.id, *(g.id for g in tree.children), *(m.id for g in tree.children for m in g.children)]
    for detail in (True, False):
        fresh = {}
        for gid in scopes:
            derived.forget(village)
            fresh[gid] = [(p.person_id, p.interval, p.key_since, p.tier) for p in
                          visits.shared_key_persons(village, gid, ON, detail=detail)]
        derived.forget(village)
        whole = visits.shared_key_persons(village, None, ON, detail=detail)
        for gid in scopes:
            part = visits.shared_key_persons(village, gid, ON, detail=detail)
            assert all(any(p is w for w in whole) for p in part[:3])  # taken from the whole, not read again
            got = [(p.person_id, p.interval, p.key_since, p.tier) for p in part]
            assert (got if detail else sorted(got)) == (fresh[gid] if detail else sorted(fresh[gid])), (gid, detail)
        assert sum(len(fresh[g.id]) for g in tree.children) == len(whole)


def test_a_restore_needs_the_file_alone_and_drops_what_was_kept(village, village_path, tmp_path):
    """The change watcher is one of the program's connections: a restore that changes the page
    size (it leaves WAL mode, which needs the file alone) closes it, and what was kept before
    is read afresh after (a watcher opened anew never repeats an old stamp)."""
    path = _crafted(tmp_path, village_path, "big-pages.db", "UPDATE person SET name = '八千' WHERE id = 1",
                    "DELETE FROM key_membership", "PRAGMA page_size = 8192", "VACUUM")
    before = visits.shared_key_persons(village, None, ON, detail=False)
    assert len(before) > 300
    backup.restore(village, path)
    assert _count(village_path, "SELECT count(*) FROM person WHERE name = '八千'") == 1
    after = visits.shared_key_persons(village, None, ON, detail=False)
    assert after is not before and len(after) < len(before)  # the memberships went with the restore


def test_counting_takes_the_persons_kept_with_their_details(village):
    """The visits pane read the key persons with details: the dashboard's count takes them (the
    same persons, intervals and starts as its own read), for the scope and for a grid of it."""
    tree = grids.tree(village)[0]
    general = tree.children[0].id
    fresh = {}
    for scope in (None, general):
        derived.forget(village)
        fresh[scope] = sorted((p.person_id, p.interval, p.key_since, p.tier)
                              for p in visits.shared_key_persons(village, scope, ON, detail=False))
    derived.forget(village)
    detailed = visits.shared_key_persons(village, None, ON, detail=True)
    for scope in (None, general):
        counted = visits.shared_key_persons(village, scope, ON, detail=False)
        assert counted[0] in detailed and any(p is counted[0] for p in detailed)  # taken, not read again
        assert sorted((p.person_id, p.interval, p.key_since, p.tier) for p in counted) == fresh[scope]
    derived.forget(village)
    counted = visit_weeks.week_counts(village, None, ON)
    derived.forget(village)
    visits.shared_key_persons(village, None, ON, detail=True)
    assert visit_weeks.week_counts(village, None, ON) == counted

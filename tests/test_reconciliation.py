"""Issue 13: numbers that add up at street scale. Every registered ledger with per-grid rows
(``Sheet.grid_rows``) and every count view is reconciled on the street demo with the one checker
of tests/reconcile.py; a new ledger is covered without a new test. The street (18 communities,
each with a 第1网格) is built once per session, with a kit campaign, visits and matters."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from gridoffice.domain.codes import GridLevel
from gridoffice.services import checks, ledgers, stats
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import handouts as campaign_handouts
from gridoffice.services.campaigns import lists
from gridoffice.services.grids import core as grids
from gridoffice.services.matters import core as matters
from gridoffice.services.visits import core as visits
from gridoffice.services.visits.records import VisitInput, record_visit
from gridoffice.store import Database
from tests.reconcile import Table, check, check_ledger, from_sheet, level_of

REF = dt.date(2023, 1, 7)  # the seed's date: 1,008 aged 60+ in the village
STREET = {"community": 18, "general": 137, "micro": 836}


@pytest.fixture(scope="session")
def street(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from gridoffice.services.demo import core as demo

    path: Path = tmp_path_factory.mktemp("street") / "street.db"
    db = Database.open(str(path), operator="测试员")
    demo.build(db, "street")
    cid, _ = campaigns.create(db, campaigns.CampaignSpec("健康爱心包", campaigns.Criteria(REF, 60)))
    entries = lists.list_entries(db, cid)
    staff = lists.staff_options(db)[0].id
    handed = [eid for eid, _gid in entries[::7]]
    campaign_handouts.record(db, cid, handed, campaign_handouts.Handout(REF, staff), today=REF)
    declined = [eid for eid, _gid in entries[3::50] if eid not in set(handed)]
    campaign_handouts.mark(db, cid, declined, campaigns.DECLINED, "不需要")
    for p in visits.key_persons(db, None, REF)[::200]:
        record_visit(db, VisitInput(REF, p.household_id, (p.person_id,), (staff,)), today=REF)
    with db.reading() as s:
        table = grids.catalogue(s)
    some = [g.id for g in table.values() if g.level == GridLevel.MICRO][::9]
    for i, gid in enumerate([*some, None, None]):
        matters.add_matter(db, matters.MatterInput(dt.datetime(2023, 1, 3, 9) + dt.timedelta(hours=i), "环境卫生",
                                                   f"第{i}件", grid_id=gid), now=dt.datetime(2023, 1, 7, 18))
    yield db, cid
    db.close()


def _catalogue(db: Database) -> dict[int, grids.GridInfo]:
    with db.reading() as s:
        return grids.catalogue(s)


def _expected(db: Database, cid: int) -> dict[str, float]:
    """Figures counted independently of the ledgers: stats and the campaign's own counts."""
    c = stats.counts(db, REF)
    info = campaigns.get(db, cid)
    return {"户数": c.households, "人数": c.persons, "60岁以上": c.aged_60_plus, "80岁以上": c.aged_80_plus,
            "应发": info.eligible, "已发": info.handed}


def _grid_levels(table: dict[int, grids.GridInfo]) -> Counter:
    return Counter(level_of(g) for g in table.values() if not g.deleted)


@pytest.mark.slow
def test_every_registered_ledger_reconciles_on_the_street(street):  # type: ignore[no-untyped-def]
    db, cid = street
    table = _catalogue(db)
    assert {k: _grid_levels(table)[k] for k in STREET} == STREET
    expected = _expected(db, cid)
    per_grid = {}
    for key in ledgers.available():
        ledger = ledgers.build(db, key, ledgers.LedgerOptions(
            on=REF, campaign_id=cid, extra={"from": "2023-01-01", "to": "2023-01-31"}))
        problems, shape = check_ledger(ledger, table, expected)
        assert problems == [], key
        per_grid.update(shape)
    # the per-grid ledgers known today; a new one is checked above without being named here
    assert {"summary/按微网格", "handout-coverage/按微网格", "handout-coverage/按一般网格",
            "matters/用时统计", "visits/按网格统计"} <= set(per_grid)
    assert per_grid["handout-coverage/按微网格"] == Counter(micro=836, community=18)
    assert per_grid["handout-coverage/按一般网格"] == Counter(general=137, community=18)
    assert per_grid["summary/按一般网格"] == Counter(general=137, community=18)
    assert per_grid["summary/按社区"] == Counter(community=18)


@pytest.mark.slow
def test_every_registered_ledger_reconciles_within_one_community(street):  # type: ignore[no-untyped-def]
    """Scoped to the second community (--grid DW02): rows only of its grids, still adding up."""
    db, cid = street
    table = _catalogue(db)
    community = sorted((g for g in table.values() if g.level == GridLevel.COMMUNITY), key=lambda g: g.order)[1]
    inside = [gid for gid, g in table.items() if g.community_id == community.id and not g.deleted]
    for key in ledgers.available():
        ledger = ledgers.build(db, key, ledgers.LedgerOptions(
            on=REF, campaign_id=cid, grid_code=community.code, extra={"from": "2023-01-01", "to": "2023-01-31"}))
        for sheet in ledger.sheets:
            found = from_sheet(sheet)
            if found is not None:
                found.name = f"{key}/{sheet.name}"
                assert check(found, table, scope=inside) == [], found.name


@pytest.mark.slow
def test_coverage_table_reconciles_with_the_campaign(street):  # type: ignore[no-untyped-def]
    from gridoffice.ui.campaigns.models import CoverageModel

    db, cid = street
    table = _catalogue(db)
    rows = CoverageModel.ordered(lists.coverage(db, cid))  # the rows of the 物资发放 table
    info = campaigns.get(db, cid)
    cov = Table("coverage", [(r.level, r.grid_id, {"应发": r.eligible, "已发": r.handed, "拒领": r.declined})
                             for r in rows if r.level != "total"],
                {"应发": rows[-1].eligible, "已发": rows[-1].handed, "拒领": rows[-1].declined},
                levels_shown=("community", "general", "micro"))
    assert check(cov, table, {"应发": info.eligible, "已发": info.handed}) == []
    assert Counter(r.level for r in rows) == {**STREET, "total": 1}
    # each micro-grid sits right under its own general grid, each general grid under its community
    current: dict[str, int | None] = {}
    for r in rows[:-1]:
        current[r.level] = r.grid_id
        if r.level == GridLevel.MICRO:
            assert table[r.grid_id].general_id == current["general"]
        if r.level == GridLevel.GENERAL:
            assert table[r.grid_id].community_id == current["community"]
    assert info.handed > 0 and rows[-1].eligible == info.eligible


@pytest.mark.slow
def test_visit_counts_per_grid_reconcile(street):  # type: ignore[no-untyped-def]
    db, _cid = street
    table = _catalogue(db)
    counts = visits.week_counts(db, None, REF)
    persons = visits.key_persons(db, None, REF)
    this_week = visits.visits_this_week_by_grid(db, REF)
    view = Table("visits", [(GridLevel.MICRO, c.grid_id, {"重点人员": c.key_persons, "人次": c.visits,
                                                          "已访": c.visited}) for c in counts],
                 {"重点人员": len(persons), "人次": sum(this_week.values()),
                  "已访": sum(p.status(REF) == visits.Status.VISITED for p in persons)})
    assert check(view, table) == []
    assert sum(this_week.values()) > 0
    labels = [c.label for c in counts]
    assert len(set(labels)) == len(labels) == 836


@pytest.mark.slow
def test_overview_tree_and_checks_reconcile(street):  # type: ignore[no-untyped-def]
    db, _cid = street
    table = _catalogue(db)
    c = stats.counts(db, REF)
    assert (c.communities, c.general_grids, c.micro_grids) == (18, 137, 836)
    rows = []
    for root in grids.tree(db):
        for node in root.walk():
            level = level_of(table[node.id])
            if level in STREET:
                rows.append((level, node.id, {"户数": node.households}))
    tree = Table("tree", rows, {"户数": c.households - grids.unassigned_households(db)})
    assert check(tree, table) == []
    findings = checks.run(db)
    for kind in checks.KINDS:
        of_kind = [f for f in findings if f.kind == kind and f.target_kind == checks.TARGET_GRID]
        assert len({f.grid_id for f in of_kind}) == len(of_kind), kind
        assert len({f.message for f in of_kind}) == len(of_kind), kind  # messages tell grids apart


@pytest.mark.slow
def test_the_checker_fails_when_a_grouping_goes_back_to_names(street):  # type: ignore[no-untyped-def]
    """The coverage table as it was grouped before issue 13: micro-grids filed under every
    general grid of the same name (第1网格 exists in every community)."""
    db, cid = street
    table = _catalogue(db)
    cov = lists.coverage(db, cid)
    by_name: dict[str, list[lists.CoverageRow]] = {}
    for m in cov.micro:
        by_name.setdefault(m.parent_name, []).append(m)
    rows = []
    for g in cov.general:
        rows.append((GridLevel.GENERAL, g.grid_id, {"应发": g.eligible}))
        rows += [(GridLevel.MICRO, m.grid_id, {"应发": m.eligible}) for m in by_name.get(g.name, [])]
    problems = check(Table("by name", rows, {"应发": cov.overall.eligible}), table)
    assert any("more than once" in p for p in problems)
    assert any("do not add up to the total" in p for p in problems)
    # a general-grid sum keyed by name: right row count, wrong figures
    sums: Counter = Counter()
    for m in cov.micro:
        sums[m.parent_name] += m.eligible
    named = [(GridLevel.GENERAL, g.grid_id, {"应发": sums[g.name]}) for g in cov.general]
    named += [(GridLevel.MICRO, m.grid_id, {"应发": m.eligible}) for m in cov.micro]
    problems = check(Table("by name", named, {"应发": cov.overall.eligible}), table)
    assert any("differ from the sum of their micro rows" in p for p in problems)


@pytest.mark.slow
def test_population_list_counts_per_grid_reconcile(street):  # type: ignore[no-untyped-def]
    from gridoffice.services.roster import lists as roster_lists
    from gridoffice.services.scope import Scope

    db, _cid = street
    table = _catalogue(db)
    counts = roster_lists.counts_per_grid(db, Scope(category="aged_60_plus"), REF)
    view = Table("aged 60+ per grid", [(GridLevel.MICRO, gid, {"60岁以上": n}) for gid, _label, n in counts],
                 {"60岁以上": stats.counts(db, REF).aged_60_plus}, every_grid=False)
    assert check(view, table) == []
    labels = [label for gid, label, _n in counts if gid is not None]
    assert len(set(labels)) == len(labels)  # every 第1微网格 told apart

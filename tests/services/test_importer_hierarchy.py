"""Issue 13: a roster's 社区 / 一般网格 / 微网格 columns match the micro-grid by the whole path;
names that fit several grids are reported per row, never guessed; a first import can build the
structure from those columns."""

from __future__ import annotations

import json

from sqlalchemy import select

from gridoffice.cli import main
from gridoffice.domain.codes import GridLevel
from gridoffice.domain.idcard import make_id
from gridoffice.services import stats
from gridoffice.services.grids import structure
from gridoffice.services.importing import importer
from gridoffice.services.importing.mapping import _row_mapping
from gridoffice.store.models import Grid, Household


def _id(year: int, month: int, day: int, n: int) -> str:
    import datetime as dt

    return make_id("510104", dt.date(year, month, day), n)


HEADER = ["户号", "姓名", "与户主关系", "性别", "身份证号", "社区", "网格", "微网格"]


def _street(db):  # type: ignore[no-untyped-def]
    """Two communities, each with 第1网格 and 第2网格, each with 第1微网格 and 第2微网格."""
    (street,) = structure.add_grid(db, None, GridLevel.STREET, "JD", "某街道").rows["grid"]
    ids = {}
    for c, cname in (("A", "大弯社区"), ("B", "川化社区")):
        (cid,) = structure.add_grid(db, street, GridLevel.COMMUNITY, c, cname).rows["grid"]
        for g in (1, 2):
            (gid,) = structure.add_grid(db, cid, GridLevel.GENERAL, f"{c}-{g}", f"第{g}网格").rows["grid"]
            for m in (1, 2):
                (mid,) = structure.add_grid(db, gid, GridLevel.MICRO, f"{c}-{g}-{m}", f"第{m}微网格").rows["grid"]
                ids[(cname, g, m)] = mid
    return ids


def _grid_of(db, number):  # type: ignore[no-untyped-def]
    with db.reading() as s:
        return s.scalar(select(Household.grid_id).where(Household.number == number))


ROWS = [
    ["H1", "王一", "户主", "男", _id(1991, 1, 1, 1), "大弯社区", "第2网格", "第1微网格"],
    ["H2", "李二", "户主", "女", _id(1992, 2, 2, 2), "川化", "第一网格", "第2微网格"],  # short name, 一 for 1
    ["H3", "张三", "户主", "男", _id(1993, 3, 3, 3), "", "", "第1微网格"],  # 4 namesakes
    ["H4", "赵四", "户主", "男", _id(1994, 4, 4, 4), "", "第1网格", "第2微网格"],  # 2 communities
    ["H5", "钱五", "户主", "女", _id(1995, 5, 5, 5), "川化社区", "", "第1微网格"],  # 2 general grids
]


def test_the_whole_path_matches_and_namesakes_are_reported_per_row(db, roster_file):
    ids = _street(db)
    path = roster_file(ROWS, header=HEADER)
    plan = importer.analyse(db, path)
    assert {plan.mapping.columns[c] for c in (5, 6, 7)} == {"community", "general_grid", "micro_grid"}
    importer.commit(db, plan)
    assert _grid_of(db, "H1") == ids[("大弯社区", 2, 1)]
    assert _grid_of(db, "H2") == ids[("川化社区", 1, 2)]
    for number in ("H3", "H4", "H5"):  # never put in one of the namesakes
        assert _grid_of(db, number) is None
    warned = {p.row: [w.text for w in p.warnings if w.code == "grid_ambiguous"] for p in plan.rows}
    rows = {p.name: p.row for p in plan.rows}
    assert "4 个" in warned[rows["张三"]][0] and "2 个" in warned[rows["赵四"]][0]
    assert "2 个" in warned[rows["钱五"]][0] and warned[rows["王一"]] == []
    ambiguous = {g["name"]: g["ambiguous"] for g in plan.report()["unmatched_grids"]}
    assert ambiguous["第1网格 · 第2微网格"] == ["A-1-2", "B-1-2"]


def test_namesakes_tell_each_surface_how_to_narrow(db, roster_file):
    """The row's sentence is the same for both; the CLI's report adds --within, the wizard's
    its first step's choice; a roster already narrowed gets neither."""
    _street(db)
    plan = importer.analyse(db, roster_file([ROWS[2]], header=HEADER))
    (cli,) = plan.report()["warnings"][0]["messages"]
    (gui,) = plan.report("gui")["warnings"][0]["messages"]
    assert "--within" in cli and "--" not in gui and "“这是哪个村（社区）的花名册”" in gui
    assert cli.startswith("网格“第1微网格”在库里有 4 个") and gui.startswith(cli[:cli.index("（也可用")])
    narrowed = importer.analyse(db, roster_file([ROWS[2]], header=HEADER), options=importer.ImportOptions(within="B"))
    (said,) = narrowed.report()["warnings"][0]["messages"]
    assert said == narrowed.report("gui")["warnings"][0]["messages"][0] and "--" not in said


def test_within_narrows_to_one_community(db, roster_file):
    ids = _street(db)
    path = roster_file([ROWS[3]], header=HEADER)
    plan = importer.analyse(db, path, options=importer.ImportOptions(within="B"))
    importer.commit(db, plan)
    assert _grid_of(db, "H4") == ids[("川化社区", 1, 2)]


def test_header_names_for_the_levels():
    cases = {
        ("社区", "网格", "微网格"): ("community", "general_grid", "micro_grid"),
        ("村（社区）", "一般网格", "所属微网格"): ("community", "general_grid", "micro_grid"),
        ("所属社区", "所属网格"): ("community", "micro_grid"),  # one grid column: the micro-grid
        ("村民小组",): ("micro_grid",),
    }
    for headers, keys in cases.items():
        mapping = _row_mapping(1, ["姓名", *headers])
        assert tuple(mapping.columns[c] for c in range(1, len(headers) + 1)) == keys, headers


def test_create_grids_from_the_file_into_an_empty_database(capsys, tmp_path, roster_file):
    rows = [
        ["H1", "王一", "户主", "男", _id(1991, 1, 1, 1), "大弯社区", "第1网格", "第1微网格"],
        ["H2", "李二", "户主", "女", _id(1992, 2, 2, 2), "大弯社区", "第1网格", "第2微网格"],
        ["H3", "张三", "户主", "男", _id(1993, 3, 3, 3), "川化社区", "第1网格", "第1微网格"],
        ["H4", "赵四", "户主", "男", _id(1994, 4, 4, 4), "川化社区", "第2网格", "第1微网格"],
    ]
    path = roster_file(rows, header=HEADER)
    db_path = str(tmp_path / "empty.db")
    assert main(["import", str(path), "--db", db_path, "--create-grids", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["households_added"] == 4 and report["unmatched_grids"] == []
    assert len(report["grids_created"]) == 4
    from gridoffice.store import Database

    db = Database.open(db_path)
    try:
        counts = stats.counts(db)
        assert (counts.communities, counts.general_grids, counts.micro_grids) == (2, 3, 4)
        with db.reading() as s:
            grids = {g.id: g for g in s.scalars(select(Grid))}
            homes = dict(s.execute(select(Household.number, Household.grid_id)).all())

        def path_of(gid):  # type: ignore[no-untyped-def]
            names = []
            while gid is not None:
                names.append(grids[gid].name)
                gid = grids[gid].parent_id
            return tuple(reversed(names))

        assert path_of(homes["H3"]) == ("川化社区", "第1网格", "第1微网格")
        assert path_of(homes["H4"]) == ("川化社区", "第2网格", "第1微网格")
        assert homes["H1"] != homes["H3"]
    finally:
        db.close()


def test_create_grids_without_under_needs_the_general_grid_column(capsys, tmp_path, roster_file):
    path = roster_file([["H1", "王一", "户主", "男", _id(1991, 1, 1, 1), "第1微网格"]],
                       header=["户号", "姓名", "与户主关系", "性别", "身份证号", "微网格"])
    assert main(["import", str(path), "--db", str(tmp_path / "x.db"), "--create-grids"]) == 2
    err = capsys.readouterr().err
    assert "--under" in err and "一般网格" in err and len(err.strip().splitlines()) == 1

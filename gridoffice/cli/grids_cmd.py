"""``gridoffice grids list|check|assign|roster|add|edit|move|merge|split``: the grid structure from
the command line (the same services as the GUI; every change is audited)."""

from __future__ import annotations

import argparse
import re
import sys

from gridoffice.cli.common import UserError, add_db_option, open_db, print_json
from gridoffice.domain.codes import GridLevel, grid_level_label
from gridoffice.i18n import tr
from gridoffice.services import checks
from gridoffice.services.grids import assign, structure
from gridoffice.services.grids import core as grids
from gridoffice.services.refused import Refused
from gridoffice.services.scope import grid_by_code, grid_id_by_code
from gridoffice.services.staff import roster as staff_roster


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = subparsers.add_parser("grids", help=tr("网格结构：列出、检查、划分住户、花名册"),
                              description=tr("网格结构：列出、检查、划分住户、花名册"))
    sub = p.add_subparsers(dest="grids_command", metavar="SUBCOMMAND", required=True)

    lst = sub.add_parser("list", help=tr("列出网格树及户数"))
    lst.add_argument("--json", action="store_true", help=tr("以 JSON 输出（嵌套的树）"))
    lst.set_defaults(handler=run_list)

    chk = sub.add_parser("check", help=tr("检查网格结构：户数、网格长、家庭医生、服务团队、电话、未划入的住户"))
    chk.add_argument("--json", action="store_true", help=tr("以 JSON 输出（对象列表：kind、grid_code、message…）"))
    chk.set_defaults(handler=run_check)

    asg = sub.add_parser("assign", help=tr("把选中的住户划入一个微网格（记入审计）"))
    asg.add_argument("--to", required=True, metavar="CODE", help=tr("目标微网格编码"))
    asg.add_argument("--from-grid", metavar="CODE", help=tr("只选这个网格（及其下级）里的住户"))
    asg.add_argument("--group", default="", help=tr("村民小组，如 7组"))
    asg.add_argument("--compound", default="", help=tr("小区"))
    asg.add_argument("--building", default="", help=tr("楼栋，如 3栋"))
    asg.add_argument("--unit", default="", help=tr("单元"))
    asg.add_argument("--doors", metavar="A-B", help=tr("门牌 / 房号范围，如 1-20"))
    asg.add_argument("--unassigned", action="store_true", help=tr("只选未划入微网格的住户"))
    asg.add_argument("--dry-run", action="store_true", help=tr("只列出会移动的住户，不修改"))
    asg.set_defaults(handler=run_assign)

    ros = sub.add_parser("roster", help=tr("网格员花名册（按村/社区）"))
    ros.add_argument("--community", metavar="CODE", help=tr("村（社区）编码；只有一个时可省略"))
    ros.add_argument("--json", action="store_true")
    ros.set_defaults(handler=run_roster)
    add = sub.add_parser("add", help=tr("新建网格"))
    add.add_argument("--parent", metavar="CODE", help=tr("上级网格编码（不填：最上层）"))
    add.add_argument("--level", required=True, choices=[str(lv) for lv in GridLevel],
                     help=tr("层级：community 总网格、general 一般网格、micro 微网格、dedicated 专属网格"))
    add.add_argument("--code", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--covers", default="", help=tr("覆盖范围，如 7组、8组"))
    add.set_defaults(handler=run_add)

    edit = sub.add_parser("edit", help=tr("改名、改编码、改覆盖范围"))
    edit.add_argument("grid", metavar="CODE")
    edit.add_argument("--name")
    edit.add_argument("--code", dest="new_code")
    edit.add_argument("--covers")
    edit.set_defaults(handler=run_edit)

    mv = sub.add_parser("move", help=tr("把网格（连同下级和住户）移到另一个上级"))
    mv.add_argument("grid", metavar="CODE")
    mv.add_argument("--to", required=True, metavar="PARENT_CODE")
    mv.set_defaults(handler=run_move)

    mg = sub.add_parser("merge", help=tr("把同级网格并入一个网格（住户、下级网格、岗位随之并入）"))
    mg.add_argument("target", metavar="TARGET_CODE")
    mg.add_argument("sources", metavar="CODE", nargs="+")
    mg.set_defaults(handler=run_merge)

    sp = sub.add_parser("split", help=tr("从一个网格拆出新网格（按门牌选住户，或选下级网格）"))
    sp.add_argument("grid", metavar="CODE")
    sp.add_argument("--code", dest="new_code", required=True, help=tr("新网格编码"))
    sp.add_argument("--name", required=True, help=tr("新网格名称"))
    sp.add_argument("--covers", default="")
    sp.add_argument("--doors", metavar="A-B", help=tr("门牌 / 房号范围内的住户分到新网格"))
    sp.add_argument("--children", metavar="CODE", nargs="+", default=[], help=tr("这些下级网格分到新网格"))
    sp.set_defaults(handler=run_split)
    for parser in (p, lst, chk, asg, ros, add, edit, mv, mg, sp):
        add_db_option(parser)


def _node_dict(node: grids.GridNode) -> dict[str, object]:
    return {"code": node.code, "name": node.name, "level": node.level, "covers": node.covers,
            "households": node.households, "children": [_node_dict(c) for c in node.children]}


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        roots = grids.tree(db)
        unassigned = grids.unassigned_households(db)
    finally:
        db.close()
    if args.json:
        print_json({"grids": [_node_dict(r) for r in roots], "unassigned_households": unassigned})
        return 0

    def show(node: grids.GridNode, depth: int) -> None:
        print(f"{'  ' * depth}{node.name}\t{node.code}\t{grid_level_label(node.level)}\t"
              + tr("{n} 户").format(n=node.households))
        for child in node.children:
            show(child, depth + 1)

    for root in roots:
        show(root, 0)
    if unassigned:
        print(tr("未划入网格的住户：{n} 户").format(n=unassigned))
    return 0


def run_check(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        findings = checks.run(db)
    finally:
        db.close()
    if args.json:
        print_json([f.as_dict() for f in findings])
    else:
        for f in findings:
            print(f"[{checks.kind_label(f.kind)}]\t{f.grid_code or '-'}\t{f.message}")
    print(tr("共 {n} 项问题").format(n=len(findings)), file=sys.stderr if args.json else sys.stdout)
    return 0


def _doors(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    m = re.fullmatch(r"\s*(\d+)\s*[-–~至]\s*(\d+)\s*", text)
    if not m:
        raise UserError(tr("门牌范围应写成“起-止”，如 1-20：{text}").format(text=text))
    lo, hi = int(m.group(1)), int(m.group(2))
    return min(lo, hi), max(lo, hi)


def run_assign(args: argparse.Namespace) -> int:
    door_from, door_to = _doors(args.doors)
    if not (args.from_grid or args.group or args.compound or args.building or args.unit
            or args.doors or args.unassigned):
        raise UserError(tr("请至少给出一个选择条件（--group、--compound、--building、--doors、--from-grid 或 --unassigned）"))
    db = open_db(args)
    try:
        target_id = grid_id_by_code(db, args.to)
        source_id = grid_id_by_code(db, args.from_grid) if args.from_grid else None
        rows = assign.find_households(db, assign.HouseholdQuery(
            grid_id=source_id, unassigned=args.unassigned, village_group=args.group, compound=args.compound,
            building=args.building, unit=args.unit, door_from=door_from, door_to=door_to))
        moving = [r for r in rows if r.grid_id != target_id]
        if args.dry_run:
            for r in moving:
                print(f"{r.number}\t{r.address}\t{r.grid_name or '-'}")
            print(tr("将移动 {n} 户（未修改）").format(n=len(moving)))
            return 0
        if not moving:
            print(tr("没有需要移动的住户"))
            return 0
        try:
            change = assign.move_households(db, [r.id for r in moving], target_id)
        except Refused as exc:
            raise UserError(str(exc)) from exc
    finally:
        db.close()
    print(change.description)
    return 0


def run_roster(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        communities = staff_roster.communities(db)
        if args.community:
            with db.reading() as s:
                grid = grid_by_code(s, args.community)
                found = (grid.id, grid.level) if grid else None
            if found is None or found[1] != GridLevel.COMMUNITY:
                raise UserError(tr("找不到村（社区）编码：{code}").format(code=args.community))
            community_id = found[0]
        elif len(communities) == 1:
            community_id = communities[0][0]
        else:
            raise UserError(tr("数据库里有 {n} 个村（社区），请用 --community 指定编码").format(n=len(communities)))
        rows = staff_roster.staff_roster(db, community_id)  # type: ignore[arg-type]
    finally:
        db.close()
    if args.json:
        print_json([r.__dict__ for r in rows])
    else:
        print("\t".join(staff_roster.roster_headers()))
        for r in rows:
            print("\t".join(str(c) for c in staff_roster.roster_cells(r)))
    return 0


def _grid_id(db, code: str) -> int:  # type: ignore[no-untyped-def]
    return grid_id_by_code(db, code)


def _write(args: argparse.Namespace, make) -> int:  # type: ignore[no-untyped-def]
    """Open the database, run one structure change, print what it did."""
    db = open_db(args)
    try:
        change = make(db)
    except Refused as exc:
        raise UserError(str(exc)) from exc
    finally:
        db.close()
    print(change.description)
    return 0


def run_add(args: argparse.Namespace) -> int:
    return _write(args, lambda db: structure.add_grid(
        db, _grid_id(db, args.parent) if args.parent else None, args.level, args.code, args.name, args.covers))


def run_edit(args: argparse.Namespace) -> int:
    if args.name is None and args.new_code is None and args.covers is None:
        raise UserError(tr("请给出 --name、--code 或 --covers"))
    return _write(args, lambda db: structure.update_grid(
        db, _grid_id(db, args.grid), name=args.name, code=args.new_code, covers=args.covers))


def run_move(args: argparse.Namespace) -> int:
    return _write(args, lambda db: structure.move_grid(db, _grid_id(db, args.grid), _grid_id(db, args.to)))


def run_merge(args: argparse.Namespace) -> int:
    return _write(args, lambda db: structure.merge_grids(
        db, _grid_id(db, args.target), [_grid_id(db, code) for code in args.sources]))


def run_split(args: argparse.Namespace) -> int:
    door_from, door_to = _doors(args.doors)
    if args.doors is None and not args.children:
        raise UserError(tr("请用 --doors 选住户，或用 --children 选下级网格"))

    def make(db):  # type: ignore[no-untyped-def]
        gid = _grid_id(db, args.grid)
        households = []
        if args.doors is not None:
            rows = assign.find_households(db, assign.HouseholdQuery(grid_id=gid, door_from=door_from,
                                                                   door_to=door_to))
            households = [r.id for r in rows if r.grid_id == gid]
        return structure.split_grid(db, gid, args.new_code, args.name, households,
                                    [_grid_id(db, c) for c in args.children], args.covers)

    return _write(args, make)

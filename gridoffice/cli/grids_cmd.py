"""``gridoffice grids list|check|assign|roster``: the grid structure from the command line."""

from __future__ import annotations

import argparse
import re
import sys

from gridoffice.cli.common import UserError, add_db_option, open_db, print_json
from gridoffice.domain.codes import GridLevel, grid_level_label
from gridoffice.i18n import tr
from gridoffice.services import assign, checks, grids, staff_roster
from gridoffice.services.refused import Refused
from gridoffice.services.scope import grid_by_code


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
    for parser in (p, lst, chk, asg, ros):
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
        with db.reading() as s:
            target = grid_by_code(s, args.to)
            source = grid_by_code(s, args.from_grid) if args.from_grid else None
            target_id = target.id if target else None
            source_id = source.id if source else None
        if target_id is None:
            raise UserError(tr("找不到网格编码：{code}").format(code=args.to))
        if args.from_grid and source_id is None:
            raise UserError(tr("找不到网格编码：{code}").format(code=args.from_grid))
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
        rows = staff_roster.staff_roster(db, community_id)
    finally:
        db.close()
    if args.json:
        print_json([r.__dict__ for r in rows])
    else:
        print("\t".join(staff_roster.roster_headers()))
        for r in rows:
            print("\t".join(str(c) for c in staff_roster.roster_cells(r)))
    return 0

"""``gridoffice campaign create|list|status|packing|handout|refresh`` — distribution campaigns
(健康爱心包) from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from gridoffice.cli.common import (
    UserError,
    add_command,
    add_db_option,
    date_arg,
    open_db,
    print_json,
)
from gridoffice.i18n import tr
from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import handouts, lists
from gridoffice.services.campaigns import refresh as campaign_refresh
from gridoffice.services.exchange import doubles
from gridoffice.services.scope import grid_id_by_code
from gridoffice.store import Database


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "campaign", tr("物资发放活动（健康爱心包）：建名单、登记发放、补发、发放率"))
    sub = p.add_subparsers(dest="campaign_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str, handler) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        q = sub.add_parser(name, help=help_text, description=help_text)
        add_db_option(q)
        q.set_defaults(handler=_guarded(handler))
        return q

    q = action("create", tr("新建发放活动并生成名单"), run_create)
    q.add_argument("--name", required=True, help=tr("活动名称，例如 健康爱心包"))
    q.add_argument("--on", type=date_arg, required=True, help=tr("基准日期（按这一天计算年龄）"))
    q.add_argument("--min-age", type=int, default=None, help=tr("最低年龄（基准日当天满几岁）"))
    q.add_argument("--until", type=date_arg, default=None,
                   help=tr("补发截止日期：此前年满最低年龄的人在刷新名单时加入（默认基准日后 30 天）"))
    q.add_argument("--category", action="append", default=[],
                   help=tr("只发给某类重点人群（可重复）：elderly、disabled、dibao、aged_80_plus…"))
    q.add_argument("--grid", action="append", default=[], help=tr("只发给某些网格（网格编码，可重复）"))
    q.add_argument("--everyone", action="store_true",
                   help=tr("不限年龄和人群，发给范围内的每一位在册居民（不加此项时须给出 --min-age 或 --category）"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("list", tr("列出发放活动"), run_list)
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("status", tr("发放进度：应发、已发、待发，分微网格"), run_status)
    q.add_argument("id", type=int, metavar="ID", help=tr("活动编号"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("packing", tr("装包清单：每个微网格和合计的物资数量"), run_packing)
    q.add_argument("id", type=int, metavar="ID", help=tr("活动编号"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("handout", tr("登记一人的发放"), run_handout)
    q.add_argument("id", type=int, metavar="ID", help=tr("活动编号"))
    q.add_argument("--person", required=True, metavar="ID_NUMBER", help=tr("领取人的身份证号"))
    q.add_argument("--by", required=True, metavar="STAFF_NAME", help=tr("发放人（网格员姓名）"))
    q.add_argument("--proxy", default="", metavar="NAME", help=tr("代领人姓名"))
    q.add_argument("--relation", default="", metavar="REL", help=tr("代领人与本人的关系"))
    q.add_argument("--delivered", action="store_true", help=tr("上门送达（默认：到村委会领取）"))
    q.add_argument("--date", type=date_arg, default=None, help=tr("发放日期（默认今天）"))
    q.add_argument("--note", default="", help=tr("备注"))

    q = action("refresh", tr("刷新名单：新符合条件的人加入（补发），迁出、死亡的人移出"), run_refresh)
    q.add_argument("id", type=int, metavar="ID", help=tr("活动编号"))
    q.add_argument("--on", type=date_arg, default=None, help=tr("按哪一天刷新（默认今天）"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))


def _guarded(handler):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        db = open_db(args)
        try:
            return handler(db, args)
        except campaigns.CampaignError as exc:
            raise UserError(str(exc)) from exc
        finally:
            db.close()

    return run


def run_create(db: Database, args: argparse.Namespace) -> int:
    if args.min_age is None and not args.category and not args.everyone:
        raise UserError(tr("请用 --min-age 或 --category 说明发给谁；确实要发给每一位在册居民时加 --everyone。"))
    grid_ids = [grid_id_by_code(db, code) for code in args.grid]
    until = args.until or args.on + dt.timedelta(days=campaigns.WINDOW_DAYS)
    criteria = campaigns.Criteria(args.on, args.min_age, tuple(args.category), tuple(grid_ids), until)
    cid, _change = campaigns.create(db, campaigns.CampaignSpec(args.name, criteria))
    info = campaigns.get(db, cid)
    if args.json:
        print_json({"id": cid, "name": info.name, "eligible": info.eligible})
    else:
        print(tr("已新建发放活动 {id}“{name}”，应发 {eligible} 人。").format(
            id=cid, name=info.name, eligible=info.eligible))
    return 0


def run_list(db: Database, args: argparse.Namespace) -> int:
    rows = [{"id": c.id, "name": c.name, "reference_date": c.reference_date.isoformat(),
             "state": c.state, "eligible": c.eligible, "handed": c.handed}
            for c in campaigns.campaigns(db)]
    if args.json:
        print_json(rows)
    elif not rows:
        print(tr("还没有发放活动。"))
    else:
        for r in rows:
            print(tr("{id}\t{name}\t基准日 {reference_date}\t应发 {eligible}\t已发 {handed}").format(**r))
    return 0


def _coverage_dict(row: lists.CoverageRow) -> dict[str, Any]:
    return {"grid": row.name, "general_grid": row.parent_name, "grid_id": row.grid_id, "code": row.code,
            "label": row.label, "community": row.community, "eligible": row.eligible,
            "handed": row.handed, "pending": row.pending, "declined": row.declined,
            "unreachable": row.unreachable, "withdrawn": row.withdrawn,
            "remaining": row.remaining, "rate": round(row.rate, 4)}


def run_status(db: Database, args: argparse.Namespace) -> int:
    info = campaigns.get(db, args.id)
    cov = lists.coverage(db, args.id)
    data = {"id": info.id, "name": info.name, **_coverage_dict(cov.overall),
            "micro_grids": [_coverage_dict(r) for r in cov.micro],
            "general_grids": [_coverage_dict(r) for r in cov.general],
            "communities": [_coverage_dict(r) for r in cov.communities]}
    for key in ("grid", "general_grid", "grid_id", "code", "label", "community"):
        del data[key]
    if args.json:
        print_json(data)
        return 0
    o = cov.overall
    print(tr("{name}：应发 {eligible}，已发 {handed}，待发 {pending}，拒领 {declined}，联系不上 {unreachable}，"
             "发放率 {rate:.1%}").format(name=info.name, eligible=o.eligible, handed=o.handed,
                                      pending=o.pending, declined=o.declined,
                                      unreachable=o.unreachable, rate=o.rate))
    many = len(cov.communities) > 1  # a street: say which community each 第1网格 is in
    print((tr("社区") + "\t" if many else "") + tr("一般网格\t微网格\t应发\t已发\t待发\t发放率"))
    for r in cov.micro:
        lead = f"{r.community}\t" if many else ""
        print(f"{lead}{r.parent_name}\t{r.name}\t{r.eligible}\t{r.handed}\t{r.pending}\t{r.rate:.1%}")
    return 0


def run_packing(db: Database, args: argparse.Namespace) -> int:
    pk = lists.packing(db, args.id)
    items = [{"name": k.name, "per_kit": k.quantity, "unit": k.unit, "total": k.quantity * pk.kits}
             for k in pk.kit]
    grids = [{"grid": g.name, "general_grid": g.parent_name, "community": g.community, "label": g.label,
              "grid_id": g.grid_id, "kits": g.count,
              "items": {k.name: k.quantity * g.count for k in pk.kit}} for g in pk.grids]
    if args.json:
        print_json({"kits": pk.kits, "items": items, "micro_grids": grids})
        return 0
    print(tr("共 {kits} 份。合计：").format(kits=pk.kits))
    for it in items:
        print(f"  {it['name']}\t{it['total']} {it['unit']}")
    print(tr("微网格\t份数\t") + "\t".join(k.name for k in pk.kit))
    for g in grids:
        print(f"{g['label']}\t{g['kits']}\t" + "\t".join(str(v) for v in g["items"].values()))  # type: ignore[union-attr]
    return 0


def _staff(db: Database, name: str, grid_id: int | None) -> int:
    found = lists.staff_by_name(db, name, grid_id)
    if not found:
        raise UserError(tr("没有名为“{name}”的在岗网格员。").format(name=name))
    team = [o for o in found if o.in_team]
    if len(found) == 1 or len(team) == 1:
        return (team or found)[0].id
    raise UserError(tr("有 {n} 位网格员叫“{name}”，请在图形界面里选择发放人。").format(n=len(found), name=name))


def run_handout(db: Database, args: argparse.Namespace) -> int:
    eid = handouts.entitlement_of(db, args.id, args.person)
    row = lists.rows(db, [eid])[0]
    staff_id = _staff(db, args.by, row.grid_id)
    method = campaigns.DELIVERED if args.delivered else campaigns.COLLECTED
    handout = handouts.Handout(args.date or dt.date.today(), staff_id, method, args.proxy, args.relation,
                               args.note)
    warning = doubles.elsewhere(db, args.id, row.person_id)
    change = handouts.record(db, args.id, [eid], handout)
    if warning:
        print(warning)
    print(tr("已登记。") + change.description)
    return 0


def run_refresh(db: Database, args: argparse.Namespace) -> int:
    result, _change = campaign_refresh.refresh(db, args.id, args.on)
    joined = lists.rows(db, result.joined)
    left = lists.rows(db, result.left)
    if args.json:
        print_json({"on": result.on.isoformat(),
                    "joined": [{"name": r.name, "grid": r.grid_name} for r in joined],
                    "left": [{"name": r.name, "grid": r.grid_name, "reason": r.reason} for r in left]})
        return 0
    print(tr("按 {on} 刷新：新加入 {joined} 人（补发），移出 {left} 人。").format(
        on=result.on.isoformat(), joined=len(joined), left=len(left)))
    for r in joined:
        print(tr("  加入\t{grid}\t{name}").format(grid=r.grid_name, name=r.name))
    for r in left:
        print(tr("  移出\t{grid}\t{name}\t{reason}").format(grid=r.grid_name, name=r.name, reason=r.reason))
    return 0

"""``gridoffice package export|import|receipt|status|conflicts|resolve|trust|peer|key|street-key`` —
signed exchange packages between village offices and the street (issue 19)."""

from __future__ import annotations

import argparse
from pathlib import Path
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
from gridoffice.services.exchange import (
    approval,
    consolidated,
    cover,
    desk,
    doubles,
    gates,
    importing,
    keys,
    moving,
    receipts,
    rekey,
    review,
    streetkey,
)
from gridoffice.services.exchange import export as exporting
from gridoffice.services.field_labels import table_label
from gridoffice.store import Database


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "package", tr("数据交换：导出、导入签名数据包，回执，冲突处理，街道汇总台"))
    sub = p.add_subparsers(dest="package_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str, handler) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        q = sub.add_parser(name, help=help_text, description=help_text)
        add_db_option(q)
        q.set_defaults(handler=_guarded(handler))
        return q

    q = action("export", tr("导出数据包（自上次回执以来的变化，或 --full 全部）"), run_export)
    q.add_argument("--out", required=True, metavar="FILE", help=tr("数据包文件，例如 禹庙村-12月.gopkg"))
    q.add_argument("--full", action="store_true", help=tr("导出全部记录，而不只是变化"))
    q.add_argument("--cover", default=None, metavar="PDF", help=tr("同时打印报送封面（单位、序号、行数、校验值）到这个 PDF"))
    q.add_argument("--level", choices=exporting.LEVELS, default="aggregate",
                   help=tr("aggregate：只有各网格的统计数（默认）；pseudonymous：居民以化名键代替身份证号；full：全部"))
    q.add_argument("--household", default=None, metavar="户号",
                   help=tr("迁户：导出这一户（成员、重点人群、健康档案）给迁入的村，本村同时把该户标为迁出（可撤销）"))
    q.add_argument("--to-office", default=None, metavar=tr("单位"), help=tr("迁户时迁往的单位（行政区划代码或名称）"))
    q.add_argument("--on", type=date_arg, default=None, metavar=tr("日期"), help=tr("迁出日期（默认今天）"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("import", tr("导入数据包（先用 --dry-run 查看会发生什么）"), run_import)
    q.add_argument("file", metavar="FILE", help=tr("数据包文件（.gopkg）"))
    q.add_argument("--dry-run", action="store_true", help=tr("只报告新增、更新、未变、冲突和拒收，不写入"))
    q.add_argument("--force", action="store_true", help=tr("包的序号不连续时也导入（确认缺的包已作废）"))
    q.add_argument("--receipt", default=None, metavar="FILE", help=tr("回执写到哪里（默认在数据包旁边）"))
    q.add_argument("--grid", default=None, metavar=tr("网格编码"), help=tr("迁户包：迁入的住户放进这个微网格（默认未划分）"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("receipt", tr("导入对方的回执：确认对方已收到，下次只导出此后的变化"), run_receipt)
    q.add_argument("file", metavar="FILE", help=tr("回执文件（.gorcpt）"))
    q.add_argument("--force", action="store_true", help=tr("对方已更换密钥时，也接受旧密钥签发的回执（确认无误）"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("status", tr("汇总台：各单位最近报送的序号、日期、行数，谁逾期未报"), run_status)
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("conflicts", tr("待处理的数据冲突（双方都改了同一字段）"), run_conflicts)
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("resolve", tr("处理一个冲突：保留本方的值或采用对方的值"), run_resolve)
    q.add_argument("id", type=int, help=tr("冲突编号（见 package conflicts）"))
    q.add_argument("--keep", required=True, choices=("ours", "theirs"), help=tr("ours：保留本方；theirs：采用对方"))

    q = action("approve", tr("街道审批某村（社区）某月的数据：审批后该月的记录不再被数据包改动"), run_approve)
    q.add_argument("--office", required=True, metavar="CODE", help=tr("单位的行政区划代码（见 package status）"))
    q.add_argument("--period", required=True, metavar="YYYY-MM", help=tr("月份，例如 2026-11"))
    q.add_argument("--undo", action="store_true", help=tr("取消审批，重新开放这个月"))

    q = action("approvals", tr("已审批锁定的月份：单位、月份、审批人、时间、所依据的数据包"), run_approvals)
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("summary", tr("汇总各村（社区）统计包的数：户数、人数、重点人群、物资发放覆盖率，合计为全街道"), run_summary)
    q.add_argument("--period", default=None, metavar="YYYY-MM", help=tr("月份（默认各单位最近报送的月份）"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("trust", tr("登记发来数据包或回执的单位（先电话核对密钥指纹）"), run_trust)
    q.add_argument("file", metavar="FILE", help=tr("对方的数据包或回执"))
    q.add_argument("--yes", action="store_true", help=tr("已核对指纹，确认登记"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("doubles", tr("街道：同一街道活动在两个村都领了物资的人（按化名键比对，不看身份证号）"), run_doubles)
    q.add_argument("--campaign", type=int, default=None, metavar="ID", help=tr("只看这个活动"))
    q.add_argument("--handed-out", default=None, metavar="FILE",
                   help=tr("街道：把各村已发放的名单（化名键，无姓名身份证号）写到这个文件，下发给各村"))
    q.add_argument("--load", default=None, metavar="FILE", help=tr("村：载入街道下发的发放名单，发放时提示已在别村领过"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("key", tr("本单位签名密钥：备份里没有它；换电脑时用密码加密导出（--export）再在新电脑导入（--import）"),
               run_key)
    which = q.add_mutually_exclusive_group(required=True)
    which.add_argument("--export", default=None, metavar="FILE", help=tr("把密钥用密码加密写到这个文件（.gokey）"))
    which.add_argument("--import", dest="import_", default=None, metavar="FILE", help=tr("导入原电脑导出的密钥文件"))
    which.add_argument("--new", action="store_true",
                       help=tr("原电脑已坏、密钥找不回时生成新密钥（之后请街道用 package peer --rekey 更换登记的密钥）"))
    which.add_argument("--public", default=None, metavar="FILE",
                       help=tr("把本单位的公钥（不含私钥）写到这个文件（.gopub），交给街道登记或更换密钥"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("peer", tr("街道：为换了电脑、生成了新密钥的单位更换登记的密钥（先电话核对新指纹）"), run_peer)
    q.add_argument("--rekey", required=True, metavar="CODE", help=tr("单位的行政区划代码（见 package status）"))
    source = q.add_mutually_exclusive_group(required=True)
    source.add_argument("--from-package", default=None, metavar="FILE", help=tr("对方用新密钥签发的数据包或回执"))
    source.add_argument("--key", default=None, metavar="FILE", help=tr("对方的公钥文件（.gopub，package key --public 写的）"))
    q.add_argument("--yes", action="store_true", help=tr("已电话核对新指纹，确认更换"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出"))

    q = action("street-key", tr("化名密钥：街道生成（--new）并下发，村里设置（--set）"), run_street_key)
    q.add_argument("--new", action="store_true", help=tr("街道：生成新的化名密钥"))
    q.add_argument("--set", default=None, metavar="KEY", help=tr("村：设置街道下发的化名密钥（64 位十六进制）"))


def _guarded(handler):  # type: ignore[no-untyped-def]
    def run(args: argparse.Namespace) -> int:
        db = open_db(args)
        try:
            return int(handler(db, args))
        finally:
            db.close()

    return run


def _per_table(data: dict[str, int]) -> str:
    return "，".join(f"{table_label(k)} {v}" for k, v in data.items() if v) or "0"


def run_export(db: Database, args: argparse.Namespace) -> int:
    if args.household or args.to_office:
        return _run_move(db, args)
    done = exporting.export(db, Path(args.out), full=args.full, level=args.level)
    if args.cover:
        cover.write(db, done, desk.office_name(db), Path(args.cover))
    if args.json:
        print_json(done.as_dict())
    else:
        print(tr("已导出第 {seq} 号数据包 {file}（{level}），共 {rows} 行，删除 {stones} 条；校验值 {sha}。").format(
            seq=done.seq, file=done.path, level=done.level, rows=sum(done.counts.values()), stones=done.tombstones,
            sha=done.sha256[:16]))
    return 0


def _run_move(db: Database, args: argparse.Namespace) -> int:
    if not (args.household and args.to_office):
        raise UserError(tr("迁户需要同时写 --household 户号 和 --to-office 迁往的单位。"))
    done = moving.send(db, args.household, args.to_office, Path(args.out), on=args.on)
    if args.json:
        print_json(done.as_dict())
    else:
        print(tr("已导出住户 {number} 的迁户包 {file}（{persons} 人），本村已标为迁出；校验值 {sha}。"
                 "请把文件交给迁入的单位导入。").format(number=done.number, file=done.path,
                                              persons=done.counts.get("person", 0), sha=done.sha256[:16]))
    return 0


def run_import(db: Database, args: argparse.Namespace) -> int:
    done = importing.run(db, Path(args.file), dry_run=args.dry_run, force=args.force,
                         receipt=Path(args.receipt) if args.receipt else None, grid_code=args.grid)
    if args.json:
        print_json(done.as_dict())
        return 0
    t = done.totals
    head = tr("试导入（未写入）") if done.dry_run else tr("已导入")
    if done.already:
        head = tr("这个数据包已导入过，本次没有改动")
    print(tr("{head}：{sender} 第 {seq} 号包。").format(head=head, sender=done.sender, seq=done.seq))
    for key, label in (("added", tr("新增")), ("updated", tr("更新")), ("unchanged", tr("未变")),
                       ("conflicts", tr("冲突")), ("deleted", tr("删除")), ("taken_over", tr("迁入转交"))):
        if key in t:
            print(f"  {label}：{_per_table(t[key])}")
    for r in t["refused"][:20]:
        print(tr("  拒收 {table} {uuid}：{reason}").format(table=table_label(r["table"]), uuid=r.get("record") or r["uuid"][:8],
                                                        reason=r["reason"]))
    if len(t["refused"]) > 20:
        print(tr("  …另有 {n} 条拒收（用 --json 查看全部）").format(n=len(t["refused"]) - 20))
    if done.receipt:
        print(tr("回执已写到 {path}，请交给对方导入。").format(path=done.receipt))
    return 0


def run_receipt(db: Database, args: argparse.Namespace) -> int:
    done = receipts.accept(db, Path(args.file), force=args.force)
    if args.json:
        print_json(done)
    else:
        print(tr("{receiver} 已确认收到第 {seq} 号数据包。").format(**done))
    return 0


def run_status(db: Database, args: argparse.Namespace) -> int:
    data = desk.status(db)
    if args.json:
        print_json(data)
        return 0
    if not data["peers"]:
        print(tr("还没有登记任何单位。"))
    for p in data["peers"]:
        late = tr("逾期") if p["late"] else ""
        print(tr("{office}\t{code}\t第 {last_seq} 号\t{last_at}\t{rows} 行\t冲突 {conflicts}\t{late}").format(
            **{**p, "last_at": p["last_at"] or tr("未报送"), "late": late}))
    for s in data["sent"][:3]:
        ack = tr("已回执") if s["acknowledged"] else tr("待回执")
        print(tr("本单位第 {seq} 号包\t{at}\t{level}\t{rows} 行\t{ack}").format(**{**s, "ack": ack}))
    return 0


def _listed(args: argparse.Namespace, found: list[dict[str, Any]], empty: str, line: Any) -> int:
    """A list as JSON, or one line per item (``line(item)``), or the sentence saying it is empty."""
    if args.json:
        print_json(found)
    elif not found:
        print(empty)
    for item in [] if args.json else found:
        print(line(item))
    return 0


def run_conflicts(db: Database, args: argparse.Namespace) -> int:
    return _listed(args, review.open_conflicts(db), tr("没有待处理的冲突。"), lambda c: tr(
        "{id}\t{table_label}\t{field_label}\t本方：{ours}\t对方（{from}）：{theirs}").format(**c))


def run_resolve(db: Database, args: argparse.Namespace) -> int:
    change = review.resolve(db, args.id, args.keep)
    print(tr("冲突 {id} 已处理：{what}。").format(id=args.id, what=change.description))
    return 0


def run_trust(db: Database, args: argparse.Namespace) -> int:
    info: dict[str, Any] = gates.trust(db, Path(args.file), confirm=args.yes)
    if args.json:
        print_json(info)
    elif info["registered"]:
        print(tr("已登记 {office}，密钥指纹 {fingerprint}。").format(**info))
    else:
        print(tr("{office} 的密钥指纹是 {fingerprint}。电话核对无误后，加 --yes 再运行一次即登记。").format(**info))
    return 0


def run_doubles(db: Database, args: argparse.Namespace) -> int:
    if args.handed_out:
        n = doubles.write_handed(db, Path(args.handed_out))
        print(tr("已把 {n} 条发放记录（化名键）写到 {file}，请下发给各村用 --load 载入。").format(n=n, file=args.handed_out))
        return 0
    if args.load:
        n = doubles.load_handed(db, Path(args.load))
        print(tr("已载入街道的发放名单（{n} 条）；发放时会提示已在别村领过的人。").format(n=n))
        return 0
    found = doubles.find(db, args.campaign)
    if args.json:
        print_json([d.as_dict() for d in found])
        return 0
    if not found:
        print(tr("没有发现在两个单位都领过同一活动物资的人。"))
    for d in found:
        where = "；".join(tr("{office} {grid} {handed_on}").format(**h) for h in d.handed)
        print(tr("{campaign}\t化名 {ref}\t{where}").format(campaign=d.campaign, ref=d.ref, where=where))
    return 0


def run_key(db: Database, args: argparse.Namespace) -> int:
    from gridoffice.cli.backup_cmd import ask_password

    if args.export:
        path = keys.export_key(db, Path(args.export), ask_password(confirm=True))
        info = {"file": str(path), "fingerprint": keys.fingerprint(keys.public_hex(keys.private_key(db)))}
        text = tr("本单位密钥已加密写到 {file}（指纹 {fingerprint}）。请和密码分开保管；新电脑上用 --import 导入。")
    elif args.new:
        info = {"fingerprint": keys.new_key(db)}
        text = tr("已生成本单位的新密钥（指纹 {fingerprint}）。请把新的数据包或用 --public 写的公钥文件交给街道，"
                  "电话核对这个指纹后由街道更换登记的密钥。")
    elif args.public:
        path = keys.write_public(db, Path(args.public))
        info = {"file": str(path), "fingerprint": keys.fingerprint(keys.public_hex(keys.private_key(db)))}
        text = tr("本单位公钥已写到 {file}（指纹 {fingerprint}）。")
    else:
        info = {"file": args.import_, "fingerprint": keys.import_key(db, Path(args.import_), ask_password(confirm=False))}
        text = tr("已导入本单位密钥（指纹 {fingerprint}），本机可以继续签发数据包和回执。")
    if args.json:
        print_json(info)
    else:
        print(text.format(**info))
    return 0


def run_peer(db: Database, args: argparse.Namespace) -> int:
    source = Path(args.from_package or args.key)
    new = rekey.read(db, args.rekey, source)
    info: dict[str, Any] = new.as_dict() | {"replaced": False}
    if args.yes:
        rekey.replace(db, args.rekey, source)
        info["replaced"] = True
    if args.json:
        print_json(info)
    elif args.yes:
        print(tr("已为 {office} 更换密钥：旧指纹 {old_fingerprint} → 新指纹 {new_fingerprint}。"
                 "它的下一个数据包重新起算序号；旧密钥签的包不再当作有效。").format(**info))
    else:
        print(tr("{office} 的新密钥指纹是 {new_fingerprint}（登记的旧指纹 {old_fingerprint}）。"
                 "电话核对无误后，加 --yes 再运行一次即更换。").format(**info))
    return 0


def run_street_key(db: Database, args: argparse.Namespace) -> int:
    key = streetkey.street_key(db, new=args.new, value=args.set)
    if key:
        print(tr("化名密钥：{key}（请当面或电话下发给各村，不要随数据包发送）").format(key=key))
    else:
        print(tr("还没有化名密钥：街道用 --new 生成，村里用 --set 设置。"))
    return 0


def run_approve(db: Database, args: argparse.Namespace) -> int:
    change = approval.approve(db, args.office, args.period, undo=args.undo)
    print(tr("{what}。").format(what=change.description))
    return 0


def run_approvals(db: Database, args: argparse.Namespace) -> int:
    return _listed(args, approval.approvals(db), tr("还没有审批任何月份。"), lambda a: tr(
        "{office}\t{code}\t{period}\t审批人 {by}\t{at}\t第 {seq} 号包 {sha}").format(
        **{**a, "sha": (a["sha256"] or "")[:16]}))


def run_summary(db: Database, args: argparse.Namespace) -> int:
    period = approval.check_period(args.period) if args.period else None
    data = consolidated.summary(db, period)
    if args.json:
        print_json(data)
        return 0
    if not data["villages"]:
        print(tr("还没有收到任何统计包（aggregate 级别的数据包）。"))
        return 0
    labels = [tr(label) for _key, label in consolidated.FIGURES]
    print("\t".join([tr("单位"), tr("月份"), tr("社区"), *labels, tr("发放覆盖率")]))
    for r in consolidated.rows(data):
        rate = r["coverage"]
        print("\t".join([r["office"], r["period"], r["community"], *(str(r[k]) for k, _l in consolidated.FIGURES),
                         f"{rate:.1%}" if rate is not None else "—"]))
    return 0

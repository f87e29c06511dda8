"""``gridoffice import FILE [--dry-run] [--rejected OUT.xlsx] [--json] [--create-grids --under CODE]``"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from gridoffice.cli.common import UserError, add_command, date_arg, open_db, print_json
from gridoffice.domain.errors import Refusal
from gridoffice.i18n import tr
from gridoffice.services import backup
from gridoffice.services.importing import importer
from gridoffice.services.importing.grids import GridChoiceError
from gridoffice.store import outputs


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "import", tr("导入现有的花名册（.xlsx / .xls）"))
    p.add_argument("file", metavar="FILE", help=tr("花名册文件"))
    p.add_argument("--dry-run", action="store_true", help=tr("只检查，不写入数据库"))
    p.add_argument("--rejected", metavar="OUT.xlsx", help=tr("把未导入的行连同原因写到这个文件，改正后可再导入"))
    p.add_argument("--json", action="store_true", help=tr("以 JSON 输出报告"))
    p.add_argument("--create-grids", action="store_true",
                   help=tr("数据库里找不到的微网格，新建到 --under 指定的一般网格下；不加 --under 时按花名册的社区、一般网格、微网格列新建整个结构（不加此项则这些住户暂不分配网格）"))
    p.add_argument("--under", metavar="CODE", help=tr("新建微网格所属的一般网格编码"))
    p.add_argument("--within", metavar="CODE", help=tr("只在这个网格（如某村）之内按名称匹配微网格"))
    p.add_argument("--sheet", help=tr("工作表名称（默认：找到表头的第一个工作表）"))
    p.add_argument("--header-row", type=int, help=tr("表头所在行号（默认自动识别）"))
    p.add_argument("--map", action="append", default=[], metavar="列=字段",
                   help=tr("改正列的对应，如 --map 联系人电话=phone 或 --map D=id_number；字段为 none 表示不导入"))
    p.add_argument("--on", type=date_arg, default=None, help=tr("按哪一天核对“老年人”等年龄标记（默认今天）"))
    p.set_defaults(handler=run)


def _overrides(plan: importer.ImportPlan, items: list[str]) -> dict[int, str | None]:
    """--map 表头=字段 or 列字母=字段 → column → field key."""
    out: dict[int, str | None] = {}
    for item in items:
        column, sep, key = item.partition("=")
        if not sep:
            raise UserError(tr("--map 应写成 列=字段，例如 --map 手机=phone"))
        key = key.strip()
        if key.lower() != "none" and key not in importer.FIELD_BY_KEY:
            raise UserError(tr("未知字段 {key}，可用：{keys}").format(key=key, keys="、".join(importer.FIELD_BY_KEY)))
        col = next((c for c, text in plan.mapping.headers.items() if text.strip() == column.strip()), None)
        if col is None and column.isalpha() and column.isascii() and len(column) <= 2:
            col = 0
            for ch in column.upper():
                col = col * 26 + ord(ch) - 64
            col -= 1
        if col is None:
            raise UserError(tr("表头里没有“{column}”这一列").format(column=column))
        out[col] = None if key.lower() == "none" else key
    return out


def run(args: argparse.Namespace) -> int:
    if args.under and not args.create_grids:
        raise UserError(tr("--under 只和 --create-grids 一起用（新建的微网格放在哪个一般网格下）"))
    options = importer.ImportOptions(on=args.on, sheet=args.sheet, header_row=args.header_row,
                                     create_grids_under=args.under if args.create_grids else None,
                                     within=args.within,
                                     create_grids_from_file=bool(args.create_grids and not args.under))
    db = open_db(args, create=True)
    try:
        if args.rejected:  # before anything is read or written: never onto the database or the roster
            outputs.check_target(args.rejected, db=db, inputs=[args.file])
        started = time.perf_counter()
        try:
            plan = importer.analyse(db, args.file, options=options)
            if args.map:
                plan = importer.analyse(db, args.file, mapping=plan.mapping.with_override(_overrides(plan, args.map)),
                                        options=options)
        except (importer.RosterFileError, GridChoiceError) as exc:
            raise UserError(str(exc)) from exc
        if options.create_grids_from_file and plan.mapping.column_of("general_grid") is None:
            raise UserError(tr("--create-grids 需要用 --under 指定新微网格所属的一般网格编码，"
                               "或花名册里有“一般网格”列（和“社区”列）以便按文件新建网格结构"))
        if args.dry_run:
            report = plan.report()
            report["dry_run"] = True
        else:
            report = importer.commit(db, plan).report
            report["dry_run"] = False
        if not args.dry_run:
            backup.rotate_backups(db)  # the before-import copies, as the GUI's daily rotation does
        problem = None
        if args.rejected:
            out = Path(args.rejected)
            try:
                importer.write_rejected(plan, out, db)
                report["rejected_file"] = str(out)
            except (OSError, Refusal) as exc:  # after the commit: say both what was done and what not
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                problem = tr("无法写入未导入的行 {path}：{error}").format(path=out, error=reason)
                report["rejected_file_error"] = problem
        report["seconds"] = round(time.perf_counter() - started, 3)
    finally:
        db.close()
    if args.json:
        print_json(report)
    else:
        _print_text(report)
    if problem is not None:
        done = tr("检查已完成") if args.dry_run else tr("导入已完成（见上）")
        raise UserError(tr("{done}，但{problem}").format(done=done, problem=problem))
    return 0


def _print_text(r: dict) -> None:
    head = tr("检查结果（未写入）") if r["dry_run"] else tr("导入完成")
    print(tr("{head}：{file}，工作表“{sheet}”，表头在第 {row} 行").format(
        head=head, file=r["file"], sheet=r["sheet"], row=r["header_row"]))
    print(tr("读取 {rows} 行：新增 {added} 人，更新 {updated} 人，无变化 {same} 人；未导入 {rejected} 行，跳过 {skipped} 行，提醒 {warned} 行").format(
        rows=r["rows_read"], added=r["persons_added"], updated=r["persons_updated"], same=r["persons_unchanged"],
        rejected=len(r["rejected"]), skipped=len(r["skipped"]), warned=len(r["warnings"])))
    print(tr("住户：文件中 {inf} 户，新增 {added} 户，更新 {updated} 户").format(
        inf=r["households_in_file"], added=r["households_added"], updated=r["households_updated"]))
    if r.get("health_records_added") or r.get("health_records_updated"):
        print(tr("健康信息：新增 {added} 人，更新 {updated} 人").format(
            added=r["health_records_added"], updated=r["health_records_updated"]))
    for d in r.get("duplicate_columns", []):
        print(tr("  提醒 表头“{column}”（第 {n} 列）与第 {kept_n} 列“{kept}”是同一项，这一列没有导入；可用 --map 改正").format(
            column=d["column"], n=d["column_number"], kept_n=d["kept_number"], kept=d["kept"]))
    for item in r["rejected"]:
        print(tr("  未导入 第{row}行 {name}：{why}").format(row=item["row"], name=item["name"], why="；".join(item["messages"])))
    for item in r["skipped"]:
        print(tr("  跳过 第{row}行：{why}").format(row=item["row"], why=item["message"]))
    for item in r["warnings"]:
        print(tr("  提醒 第{row}行 {name}：{why}").format(row=item["row"], name=item["name"], why="；".join(item["messages"])))
    for g in r["unmatched_grids"]:
        why = ""
        if g["ambiguous"]:
            codes = "、".join(g["ambiguous"][:3]) + ("…" if len(g["ambiguous"]) > 3 else "")
            why = tr("（库里有 {n} 个同名网格：{codes}，可用 --within 村或社区编码）").format(n=len(g["ambiguous"]), codes=codes)
        print(tr("  找不到网格“{name}”{why}：{households} 户暂不分配网格（可用 --create-grids --under 编码 新建）").format(
            name=g["name"], why=why, households=g["households"]))
    if r.get("grids_created"):
        print(tr("新建微网格：{names}").format(names="、".join(r["grids_created"])))
    if r.get("rejected_file"):
        print(tr("未导入的行已写入：{path}").format(path=r["rejected_file"]))
    if r.get("backup"):
        print(tr("导入前的备份：{path}").format(path=r["backup"]))

"""``gridoffice restore FILE [--yes]``: check a backup, keep the current state, put it in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gridoffice.cli.backup_cmd import ask_password
from gridoffice.cli.common import UserError, add_command, open_db
from gridoffice.i18n import tr
from gridoffice.services import backup
from gridoffice.store import sealed


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "restore", tr("从备份文件恢复数据库（先检查备份，并保存当前数据）"))
    p.add_argument("file", metavar="FILE", help=tr("备份文件（.db 或加密的 .gobak）"))
    p.add_argument("--yes", action="store_true", help=tr("不再询问，直接恢复"))
    p.set_defaults(handler=run)


def _confirm(question: str) -> bool:
    try:
        interactive = sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # stdin closed
        interactive = False
    if not interactive:
        try:
            line = sys.stdin.readline() if sys.stdin is not None else ""
        except (OSError, ValueError):
            line = ""
        if not line:
            raise UserError(tr("恢复会替换当前数据，需要确认；没有可用的输入，请加 --yes。"))
        return line.strip().lower() in ("y", "yes", "是")
    answer = input(question)
    return answer.strip().lower() in ("y", "yes", "是")


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    password = ask_password(confirm=False) if sealed.is_sealed(path) else None
    info = backup.inspect(path, password)
    made = info.made_at.strftime("%Y-%m-%d %H:%M") if info.made_at else "?"
    print(tr("备份文件：{path}").format(path=path))
    print(tr("备份时间：{made}；单位：{office}；户数 {households}，人数 {persons}。").format(
        made=made, office=info.office or "—", households=info.counts.get("households", 0),
        persons=info.counts.get("persons", 0)))
    if not args.yes and not _confirm(tr("用这个备份替换当前数据库吗？当前数据会先另存一份。[y/N] ")):
        print(tr("没有恢复。"))
        return 1
    db = open_db(args)
    try:
        _change, safety = backup.restore(db, path, password)
    finally:
        db.close()
    print(tr("已恢复为 {made} 的备份。恢复前的数据已另存为：{safety}").format(made=made, safety=safety))
    return 0

"""``gridoffice backup [--to DIR] [--password]``: a checked copy of the database now."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from gridoffice.cli.common import UserError, add_command, open_db
from gridoffice.i18n import tr
from gridoffice.services import backup
from gridoffice.store import sealed


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "backup", tr("立即备份数据库（默认放在数据文件夹的 backups 里）"))
    p.add_argument("--to", metavar="DIR", help=tr("备份到这个文件夹（例如 U 盘）"))
    p.add_argument("--password", action="store_true",
                   help=tr("加密备份：从 GRIDOFFICE_BACKUP_PASSWORD 或键盘读取密码"))
    p.set_defaults(handler=run)


def ask_password(confirm: bool) -> str:
    value = os.environ.get("GRIDOFFICE_BACKUP_PASSWORD")
    if value:
        return value
    try:
        value = getpass.getpass(tr("备份密码："))
        if confirm and getpass.getpass(tr("再输入一次：")) != value:
            raise UserError(tr("两次输入的密码不一样。"))
    except EOFError:
        raise UserError(tr("没有输入密码（可用环境变量 GRIDOFFICE_BACKUP_PASSWORD 提供）。")) from None
    if not value:
        raise UserError(tr("备份密码不能为空。"))
    return value


def run(args: argparse.Namespace) -> int:
    password = sealed.check_password(ask_password(confirm=True)) if args.password else None
    db = open_db(args)
    try:
        path = backup.backup_now(db, Path(args.to) if args.to else None, password)
    finally:
        db.close()
    print(tr("已备份到：{path}").format(path=path))
    return 0

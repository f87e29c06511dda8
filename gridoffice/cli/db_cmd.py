"""``gridoffice db upgrade`` and ``gridoffice db version``"""

from __future__ import annotations

import argparse

from gridoffice.cli.common import add_db_option, open_db
from gridoffice.i18n import tr
from gridoffice.store import Database, migrate


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = subparsers.add_parser("db", help=tr("数据库结构版本"))
    add_db_option(p)
    sub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = sub.add_parser("upgrade", help=tr("把数据库升级到本程序的结构版本（先自动备份）"))
    add_db_option(up)
    up.set_defaults(handler=run_upgrade)
    ver = sub.add_parser("version", help=tr("显示数据库和程序的结构版本"))
    add_db_option(ver)
    ver.set_defaults(handler=run_version)


def run_upgrade(args: argparse.Namespace) -> int:
    db = open_db(args, allow_upgrade=True)
    try:
        if db.upgraded_from_copy:
            print(tr("已升级到 {head}。升级前的文件已另存为：{copy}").format(head=migrate.head(), copy=db.upgraded_from_copy))
        else:
            print(tr("数据库已是最新结构版本 {head}。").format(head=migrate.head()))
    finally:
        db.close()
    return 0


def run_version(args: argparse.Namespace) -> int:
    current = Database.revision_of(getattr(args, "db", None))
    print(tr("数据库结构版本：{current}").format(current=current or tr("（空数据库）")))
    print(tr("程序结构版本：{head}").format(head=migrate.head()))
    return 0

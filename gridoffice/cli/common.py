"""Helpers shared by the CLI commands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any

from gridoffice.domain import text
from gridoffice.domain.ages import parse_loose_date
from gridoffice.domain.errors import Refusal
from gridoffice.i18n import N_, tr

if TYPE_CHECKING:
    from gridoffice.store import Database

OPERATOR_LIMIT = 50


class UserError(Refusal):
    """A mistake in what the user asked for; printed as one line."""


def add_db_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    parser.add_argument(
        "--db",
        default=None if top_level else argparse.SUPPRESS,
        metavar="PATH|URL",
        help=tr("数据库文件路径或 SQLAlchemy 地址（postgresql+psycopg://…）；默认取 GRIDOFFICE_DB 或数据文件夹"),
    )


def add_command(subparsers: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    add_db_option(parser)
    return parser


def date_arg(text: str) -> dt.date:
    value = parse_loose_date(text)
    if value is None:
        raise argparse.ArgumentTypeError(tr("“{text}”不是日期：日期格式应为 2023-01-07 这样的年-月-日").format(text=text))
    return value


def open_db(args: argparse.Namespace, *, allow_upgrade: bool = True, create: bool = False) -> Database:
    """Open ``--db``. Only commands that make a database (demo, import) pass ``create=True``.
    A database with a program password needs it (GRIDOFFICE_PASSWORD or typed)."""
    from gridoffice.store import Database  # SQLAlchemy: loaded when a command opens a database

    db = Database.open(getattr(args, "db", None), operator=operator_name(getattr(args, "as_operator", None)),
                       allow_upgrade=allow_upgrade,
                       create=create)
    try:
        _unlock(db)
    except BaseException:
        db.close()
        raise
    return db


def _unlock(db: Database) -> None:
    import getpass
    import os

    from gridoffice.services import access

    if not access.password_set(db):
        return
    password = os.environ.get("GRIDOFFICE_PASSWORD")
    if password is None:
        try:
            if sys.stdin is not None and sys.stdin.isatty():
                password = getpass.getpass(tr("程序密码："))
        except (EOFError, ValueError, OSError):
            password = None
    access.require(db, password)


UNSIGNED = N_("未署名")  # what the audit trail names when the CLI was told no operator


def operator_name(given: str | None = None) -> str:
    """Who the audit trail names for CLI changes: ``--operator``, else the name the GUI saved
    (services.settings.saved_operator), else GRIDOFFICE_OPERATOR, else 未署名 — never the
    computer's login name, which on an office PC says nothing about who made a change."""
    import os

    from gridoffice.services import settings

    if given and given.strip():
        return clean_operator(given, tr("请检查 --operator。"))
    saved = settings.saved_operator()
    if saved:
        return clean_operator(saved, tr("请在“设置”里改短。"))
    name = os.environ.get("GRIDOFFICE_OPERATOR")
    if name and name.strip():
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise UserError(tr("环境变量 GRIDOFFICE_OPERATOR 含有无法识别的字符（不是 UTF-8 编码），请重新设置。")) from None
        return clean_operator(name, tr("请检查 GRIDOFFICE_OPERATOR。"))
    return tr(UNSIGNED)


def clean_operator(name: str, where: str = "") -> str:
    """The operator's name as the audit trail keeps it (at most 50 characters, no control
    characters); ``where`` says where to fix a name that is too long."""
    cleaned = text.clean(name).strip()
    if len(cleaned) > OPERATOR_LIMIT:
        raise UserError(tr("操作员姓名太长：最多 {n} 个字。").format(n=OPERATOR_LIMIT) + where)
    return cleaned or tr(UNSIGNED)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def grid_id_of(db: Database, code: str | None) -> int | None:
    """The id of the grid with ``code`` (None when no code was given); an unknown code is
    ``scope.UnknownGrid``, a one-line user error."""
    if not code:
        return None
    from gridoffice.services.scope import grid_id_by_code

    return grid_id_by_code(db, code)

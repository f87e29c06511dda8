"""Checks on the parsed arguments that argparse does not make: text that is not valid UTF-8
(bytes from another encoding arrive as lone surrogates) and integers beyond what a database
column holds. Paths may carry any bytes the file system allows; every other argument must be
text."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gridoffice.cli.common import UserError
from gridoffice.i18n import tr

INT_LIMIT = 2**31 - 1  # the narrowest integer column (PostgreSQL INTEGER ids)
PATH_METAVARS = {"FILE", "DIR", "OUT.xlsx", "PATH|URL"}


def undecodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def leaf_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The (sub)parser that parsed the command's own arguments."""
    while True:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        name = getattr(args, subs[0].dest, None) if subs else None
        if not subs or name is None:
            return parser
        parser = subs[0].choices[name]


def _is_path(action: argparse.Action) -> bool:
    return action.dest == "db" or action.type is Path or action.metavar in PATH_METAVARS


def _name(action: argparse.Action) -> str:
    return action.option_strings[-1] if action.option_strings else str(action.metavar or action.dest)


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Raise UserError (one sentence) for an argument no command can use."""
    for action in leaf_parser(parser, args)._actions:
        value: Any = getattr(args, action.dest, None)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not _is_path(action) and undecodable(item):
                raise UserError(tr("参数 {name} 含有无法识别的字符（不是 UTF-8 编码的文字），请重新输入。").format(
                    name=_name(action)))
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) > INT_LIMIT:
                raise UserError(tr("参数 {name} 的数值太大：{value}").format(name=_name(action), value=item))

"""``gridoffice settings``: every setting declared in gridoffice/options.py, with its value —
the clerk's preferences as the GUI saved them, and the office's settings in the database."""

from __future__ import annotations

import argparse

from gridoffice import options
from gridoffice.cli.common import add_command, open_db, print_json
from gridoffice.i18n import tr
from gridoffice.services import settings


def register(subparsers) -> None:  # type: ignore[no-untyped-def]
    p = add_command(subparsers, "settings", tr("查看设置：本机的个人设置和数据库里的单位设置"))
    p.add_argument("--json", action="store_true", help=tr("输出 JSON"))
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    saved = options.read_preferences()
    shown = [(o, o.parse(saved.get(o.key))) for o in options.user_options()]
    db = open_db(args)
    try:
        shown += [(o, settings.value(db, o)) for o in options.office_options()]
    finally:
        db.close()
    if args.json:
        print_json([{"key": o.key, "label": tr(o.label), "scope": o.scope, "value": v} for o, v in shown])
        return 0
    for o, v in shown:
        print(f"{tr(o.label)}\t{o.key}\t{o.text(v)}".replace("\n", " / "))  # one line each
    return 0

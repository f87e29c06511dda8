"""``gridoffice`` command line. Without a command it starts the GUI.

Each command lives in its own module ``gridoffice/cli/<name>_cmd.py`` with
``register(subparsers)``; every such module is found and registered (so parallel features never
edit one shared list). Handlers return an exit code; a user error raises
``UserError`` (or a ``StoreError``) and is printed as one line, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from gridoffice import __version__
from gridoffice.cli import examples, zh_argparse
from gridoffice.cli.common import UserError, add_db_option
from gridoffice.i18n import tr
from gridoffice.services.errors import ServiceError
from gridoffice.store.errors import StoreError


def command_modules() -> list[str]:
    """``gridoffice.cli.*_cmd`` modules, in a stable order."""
    import pkgutil

    import gridoffice.cli as package

    return sorted(
        f"{package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(package.__path__)
        if info.name.endswith("_cmd")
    )


def build_parser() -> argparse.ArgumentParser:
    parser = zh_argparse.ArgumentParser(
        prog="gridoffice",
        description=tr("网格办公：村（社区）微网格工作台。不带命令时打开图形界面。"),
        epilog=examples.TOP,
    )
    parser.add_argument("--version", action="version", version=f"GridOffice {__version__}",
                        help=tr("显示版本号并退出"))
    add_db_option(parser, top_level=True)
    parser.add_argument("--demo", action="store_true", help=tr("打开演示村数据库（首次使用时自动生成）"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        importlib.import_module(name).register(subparsers)
    examples.attach(subparsers)
    return parser


def _configure_stdout() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass


def main(argv: list[str] | None = None) -> int:
    _configure_stdout()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from gridoffice.app import run_gui  # the GUI is only imported when it is wanted

        return run_gui(db_target=args.db, demo=args.demo)
    try:
        return int(args.handler(args) or 0)
    except (UserError, ServiceError, StoreError) as exc:
        print(tr("错误：{message}").format(message=exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(tr("已取消。"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (`gridoffice matters list | head`): not an error worth a traceback
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0

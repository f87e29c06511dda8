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


def _top_parser() -> argparse.ArgumentParser:
    parser = zh_argparse.ArgumentParser(
        prog="gridoffice",
        description=tr("网格办公：村（社区）微网格工作台。不带命令时打开图形界面。"),
        epilog=examples.TOP,
    )
    parser.add_argument("--version", action="version", version=f"GridOffice {__version__}",
                        help=tr("显示版本号并退出"))
    add_db_option(parser, top_level=True)
    parser.add_argument("--demo", action="store_true", help=tr("打开演示村数据库（首次使用时自动生成）"))
    return parser


def _gui_args(argv: list[str] | None) -> argparse.Namespace | None:
    """The options when no command is given (the GUI starts): parsed without importing the
    ~30 command modules (pinyin, openpyxl, reportlab: 2–3 s of start-up). None: a command, a
    help request or anything unusual — the full parser decides."""
    words = sys.argv[1:] if argv is None else argv
    if any(w in ("-h", "--help", "--version") for w in words):
        return None
    try:
        args, rest = _top_parser().parse_known_args(words)
    except SystemExit:
        return None
    return args if not rest else None


def _command_module(argv: list[str] | None) -> str | None:
    """``gridoffice.cli.poster_cmd`` for ``gridoffice --db x poster --all``: the one module to
    import when the command word names one (each module imports what its command needs —
    reportlab, openpyxl, pinyin —; importing all of them cost every command ~2 s)."""
    words = sys.argv[1:] if argv is None else argv
    try:
        _args, rest = _top_parser().parse_known_args([w for w in words if w not in ("-h", "--help")])
    except SystemExit:
        return None
    if not rest or rest[0].startswith("-"):
        return None
    name = f"{__name__}.{rest[0]}_cmd"
    return name if name in command_modules() else None


def build_parser(argv: list[str] | None = None, *, every_command: bool = True) -> argparse.ArgumentParser:
    parser = _top_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    only = None if every_command else _command_module(argv)
    for name in [only] if only else command_modules():
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
    gui = _gui_args(argv)
    args = gui if gui is not None else build_parser(argv, every_command=False).parse_args(argv)
    from gridoffice.store import outputs

    outputs.private_files()
    outputs.sweep_at_start()
    if getattr(args, "command", None) is None:
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

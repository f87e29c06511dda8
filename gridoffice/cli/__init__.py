"""``gridoffice`` command line. Without a command it starts the GUI.

Each command lives in its own module ``gridoffice/cli/<name>_cmd.py`` with
``register(subparsers)``; every such module is found and registered (so parallel features never
edit one shared list). Handlers return an exit code; a user error raises
a ``domain.errors.Refusal`` (``UserError``, ``ServiceError``, ``StoreError``…) and is printed as one
line with exit 2, its detail going to the rotating log; a bug is one line naming the log, exit 1.
Never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import NoReturn

from gridoffice import __version__
from gridoffice.cli import examples, zh_argparse
from gridoffice.cli.arguments import check_arguments
from gridoffice.cli.common import add_db_option
from gridoffice.domain.errors import Refusal
from gridoffice.i18n import tr
from gridoffice.logs import setup_logging
from gridoffice.store.errors import translate

log = logging.getLogger(__name__)


def command_modules() -> list[str]:
    """``gridoffice.cli.*_cmd`` modules, in a stable order."""
    import pkgutil

    import gridoffice.cli as package

    return sorted(
        f"{package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(package.__path__)
        if info.name.endswith("_cmd")
    )


class _Parser(zh_argparse.ArgumentParser):
    """Chinese throughout (zh_argparse); a usage mistake is one line on stderr (with where to
    find the usage), exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, tr("错误：{message}（用法见 {prog} --help）").format(message=message, prog=self.prog) + "\n")


def _top_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gridoffice",
        description=tr("网格办公：村（社区）微网格工作台。不带命令时打开图形界面。"),
        epilog=examples.TOP,
    )
    parser.add_argument("--version", action="version", version=f"GridOffice {__version__}",
                        help=tr("显示版本号并退出"))
    add_db_option(parser, top_level=True)
    parser.add_argument("--demo", action="store_true", help=tr("打开演示村数据库（首次使用时自动生成）"))
    parser.add_argument("--operator", dest="as_operator", metavar="姓名",
                        help=tr("操作日志里记下的操作员；默认取图形界面里保存的姓名，"
                                "其次 GRIDOFFICE_OPERATOR，都没有时记为“未署名”"))
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


def _one_line(text: object) -> str:
    """One printable line: undecodable bytes of a path shown as �, line breaks as spaces."""
    shown = str(text).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return " ".join(shown.split())


def main(argv: list[str] | None = None) -> int:
    _configure_stdout()
    log_path = setup_logging()  # the file only: stderr carries the one line for the user
    gui = _gui_args(argv)
    parser = None if gui is not None else build_parser(argv, every_command=False)
    args = gui if parser is None else parser.parse_args(argv)
    from gridoffice.store import outputs

    outputs.private_files()
    outputs.sweep_at_start()
    if parser is None or getattr(args, "command", None) is None:
        from gridoffice.app import run_gui  # the GUI is only imported when it is wanted

        return run_gui(db_target=args.db, demo=args.demo)  # type: ignore[union-attr]
    try:
        check_arguments(parser, args)  # type: ignore[arg-type]
        return int(args.handler(args) or 0)  # type: ignore[union-attr]
    except Refusal as exc:
        log.warning("gridoffice %s: %s: %s %s", args.command, type(exc).__name__, _one_line(exc), _one_line(exc.detail))  # type: ignore[union-attr]
        print(tr("错误：{message}").format(message=_one_line(exc.for_cli())), file=sys.stderr)
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
    except Exception as exc:
        known = translate(exc)
        if known is not None:  # a database error that reached here unwrapped
            log.warning("gridoffice %s: %s", args.command, _one_line(known.detail or exc))  # type: ignore[union-attr]
            print(tr("错误：{message}").format(message=_one_line(str(known))), file=sys.stderr)
            return 2
        log.exception("gridoffice %s: unexpected error", args.command)  # type: ignore[union-attr]
        where = tr("详情已记入日志：{path}").format(path=log_path) if log_path else ""
        print(_one_line(tr("程序出错：{error}。{where}").format(error=f"{type(exc).__name__}: {exc}", where=where)),
              file=sys.stderr)
        return 1

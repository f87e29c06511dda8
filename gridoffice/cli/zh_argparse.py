"""argparse in Chinese: its own words (用法、位置参数、选项、-h 的说明、错误前缀和出错说明).

argparse looks its strings up through the module-level ``_`` / ``ngettext`` (gettext). The
parser class below swaps them for a Chinese table while it builds, parses and formats, and puts
them back afterwards, so nothing else in the process (pytest's own parser) is affected."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(type)s 值无效：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项有歧义：%(option)s 可以是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "ignored explicit argument %r": "多余的值 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有命令 %(parser_name)r（可用：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "打不开“%(filename)s”：%(error)s",
    "unexpected option string: %s": "意外的选项：%s",
    "%r is not callable": "%r 不可调用",
}


_HEADING = re.compile(r"^(\S[^\n]*[\u4e00-\u9fff）]):$", re.MULTILINE)


def _zh(text: str) -> str:
    return ZH.get(text, text)


def _zh_n(singular: str, plural: str, n: int) -> str:
    return _zh(singular if n == 1 else plural)


@contextmanager
def chinese() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _zh, _zh_n  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of the examples (epilog); "用法：" instead of "usage: "."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else ZH["usage: "])

    def format_help(self) -> str:
        # section headings: "位置参数：" with a Chinese colon, as the rest of the text
        return _HEADING.sub(r"\1：", super().format_help())


TYPE_NAMES = {"int": "整数", "float": "数"}  # argparse names the type function in its error


class ArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        with chinese():
            super().__init__(*args, **kwargs)

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        """“abc”不是整数, not argparse's "int 值无效：'abc'"."""
        func = self._registry_get("type", action.type, action.type)
        name = TYPE_NAMES.get(getattr(func, "__name__", ""))
        if name is None:
            return super()._get_value(action, arg_string)
        try:
            return func(arg_string)
        except (TypeError, ValueError):
            raise argparse.ArgumentError(action, f"“{arg_string}”不是{name}") from None

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        with chinese():
            return super().add_argument(*args, **kwargs)

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with chinese():
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with chinese():
            return super().parse_known_args(*args, **kwargs)

    def format_usage(self) -> str:
        with chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with chinese():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with chinese():
            super().error(message)

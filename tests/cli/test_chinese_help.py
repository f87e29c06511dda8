"""The command line speaks Chinese throughout, argparse's own words included."""

import argparse

import pytest

from gridoffice.cli import build_parser, main

ENGLISH = ("usage:", "positional arguments", "optional arguments", "options:", "show this help",
           "show program's version", "error:", "invalid choice", "the following arguments")


def _parsers(parser, path=()):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def test_every_help_is_chinese_and_top_level_commands_show_examples():
    parsers = list(_parsers(build_parser()))
    assert len(parsers) > 30
    for path, parser in parsers:
        text = parser.format_help()
        assert not [w for w in ENGLISH if w in text], (path, text)
        assert text.startswith("用法：")
        if len(path) <= 1:
            assert "例：\n  gridoffice" in text, path


def test_gridoffice_help_exits_cleanly_in_chinese(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "用法：gridoffice" in out and "位置参数：" in out and "选项：" in out and "显示本帮助并退出" in out


@pytest.mark.parametrize("argv, said", [
    (["stats", "--bogus"], "不认识的参数：--bogus"),
    (["demo", "--scale", "town"], "无效的选择"),
    (["export"], "缺少必需的参数"),
    (["nothing"], "无效的选择"),
])
def test_argument_errors_are_chinese_and_exit_2(capsys, argv, said):
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "错误：" in err and not [w for w in ENGLISH if w in err]


def test_argparse_is_left_alone_for_everyone_else():
    build_parser().format_help()
    other = argparse.ArgumentParser(prog="x")
    assert "usage:" in other.format_help() and "show this help" in other.format_help()

"""A clerk in the GUI never reads a command-line flag or command she cannot follow.

Every sentence the services, the store, the domain and the writers say (each ``tr()`` / ``N_()``
string there) names no ``--flag`` and no ``gridoffice <command>``: what to type goes in the CLI
hint (``hint_cli=``, ``hints(cli=…)``, ``cli_only(…)``), what to press in the GUI hint
(``domain.errors.Hinted``). No string of ui/ names one either, and ui/ shows a refusal through
``ui.errors.sentence`` / ``for_gui()``, never ``str(err)``. Checked on the source, so a new
sentence is checked too."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

from gridoffice.domain.errors import Refusal
from gridoffice.services import errors as service_errors
from gridoffice.services.exchange import hints

PACKAGE = Path(__file__).parents[2] / "gridoffice"
SAYING = [PACKAGE / part for part in ("services", "store", "domain", "exports")]
CLI_WORDS = re.compile(r"--[a-z]|gridoffice [a-z]|package [a-z-]+ ")
TRANSLATED = {"tr", "N_", "_t", "translate"}


@functools.cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _strings(node: ast.AST) -> list[ast.Constant]:
    return [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _cli_hints(tree: ast.AST) -> set[int]:
    """The string constants said on the command line only."""
    only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "hint_cli" or (kw.arg == "cli" and _name(node.func) == "hints"):
                    only |= {id(n) for n in _strings(kw.value)}
            if _name(node.func) == "cli_only":
                only |= {id(n) for arg in node.args for n in _strings(arg)}
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "hint_cli":
                    only |= {id(n) for n in _strings(value)}
    return only


def _said(paths: list[Path]) -> set[tuple[str, int, str]]:
    """Every translated string of these folders, and every string a raised error is made of,
    that is not a CLI hint."""
    found: set[tuple[str, int, str]] = set()
    for folder in paths:
        for path in sorted(folder.rglob("*.py")):
            tree = _tree(path)
            cli = _cli_hints(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                    found |= {(str(path.relative_to(PACKAGE)), n.lineno, n.value)
                              for n in _strings(node.exc.args[0]) if id(n) not in cli}
                if isinstance(node, ast.Call) and _name(node.func) in TRANSLATED:
                    found |= {(str(path.relative_to(PACKAGE)), n.lineno, n.value)
                              for n in _strings(node) if id(n) not in cli}
    return found


def _ui_strings() -> list[tuple[str, int, str]]:
    """Every string constant of ui/ and app.py but docstrings."""
    found = []
    for path in [*sorted((PACKAGE / "ui").rglob("*.py")), PACKAGE / "app.py"]:
        tree = _tree(path)
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        found += [(str(path.relative_to(PACKAGE)), n.lineno, n.value) for n in _strings(tree) if id(n) not in docs]
    return found


def test_no_sentence_of_the_services_names_a_cli_flag():
    said = _said(SAYING)
    assert len(said) > 1000  # the scan sees the sentences
    assert any(CLI_WORDS.search(t) for _f, _l, t in _said([PACKAGE / "cli"]))  # and would see one
    bad = [s for s in said if CLI_WORDS.search(s[2])]
    assert not bad, bad


def test_the_cli_hints_are_seen_as_such():
    tree = _tree(PACKAGE / "services" / "fill" / "core.py")
    only = [n.value for n in _strings(tree) if id(n) in _cli_hints(tree)]
    assert any("--existing" in text for text in only) and any("--map" in text for text in only)


def test_no_string_of_the_gui_names_a_cli_flag():
    strings = _ui_strings()
    assert len(strings) > 2000
    bad = [s for s in strings if CLI_WORDS.search(s[2])]
    assert not bad, bad


def test_the_gui_shows_a_refusal_with_its_gui_hint():
    """``str(err)`` is the sentence without the GUI hint: ui/ shows ``sentence(err)`` instead
    (ui/errors.py itself turns an unexpected error into text)."""
    shown = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        if path.name == "errors.py" and path.parent.name == "ui":
            continue
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and _name(node.func) == "str" and len(node.args) == 1 \
                    and isinstance(node.args[0], ast.Name) and node.args[0].id in ("exc", "err", "error", "e"):
                shown.append((str(path.relative_to(PACKAGE)), node.lineno))
            if isinstance(node, ast.Attribute) and node.attr == "message" and isinstance(node.value, ast.Name) \
                    and node.value.id in ("exc", "err", "error", "e"):
                shown.append((str(path.relative_to(PACKAGE)), node.lineno))
    assert not shown, shown


@pytest.mark.parametrize("hint", [hints.force(), hints.rekey("510124100201", "x.gopkg"), hints.street_key(),
                                  hints.office_key(), hints.cli_only("--x"),
                                  service_errors.hints(cli="（--existing below）", gui="请选一项。")])
def test_gui_hints_name_no_flag_and_cli_hints_do(hint):
    refusal = Refusal("一句话。", **hint)
    assert "--" not in refusal.for_gui() and "gridoffice " not in refusal.for_gui()
    assert refusal.for_cli().startswith("一句话。") and refusal.for_cli() != "一句话。"

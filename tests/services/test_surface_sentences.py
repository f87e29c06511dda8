"""A clerk never sees a command-line flag: every refusal raised in services/exchange says its
sentence without one (``--force``, ``gridoffice package …``); what to type goes in ``hint_cli``,
what to press in ``hint_gui`` (domain.errors.Refusal). Checked on the source, so a new refusal
is checked too."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from gridoffice.domain.errors import Refusal
from gridoffice.services.exchange import hints

EXCHANGE = Path(__file__).parents[2] / "gridoffice" / "services" / "exchange"
CLI_WORDS = re.compile(r"--[a-z]|gridoffice [a-z]|package [a-z-]+ ")


def _sentences(call: ast.Call) -> list[str]:
    """The string constants of a raised error's message (its first argument, through .format)."""
    if not call.args:
        return []
    return [n.value for n in ast.walk(call.args[0]) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _raised() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(EXCHANGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                found += [(path.name, node.lineno, text) for text in _sentences(node.exc)]
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                    and isinstance(node.value.func, ast.Name) and node.value.func.id.endswith(("Changed", "Error")):
                found += [(path.name, node.lineno, text) for text in _sentences(node.value)]
    return found


def test_no_exchange_refusal_names_a_cli_flag():
    raised = _raised()
    assert len(raised) > 40  # the scan sees the refusals
    bad = [r for r in raised if CLI_WORDS.search(r[2])]
    assert not bad, bad


@pytest.mark.parametrize("hint", [hints.force(), hints.rekey("510124100201", "x.gopkg"), hints.street_key(),
                                  hints.office_key(), hints.cli_only("--x")])
def test_gui_hints_name_no_flag_and_cli_hints_do(hint):
    refusal = Refusal("一句话。", **hint)
    assert "--" not in refusal.for_gui() and "gridoffice " not in refusal.for_gui()
    assert refusal.for_cli().startswith("一句话。") and refusal.for_cli() != "一句话。"

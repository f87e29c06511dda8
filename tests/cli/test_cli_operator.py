"""Who the CLI names in the audit trail: --operator, else the name the GUI saved, else
GRIDOFFICE_OPERATOR, else 未署名 — never the computer's login name (issue 18)."""

from __future__ import annotations

import json
import os

import pytest

from gridoffice import paths
from gridoffice.cli import main
from gridoffice.services import settings

pytestmark = pytest.mark.sqlite
GRID = "YMC-01-01"


def _matter_by(capsys, village_path, *before: str) -> str:  # type: ignore[no-untyped-def]
    """Adds a matter through the CLI and returns the operator the audit trail names for it."""
    code = main([*before, "matters", "add", "--db", str(village_path), "--category", "求助",
                 "--description", "路灯坏了", "--grid", GRID])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["audit", "--db", str(village_path), "--json", "--limit", "1"]) == 0
    return str(json.loads(capsys.readouterr().out)["events"][0]["operator"])


def _save_gui_operator(name: str) -> None:
    """What the GUI writes (QSettings' INI): a name with a comma is quoted."""
    (paths.data_dir() / settings.PREFERENCES).write_text(
        f"[General]\nlanguage=zh_CN\noperator={name}\n\n[display]\nmasked=true\n", encoding="utf-8")


def test_nothing_given_is_unsigned_never_the_login(capsys, village_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GRIDOFFICE_OPERATOR", raising=False)
    monkeypatch.setenv("USER", "root")
    monkeypatch.setenv("LOGNAME", "root")
    assert _matter_by(capsys, village_path) == "未署名"


def test_environment_then_saved_name_then_option(capsys, village_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GRIDOFFICE_OPERATOR", "脚本")
    assert _matter_by(capsys, village_path) == "脚本"
    _save_gui_operator("王文书")
    assert _matter_by(capsys, village_path) == "王文书"  # the clerk who uses this PC's GUI
    assert _matter_by(capsys, village_path, "--operator", "李主任") == "李主任"


def test_saved_name_quoted_by_qsettings(monkeypatch):  # type: ignore[no-untyped-def]
    _save_gui_operator('"王文书, 李"')
    assert settings.saved_operator() == "王文书, 李"
    (paths.data_dir() / settings.PREFERENCES).write_bytes(b"\xff\xfe[General\n")
    assert settings.saved_operator() == ""


def test_too_long_operator_is_one_line(capsys, village_path):  # type: ignore[no-untyped-def]
    code = main(["--operator", "长" * 60, "matters", "list", "--db", str(village_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--operator" in err


def test_the_gui_setting_and_the_cli_read_the_same_file(qapp):  # type: ignore[no-untyped-def]
    from gridoffice.ui import settings as ui_settings

    ui_settings.put(ui_settings.OPERATOR, "赵会计")
    assert settings.saved_operator() == "赵会计" == ui_settings.operator()
    assert os.path.basename(ui_settings.user_settings().fileName()) == settings.PREFERENCES

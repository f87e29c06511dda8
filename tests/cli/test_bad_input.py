"""Every CLI command and subcommand, found from the parser, run with bad input: each must end
with exit 2 and one line on stderr, never a traceback (issues 14 and 16)."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import pytest

from gridoffice.cli import build_parser, main

DATA = Path(__file__).resolve().parents[1] / "data"
pytestmark = pytest.mark.sqlite

PERSON = "510112197809255087"  # 朱华素 in the demo village (seed 0)
GRID = "YMC-01-01"

# A valid invocation of every leaf command ({out} is replaced by a fresh output path); a new
# command without an entry here fails test_every_command_has_a_valid_invocation.
VALID: dict[str, list[str]] = {
    "audit": ["--limit", "3"],
    "backup": ["--to", "{dir}"],
    "campaign create": ["--name", "爱心包", "--on", "2023-01-07", "--min-age", "80"],
    "campaign list": [],
    "campaign status": ["1"],
    "campaign packing": ["1"],
    "campaign handout": ["1", "--person", PERSON, "--by", "张三"],
    "campaign refresh": ["1", "--on", "2023-01-07"],
    "briefing": ["--from", "2023-01-01", "--to", "2023-01-07", "--grid", GRID, "--out", "{out}.pdf"],
    "chart": ["--out", "{out}.pdf"],
    "db upgrade": [],
    "db version": [],
    "demo": [],
    "export": ["staff", "--out", "{out}.xlsx", "--grid", GRID],
    "fill": [str(DATA / "fill_grids.xlsx"), "--out", "{out}.xlsx", "--on", "2023-01-07", "--campaign", "1"],
    "find": ["朱华素"],
    "grids list": [],
    "grids check": [],
    "grids assign": ["--to", GRID, "--doors", "1-2", "--dry-run"],
    "grids roster": [],
    "grids add": ["--parent", "YMC-01", "--level", "micro", "--code", "YMC-01-99", "--name", "新网格"],
    "grids edit": [GRID, "--name", "第1微网格"],
    "grids move": [GRID, "--to", "YMC-02"],
    "grids merge": [GRID, "YMC-01-02"],
    "grids split": [GRID, "--code", "YMC-01-98", "--name", "分出", "--doors", "1-2"],
    "health tiers": ["--grid", GRID, "--on", "2023-01-07", "--json"],
    "health rules": ["--set", "vaccine", "未全程", "2"],
    "health cards": ["--grid", GRID, "--out", "{out}.pdf", "--on", "2023-01-07"],
    "health calls": ["--grid", GRID, "--out", "{out}.pdf", "--on", "2023-01-07"],
    "health call": ["--person", PERSON, "--not-reached", "--by", "张三", "--note", "没人接", "--date", "2023-01-07"],
    "health snapshot": ["--on", "2023-01-07"],
    "health mobile": ["--grid", GRID, "--on", "2023-01-07"],
    "health sign": ["--person", PERSON, "--date", "2023-01-07"],
    "health signing": ["--grid", GRID, "--on", "2023-01-07", "--days", "30"],
    "services record": ["--household", "YMC01012", "--type", "送医到家", "--date", "2023-01-07", "--by", "张三"],
    "services counts": ["--grid", GRID, "--month", "2023-01-07"],
    "import": ["{roster}", "--dry-run"],
    "medicine list": ["--expiring", "--on", "2023-01-07", "--json"],
    "medicine in": ["--item", "布洛芬缓释胶囊", "--qty", "5", "--expiry", "2030-06-30", "--from", "爱心药店",
                    "--date", "2023-01-07"],
    "medicine out": ["--item", "布洛芬缓释胶囊", "--qty", "1", "--to-person", PERSON, "--by", "张三"],
    "medicine discard": ["--item", "1", "--qty", "1", "--by", "张三"],
    "medicine log": ["--from", "2023-01-01", "--to", "2023-01-31", "--grid", GRID, "--json"],
    "matters list": [],
    "matters add": ["--category", "求助", "--description", "路灯坏了", "--grid", GRID],
    "matters start": ["1"],
    "matters close": ["1", "--outcome", "已修好"],
    "matters transfer": ["1", "--to", "张三"],
    "matters stats": [],
    "package approve": ["--office", "510124100201", "--period", "2026-11"],
    "package approvals": [],
    "package conflicts": [],
    "package doubles": ["--campaign", "1"],
    "package export": ["--out", "{out}.gopkg", "--full"],
    "package key": ["--export", "{out}.gokey"],
    "package import": ["{roster}", "--dry-run"],
    "package peer": ["--rekey", "510124100201", "--from-package", "{roster}"],
    "package receipt": ["{roster}"],
    "package resolve": ["1", "--keep", "ours"],
    "package status": [],
    "package street-key": [],
    "package summary": ["--period", "2026-11"],
    "package trust": ["{roster}"],
    "settings": [],
    "poster": ["--grid", GRID, "--out", "{dir}"],
    "restore": ["{backup}", "--yes"],
    "stats": [],
    "visits due": [],
    "visits record": ["--household", "1", "--visitor", "张三"],
    "visits rules": [],
}


def leaf_parsers() -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found[" ".join(path)] = parser
            return
        for name, child in subs[0].choices.items():
            walk(child, [*path, name])

    walk(build_parser(), [])
    return found


LEAVES = leaf_parsers()

BAD_DATES = ["0001-01-01", "9999-12-31", "2023-02-30", "2023-13-01", "\udcff\udcfe"]
BAD_INTS = ["99999999999999999999999", "-99999999999999999999999", "9999999999", "\udcff"]
GRID_DESTS = {"grid", "community", "parent", "to", "from_grid", "under", "within", "target", "sources",
              "children"}
UNKNOWN_GRID = ["NOPE", "\udcff\udcfe", "N" * 5000]
PERSON_DESTS = {"person", "household"}
UNKNOWN_PERSON = ["NOPE", "999999999999999999", "\udcff"]


def mutations(command: str) -> list[tuple[str, list[str]]]:
    """(label, argv) pairs that must each be refused with one line and exit 2."""
    parser = LEAVES[command]
    valid = VALID[command]
    words = command.split()
    cases: list[tuple[str, list[str]]] = []

    def replaced(action: argparse.Action, value: str) -> list[str]:
        if not action.option_strings:  # a positional: replace the first valid value of it
            if action.dest == "sources":
                return [*valid[:1], value]
            out = list(valid)
            positional_index = [a.dest for a in parser._actions if not a.option_strings and a.dest != "help"]
            index = positional_index.index(action.dest)
            out[index] = value
            return out
        option = action.option_strings[-1]
        out = list(valid)
        if option in out:
            i = out.index(option)
            out[i + 1] = value
            return out
        return [*out, option, value]

    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or action.dest == "db" or action.nargs == 0:
            continue
        kind = getattr(action.type, "__name__", "")
        values: list[str] = []
        if kind == "date_arg":
            values = BAD_DATES
        elif action.type is int or kind.endswith("int_arg"):
            values = BAD_INTS
        elif action.dest in GRID_DESTS and command not in ("matters transfer", "backup"):
            values = UNKNOWN_GRID
        elif action.dest in PERSON_DESTS and command != "audit":
            values = UNKNOWN_PERSON
        if action.dest == "id" and words[0] in ("campaign", "matters"):
            values = [*BAD_INTS, "4242"]
        for value in values:
            cases.append((f"{action.dest}={value[:12]!r}", [*words, *replaced(action, value)]))
    for label, db in DB_VARIANTS:
        if command in ("demo", "import") and label in ("missing", "directory-parent", "empty", "undecodable"):
            continue  # these two make databases: a new or empty file is theirs to fill
        cases.append((f"db={label}", [*words, *valid, "--db", db]))
    return cases


DB_VARIANTS = [
    ("bogus-scheme", "bogus://x"),
    ("mysql", "mysql://user@localhost/db"),
    ("missing", "{tmp}/missing.db"),
    ("directory", "{tmp}"),
    ("directory-parent", "{tmp}/nowhere/x.db"),
    ("empty", "{empty}"),
    ("text-file", "{text}"),
    ("undecodable", "{tmp}/\udcff.db"),
]


@pytest.fixture(autouse=True)
def _run_in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad value such as `backup --to NOPE` is a relative folder: it must land in tmp, not the checkout."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def files(tmp_path: Path, village_path: Path) -> dict[str, str]:
    from gridoffice.services.campaigns import core as campaigns  # noqa: F401 - make sure the module imports

    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    text = tmp_path / "notes.db"
    text.write_text("这不是数据库\n", encoding="utf-8")
    roster = tmp_path / "roster.xlsx"
    shutil.copyfile(DATA / "roster_sample.xlsx", roster)
    backup = tmp_path / "backup.db"
    shutil.copyfile(village_path, backup)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    return {"tmp": str(tmp_path), "empty": str(empty), "text": str(text), "roster": str(roster),
            "backup": str(backup), "dir": str(out_dir), "out": str(out_dir / "result"), "db": str(village_path)}


def fill(argv: list[str], files: dict[str, str]) -> list[str]:
    return [word.format(**files) if "{" in word else word for word in argv]


def run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    _, err = capsys.readouterr()
    return code, err


def test_every_command_has_a_valid_invocation():
    assert set(LEAVES) == set(VALID)


CASES = [(command, label, argv) for command in sorted(VALID) for label, argv in mutations(command)]


@pytest.mark.parametrize(("command", "label", "argv"), CASES, ids=[f"{c}:{label}" for c, label, _ in CASES])
def test_bad_input_is_one_line_and_exit_2(capsys, files, monkeypatch, command, label, argv):
    monkeypatch.setenv("GRIDOFFICE_DB", files["db"])
    argv = fill(argv, files)
    code, err = run(capsys, argv)
    assert "Traceback" not in err
    assert code == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err


def test_undecodable_operator_is_one_line(capsys, files, monkeypatch):
    monkeypatch.setenv("GRIDOFFICE_OPERATOR", "\udcff\udcfe")
    code, err = run(capsys, ["matters", "add", "--db", files["db"], "--category", "求助", "--description", "路灯"])
    assert code == 2 and err.count("\n") == 1 and "GRIDOFFICE_OPERATOR" in err


def test_real_process_with_undecodable_bytes(files):
    """Through the real entry point: bytes that are not UTF-8 in argv and in the environment."""
    import subprocess
    import sys

    env = {**os.environ, "GRIDOFFICE_OPERATOR": "ok", "PYTHONIOENCODING": "utf-8"}
    argv = [sys.executable, "-m", "gridoffice", "find", b"\xff\xfe", "--db", files["db"]]
    done = subprocess.run(argv, capture_output=True, env=env, timeout=120)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2 and "Traceback" not in err and err.count("\n") == 1, err
    env["GRIDOFFICE_OPERATOR"] = os.fsdecode(b"\xb2\xe2")  # GBK bytes
    argv = [sys.executable, "-m", "gridoffice", "campaign", "create", "--db", files["db"], "--name", "x",
            "--on", "2023-01-07", "--min-age", "80"]
    done = subprocess.run(argv, capture_output=True, env=env, timeout=120)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2 and "Traceback" not in err and err.count("\n") == 1, err


def test_over_long_text_is_refused_with_a_sentence(capsys, files):
    code, err = run(capsys, ["campaign", "create", "--db", files["db"], "--name", "包" * 5000, "--on", "2023-01-07",
                             "--min-age", "80"])
    assert code == 2 and err.count("\n") == 1 and "太长" in err and "5000" in err
    code, err = run(capsys, ["matters", "add", "--db", files["db"], "--category", "求助", "--description", "坏" * 2001])
    assert code == 2 and "2000" in err


def test_control_and_direction_characters_are_stripped(capsys, files):
    name = "王\x00五\x1b[31m\u202e六"
    code, err = run(capsys, ["grids", "edit", GRID, "--db", files["db"], "--name", name])
    assert code == 0, err
    code, _ = run(capsys, ["grids", "list", "--db", files["db"]])
    code = main(["grids", "list", "--db", files["db"]])
    out = capsys.readouterr().out
    assert "王五[31m六" in out and "\x00" not in out and "\x1b" not in out and "\u202e" not in out


def log_text() -> str:
    """The CLI's rotating log (set up by the first main() of this process)."""
    import logging.handlers

    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logging.handlers.RotatingFileHandler))
    handler.flush()
    return Path(handler.baseFilename).read_text(encoding="utf-8")


def test_a_bug_is_one_line_naming_the_log(capsys, files, monkeypatch):
    from gridoffice.services import stats

    def broken(*_args, **_kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(stats, "counts", broken)
    code, err = run(capsys, ["stats", "--db", files["db"]])
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err and "gridoffice.log" in err
    assert "Traceback" in log_text()


def test_refusals_are_logged_with_their_detail(capsys, files):
    code, _ = run(capsys, ["stats", "--db", files["text"]])
    assert code == 2
    assert "NotADatabase" in log_text()


def test_an_empty_file_stays_empty_and_a_foreign_database_untouched(capsys, files, tmp_path):
    import sqlite3

    code, err = run(capsys, ["stats", "--db", files["empty"]])
    assert code == 2 and "空" in err
    assert Path(files["empty"]).stat().st_size == 0
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    before = foreign.read_bytes()
    code, err = run(capsys, ["stats", "--db", str(foreign)])
    assert code == 2 and "不是网格办公的数据库" in err
    assert foreign.read_bytes() == before  # still in rollback-journal mode, not switched to WAL
    assert not Path(str(foreign) + "-wal").exists()


def test_unreadable_database_file(capsys, files):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = Path(files["backup"])
    path.chmod(0)
    try:
        code, err = run(capsys, ["stats", "--db", str(path)])
    finally:
        path.chmod(0o600)
    assert code == 2 and err.count("\n") == 1


def test_audit_masked_masks_numbers_in_free_text(capsys, files):
    code, err = run(capsys, ["matters", "add", "--db", files["db"], "--category", "求助", "--grid", GRID,
                             "--description", "其他电话：+86 130 2635 5705，身份证 5101 2419 9001 0112 34"])
    assert code == 0, err
    assert main(["audit", "--db", files["db"], "--masked", "--json", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "2635" not in out and "19900101" not in out.replace(" ", "")
    assert main(["audit", "--db", files["db"], "--json", "--limit", "5"]) == 0  # unmasked for the clerk
    assert "2635" in capsys.readouterr().out


@pytest.mark.parametrize("ledger", ["visits", "matters", "audit", "roster", "key-populations"])
def test_export_of_an_unknown_grid_is_one_line(capsys, files, ledger):
    """`export visits --grid NOPE` printed a 19-line traceback (issue 16)."""
    code, err = run(capsys, ["export", ledger, "--db", files["db"], "--grid", "NOPE", "--out", files["out"] + ".xlsx"])
    assert code == 2 and err.count("\n") == 1 and "NOPE" in err, err

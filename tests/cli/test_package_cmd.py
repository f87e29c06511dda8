"""``gridoffice package …`` (issue 19): the contract the street desk and the tests use, through
the CLI entry point with real files — a village sends, the street registers and imports, the
receipt goes back, the JSON shapes hold."""

from __future__ import annotations

import json
import shutil

import pytest

from gridoffice.cli import main
from gridoffice.store import Database

pytestmark = pytest.mark.sqlite


def _run(capsys, *argv: str) -> tuple[int, dict | list | str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out = capsys.readouterr().out
    try:
        return code, json.loads(out)
    except json.JSONDecodeError:
        return code, out


def test_a_village_sends_and_the_street_receives(capsys, tmp_path, village_path):
    village = str(village_path)
    street = tmp_path / "street.db"
    Database.open(str(street)).close()
    package = tmp_path / "village.gopkg"
    code, out = _run(capsys, "package", "export", "--db", village, "--out", str(package), "--full",
                     "--level", "full", "--json")
    assert code == 0 and out["seq"] == 1 and out["counts"]["person"] > 4000 and len(out["sha256"]) == 64
    assert main(["package", "import", str(package), "--db", str(street), "--dry-run"]) == 2  # not registered
    assert "package trust" in capsys.readouterr().err
    code, out = _run(capsys, "package", "trust", str(package), "--db", str(street), "--json")
    assert code == 0 and out["registered"] is False and len(out["fingerprint"]) == 39
    code, out = _run(capsys, "package", "trust", str(package), "--db", str(street), "--yes", "--json")
    assert out["registered"] is True
    code, dry = _run(capsys, "package", "import", str(package), "--db", str(street), "--dry-run", "--json")
    assert code == 0 and dry["dry_run"] and dry["receipt"] is None
    assert set(dry) >= {"added", "updated", "unchanged", "conflicts", "refused"}
    assert dry["added"]["person"] == out_persons(village) and dry["refused"] == []
    assert main(["package", "import", str(package), "--db", str(street), "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "新增：" in text and "居民 " in text and "person" not in text  # the tables as a clerk names them
    code, done = _run(capsys, "package", "import", str(package), "--db", str(street), "--json")
    assert done["added"] == dry["added"] and done["receipt"]
    code, again = _run(capsys, "package", "import", str(package), "--db", str(street), "--json")
    assert again["already_imported"] and sum(again["updated"].values()) == 0
    code, status = _run(capsys, "package", "status", "--db", str(street), "--json")
    assert [p["last_seq"] for p in status["peers"]] == [1]
    code, _ = _run(capsys, "package", "receipt", done["receipt"], "--db", village)
    assert code == 2  # the village has not registered the street yet
    _run(capsys, "package", "trust", done["receipt"], "--db", village, "--yes")
    code, ack = _run(capsys, "package", "receipt", done["receipt"], "--db", village, "--json")
    assert code == 0 and ack["seq"] == 1 and ack["new"]
    code, sent = _run(capsys, "package", "status", "--db", village, "--json")
    assert sent["sent"][0]["acknowledged"]
    code, conflicts = _run(capsys, "package", "conflicts", "--db", str(street), "--json")
    assert conflicts == []
    assert main(["package", "resolve", "1", "--keep", "ours", "--db", str(street)]) == 2
    delta = tmp_path / "delta.gopkg"
    code, out = _run(capsys, "package", "export", "--db", village, "--out", str(delta), "--level", "full", "--json")
    assert out["seq"] == 2 and sum(out["counts"].values()) == 0  # nothing changed since the receipt


def out_persons(village: str) -> int:
    import sqlite3

    with sqlite3.connect(village) as conn:
        return conn.execute("SELECT count(*) FROM person").fetchone()[0]


def test_the_copy_is_not_the_database(capsys, tmp_path, village_path):
    """The output guard: a package is never written over the open database."""
    target = tmp_path / "copy.db"
    shutil.copyfile(village_path, target)
    assert main(["package", "export", "--db", str(village_path), "--out", str(village_path)]) == 2


def test_the_cover_sheet_names_the_package_hash(capsys, tmp_path, village_path):
    from tests.pdfread import read

    package, cover = tmp_path / "p.gopkg", tmp_path / "封面.pdf"
    code, out = _run(capsys, "package", "export", "--db", str(village_path), "--out", str(package), "--full",
                     "--cover", str(cover), "--json")
    assert code == 0
    text = read(cover).text
    assert out["sha256"] in text.replace("\n", "")  # on one line, never wrapped
    assert "数据报送封面" in text and str(out["counts"]["grid"]) in text


def test_a_household_moves_by_the_cli(capsys, tmp_path, village_path):
    """``package export --household 户号 --to-office`` marks it moved out here; ``package import``
    at the new village takes it in (undoable at the old one, refused without a destination)."""
    import sqlite3

    with sqlite3.connect(village_path) as conn:
        number = conn.execute("SELECT h.number FROM household h JOIN person p ON p.household_id = h.id "
                              "WHERE p.status = '在册' ORDER BY h.id LIMIT 1").fetchone()[0]
    new = tmp_path / "new.db"
    Database.open(str(new)).close()
    move = tmp_path / "move.gopkg"
    assert main(["package", "export", "--db", str(village_path), "--household", number, "--out", str(move)]) == 2
    assert "--to-office" in capsys.readouterr().err
    code, out = _run(capsys, "package", "export", "--db", str(village_path), "--household", number,
                     "--to-office", "乙村", "--out", str(move), "--json")
    assert code == 0 and out["kind"] == "move" and out["counts"]["person"] >= 1 and out["to"]["name"] == "乙村"
    _run(capsys, "package", "trust", str(move), "--db", str(new), "--yes")
    code, dry = _run(capsys, "package", "import", str(move), "--db", str(new), "--dry-run", "--json")
    assert code == 0 and dry["kind"] == "move" and dry["added"]["person"] == out["counts"]["person"]
    code, text = _run(capsys, "package", "import", str(move), "--db", str(new))
    assert code == 0 and "新增" in text
    with sqlite3.connect(new) as conn:
        assert conn.execute("SELECT count(*) FROM person WHERE status = '在册'").fetchone()[0] == out["counts"]["person"]
    with sqlite3.connect(village_path) as conn:
        assert conn.execute("SELECT deleted_at IS NOT NULL FROM household WHERE number = ?", (number,)).fetchone()[0]

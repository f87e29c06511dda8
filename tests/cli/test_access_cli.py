from gridoffice.cli import main
from gridoffice.services import access
from gridoffice.store import Database


def test_a_password_protected_database_needs_the_password_on_the_command_line(capsys, village_path, monkeypatch):
    db = Database.open(str(village_path))
    access.set_password(db, "网格2026")
    db.close()
    monkeypatch.delenv("GRIDOFFICE_PASSWORD", raising=False)
    assert main(["stats", "--db", str(village_path)]) == 2
    assert "程序密码" in capsys.readouterr().err
    monkeypatch.setenv("GRIDOFFICE_PASSWORD", "wrong")
    assert main(["stats", "--db", str(village_path)]) == 2
    assert "密码不对" in capsys.readouterr().err
    monkeypatch.setenv("GRIDOFFICE_PASSWORD", "网格2026")
    assert main(["stats", "--db", str(village_path), "--json"]) == 0

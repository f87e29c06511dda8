"""``gridoffice health``: tiers per grid add up, a rule set from the CLI moves the counts, cards
and the call sheet are written, a week's counts are kept."""

import json

from gridoffice.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_tiers_rules_cards_snapshot(capsys, village_path, tmp_path, monkeypatch):
    monkeypatch.setenv("GRIDOFFICE_OPERATOR", "测试员")
    db = str(village_path)
    code, out, _ = run(capsys, "health", "tiers", "--db", db, "--on", "2023-01-07", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == len(data["persons"]) == sum(sum(g["counts"].values()) for g in data["grids"])
    assert len(data["grids"]) == 32
    code, out, _ = run(capsys, "health", "rules", "--db", db, "--set", "vaccine", "未全程", "3")
    assert code == 0 and "3" in out
    _, out, _ = run(capsys, "health", "tiers", "--db", db, "--on", "2023-01-07", "--json")
    assert json.loads(out)["counts"]["红"] > data["counts"]["红"]
    code, _, err = run(capsys, "health", "rules", "--db", db, "--set", "threshold", "黄", "9")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "health", "cards", "--db", db, "--grid", "YMC-01-01", "--on", "2023-01-07",
                       "--out", str(tmp_path / "cards.pdf"), "--clinic-phone", "028-82712345")
    assert code == 0 and (tmp_path / "cards.pdf").stat().st_size > 0
    code, out, _ = run(capsys, "health", "calls", "--db", db, "--grid", "YMC-01-01", "--on", "2023-01-07",
                       "--out", str(tmp_path / "calls.pdf"))
    assert code == 0
    code, out, _ = run(capsys, "health", "snapshot", "--db", db, "--on", "2023-01-07", "--json")
    assert code == 0 and json.loads(out)[0]["week"] == "2023-01-02"


def test_signing_and_services_from_the_cli(capsys, village_path, monkeypatch):
    monkeypatch.setenv("GRIDOFFICE_OPERATOR", "测试员")
    db = str(village_path)
    code, out, _ = run(capsys, "services", "record", "--db", db, "--household", "YMC01012", "--type", "送医到家",
                       "--date", "2023-01-07", "--by", "李梅")
    assert code == 0 and "送医到家" in out
    code, _, err = run(capsys, "services", "record", "--db", db, "--household", "YMC01012", "--type", "送饭")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "services", "counts", "--db", db, "--month", "2023-01-07", "--json")
    assert code == 0 and sum(g["counts"]["送医到家"] for g in json.loads(out)["grids"]) == 1
    code, out, _ = run(capsys, "health", "signing", "--db", db, "--on", "2023-01-07", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["grids"]) == 32 and data["grids"][0]["all"]["persons"] > 0
    code, _, err = run(capsys, "health", "sign", "--db", db, "--person", "510112197809255087", "--doctor", "没有这人")
    assert code == 2 and "家庭医生" in err


def test_a_call_recorded_from_the_cli_shows_in_the_log(capsys, village_path, monkeypatch):
    monkeypatch.setenv("GRIDOFFICE_OPERATOR", "测试员")
    db = str(village_path)
    _, out, _ = run(capsys, "health", "tiers", "--db", db, "--on", "2023-01-07", "--json")
    red = next(p for p in json.loads(out)["persons"] if p["tier"] == "红")
    from gridoffice.services.roster import persons as roster_persons
    from gridoffice.store import Database

    opened = Database.open(db)
    try:
        id_number = roster_persons.get_person(opened, red["person_id"]).id_number
    finally:
        opened.close()
    code, out, _ = run(capsys, "health", "call", "--db", db, "--person", id_number, "--not-reached",
                       "--date", "2023-01-06", "--note", "没人接")
    assert code == 0 and "未接通" in out
    code, out, _ = run(capsys, "health", "calls", "--db", db, "--log", "--on", "2023-01-07", "--json")
    data = json.loads(out)
    assert code == 0 and [c["name"] for c in data["calls"]] == [red["name"]]
    assert data["calls"][0]["by"] == "测试员" and data["calls"][0]["reached"] is False
    assert sum(g["called_week"] for g in data["grids"]) == 1
    code, out, _ = run(capsys, "health", "calls", "--db", db, "--log", "--on", "2023-01-07")
    assert code == 0 and "没人接" in out
    code, _, err = run(capsys, "health", "calls", "--db", db, "--on", "2023-01-07")  # neither --out nor --log
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "health", "call", "--db", db, "--person", id_number, "--date", "2099-01-01")
    assert code == 2 and len(err.strip().splitlines()) == 1

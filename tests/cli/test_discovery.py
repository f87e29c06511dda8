from gridoffice.cli import build_parser, command_modules
from gridoffice.services import ledgers


def test_every_cmd_module_is_registered():
    assert {"gridoffice.cli.demo_cmd", "gridoffice.cli.stats_cmd", "gridoffice.cli.db_cmd"} <= set(command_modules())
    text = build_parser().format_help()
    for name in ("demo", "stats", "db"):
        assert name in text


def test_ledger_registry_discovers_builder_modules():
    found = ledgers.available()
    assert all(entry.key == key and entry.label for key, entry in found.items())

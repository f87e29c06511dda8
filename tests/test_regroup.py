"""tools/regroup.py, the folders-by-feature move the lead runs once on the merged main: its
rewriting of references (checked on strings against the real plan), and a whole run on a small
tree of its own — moved, rewritten, a new family member moved by its pattern, a second run
changing nothing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def regroup():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("regroup", ROOT / "tools" / "regroup.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["regroup"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("regroup", None)


@pytest.fixture(scope="module")
def rewriter(regroup):  # type: ignore[no-untyped-def]
    return regroup.Rewriter(regroup.plan(ROOT))


@pytest.mark.parametrize(("before", "after"), [
    ("from gridoffice.services import ledger_roster\n",
     "from gridoffice.services.ledgers import roster as ledger_roster\n"),
    ("from gridoffice.services import campaign_refresh, campaigns, scope\n",
     "from gridoffice.services.campaigns import refresh as campaign_refresh, core as campaigns\n"
     "from gridoffice.services import scope\n"),  # (ruff sorts them at the end of a run)
    ("from gridoffice.services.campaigns import create\n", "from gridoffice.services.campaigns.core import create\n"),
    ("from gridoffice.services.campaigns import core as campaigns\n",  # already new: left alone
     "from gridoffice.services.campaigns import core as campaigns\n"),
    ("from gridoffice.exports.roster_reader import read_workbook\n",
     "from gridoffice.services.importing.reader import read_workbook\n"),
    ("import gridoffice.ui.lazy_pane as lp\n", "import gridoffice.ui.widgets.lazy_pane as lp\n"),
    ('monkeypatch.setattr("gridoffice.ui.campaigns.QMessageBox.warning", f)\n',
     'monkeypatch.setattr("gridoffice.ui.campaigns.pane.QMessageBox.warning", f)\n'),
    ('self._later("staff_pane", "StaffPane", "staff")\n', 'self._later("staff.pane", "StaffPane", "staff")\n'),
    ("def f():\n    from gridoffice.services import signing  # noqa: F401\n",
     "def f():\n    from gridoffice.services.health import signing  # noqa: F401\n"),
    ("x = 1  # see services/ledger_roster.py and gridoffice/ui/campaigns.py\n",
     "x = 1  # see services/ledgers/roster.py and gridoffice/ui/campaigns/pane.py\n"),
    ("from gridoffice.services import ledgers, scope\n", "from gridoffice.services import ledgers, scope\n"),
])
def test_references_are_rewritten_once(rewriter, before, after):  # type: ignore[no-untyped-def]
    assert rewriter.python(before, "gridoffice.services", False) == after
    assert rewriter.python(after, "gridoffice.services", False) == after  # a second pass: unchanged


def test_a_relative_import_in_a_moving_file_becomes_absolute(rewriter):  # type: ignore[no-untyped-def]
    source = "from .ledgerkit import grid_rows\nfrom . import scope\n"
    assert rewriter.python(source, "gridoffice.services", True) == (
        "from gridoffice.services.ledgers.kit import grid_rows\nfrom gridoffice.services import scope\n")


def test_a_run_on_a_small_tree_moves_rewrites_and_is_idempotent(regroup, tmp_path):  # type: ignore[no-untyped-def]
    services = tmp_path / "gridoffice" / "services"
    services.mkdir(parents=True)
    for folder in ("gridoffice", "gridoffice/services"):
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "gridoffice" / "ui").mkdir()
    (tmp_path / "gridoffice" / "ui" / "__init__.py").write_text("")
    (tmp_path / "gridoffice" / "exports").mkdir()
    (tmp_path / "gridoffice" / "exports" / "__init__.py").write_text("")
    (services / "ledgers.py").write_text(
        '"""Registry."""\n\n\ndef available():\n    import importlib\n    import pkgutil\n\n'
        + regroup.DISCOVERY_OLD + "\n")
    (services / "ledgerkit.py").write_text("KIT = 1\n")
    (services / "ledger_medicine.py").write_text(  # a module the script has never heard of
        "from gridoffice.services.ledgerkit import KIT\nfrom . import ledgers\n")
    (services / "checks.py").write_text("from gridoffice.services import ledger_medicine, ledgerkit\n")
    (tmp_path / "pyproject.toml").write_text('[tool.setuptools]\npackages = [\n    "gridoffice",\n'
                                             '    "gridoffice.services",\n]\n')
    assert regroup.main(["--root", str(tmp_path)]) == 0
    assert not (services / "ledger_medicine.py").exists()
    assert (services / "ledgers" / "medicine.py").read_text() == (
        "from gridoffice.services import ledgers\nfrom gridoffice.services.ledgers.kit import KIT\n")
    assert "import medicine as ledger_medicine" in (services / "checks.py").read_text()
    assert 'info.name != "kit"' in (services / "ledgers" / "__init__.py").read_text()
    assert '"gridoffice.services.ledgers",' in (tmp_path / "pyproject.toml").read_text()
    assert regroup.main(["--root", str(tmp_path), "--check"]) == 0  # nothing left to do

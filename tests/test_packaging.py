"""The package list in pyproject.toml is kept by hand (resources/ is mapped into the package);
this fails when a new subpackage is forgotten."""

import tomllib
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "gridoffice").rglob("__init__.py")
    } | {"gridoffice.resources"}
    assert found == listed


def test_resources_and_migrations_are_reachable():
    assert resources.files("gridoffice.resources").is_dir()
    versions = resources.files("gridoffice.store") / "migrations" / "versions"
    assert any(p.name.endswith(".py") and p.name[0].isdigit() for p in versions.iterdir())

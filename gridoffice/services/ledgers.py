"""The ledgers ``gridoffice export LEDGER`` and the Export dialog offer.

Each feature registers a builder: ``@register("roster", "住户人口花名册")`` on a function
``(db, options) -> Ledger`` in a module named ``gridoffice/services/ledger_<name>.py``; the CLI
and the GUI call ``available()`` (which imports every such module) and hand the Ledger to a
writer in exports/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from gridoffice.exports.ledger import Ledger
from gridoffice.store import Database


@dataclass(frozen=True)
class LedgerOptions:
    on: dt.date = field(default_factory=dt.date.today)
    grid_code: str | None = None  # limit to this grid and everything under it
    public: bool = False
    campaign_id: int | None = None  # handout ledgers
    extra: dict[str, str] = field(default_factory=dict)


Builder = Callable[[Database, LedgerOptions], Ledger]


@dataclass(frozen=True)
class LedgerEntry:
    key: str
    label: str
    build: Builder


LEDGERS: dict[str, LedgerEntry] = {}


def register(key: str, label: str) -> Callable[[Builder], Builder]:
    def wrap(fn: Builder) -> Builder:
        LEDGERS[key] = LedgerEntry(key, label, fn)
        return fn

    return wrap


def available() -> dict[str, LedgerEntry]:
    """Every registered ledger (imports all ``gridoffice.services.ledger_*`` modules)."""
    import importlib
    import pkgutil

    import gridoffice.services as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("ledger_"):
            importlib.import_module(f"{package.__name__}.{info.name}")
    return dict(LEDGERS)

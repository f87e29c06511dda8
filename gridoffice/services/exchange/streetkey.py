"""The street's pseudonymisation key: made at the street (``--new``) and handed to its villages
(``--set``) out of band, never inside a package."""

from __future__ import annotations

import re
import secrets

from gridoffice.i18n import tr
from gridoffice.services import settings
from gridoffice.services.exchange import ExchangeError, hints
from gridoffice.services.exchange.rows import STREET_KEY
from gridoffice.store import Database


def street_key(db: Database, *, new: bool = False, value: str | None = None) -> str:
    if new and value is not None:
        raise ExchangeError(tr("生成新密钥和设置下发的密钥只能选一个。"), **hints.cli_only(tr("（--new 和 --set 只能选一个）")))
    if value is not None:
        value = value.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{64}", value):
            raise ExchangeError(tr("化名密钥应为 64 位十六进制数字（由街道生成）。"))
        settings.put(db, STREET_KEY, value)
    elif new:
        settings.put(db, STREET_KEY, secrets.token_hex(32))
    return settings.get(db, STREET_KEY)

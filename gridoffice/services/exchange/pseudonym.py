"""A person's pseudonymous key (the street's HMAC of the ID number): plain hashing, kept apart
from the office's signing keys (``keys``) so what only needs the pseudonym (the hand-out check
of 物资发放, the doubles list) does not load the ``cryptography`` package with it."""

from __future__ import annotations

import hashlib
import hmac


def id_key(street_key: str, id_number: str) -> str:
    """The pseudonymous key of a person: HMAC-SHA256 of the ID number under the street's key (a
    plain hash of an 18-digit ID is brute-forced in seconds; without the key it is not)."""
    return hmac.new(bytes.fromhex(street_key), id_number.upper().encode(), hashlib.sha256).hexdigest()

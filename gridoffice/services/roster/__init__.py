"""The roster: households, persons, key-population memberships, lists."""

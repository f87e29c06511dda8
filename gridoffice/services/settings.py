"""Office-wide settings stored in the database (they travel with it)."""

from __future__ import annotations

from gridoffice.store import Database
from gridoffice.store.models import Setting

OFFICE_NAME = "office_name"
ADMIN_CODE = "admin_code"


def get(db: Database, key: str, default: str = "") -> str:
    with db.reading() as s:
        row = s.get(Setting, key)
        return row.value if row else default


def put(db: Database, key: str, value: str) -> None:
    with db.session() as s:
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value


# ---- the clerk's own preferences (a file in the data folder, written by the GUI) ---------------
PREFERENCES = "preferences.ini"  # ui/settings.user_settings: QSettings' INI format
OPERATOR = "operator"


def saved_operator() -> str:
    """The operator name the GUI saved (first-run wizard, 设置, or asked once at start), read
    without Qt so the CLI names the same clerk; "" when none was saved or the file is unreadable."""
    import configparser

    from gridoffice import paths

    parser = configparser.RawConfigParser(interpolation=None, strict=False)
    try:
        parser.read(paths.data_dir() / PREFERENCES, encoding="utf-8")
        raw = parser.get("General", OPERATOR, fallback="")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return ""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':  # QSettings quotes a value with a comma
        raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return raw.strip()

"""The settings registry: every option declared once; what the GUI saves through QSettings
the CLI reads back without Qt, typed."""

from __future__ import annotations

import json
import subprocess
import sys

from gridoffice import options
from gridoffice.services.backup import BackupSettings


def test_every_option_is_declared_once_with_a_label_and_a_default_of_its_type():
    assert len({o.key for o in options.REGISTRY.values()}) == len(options.REGISTRY)
    for o in options.REGISTRY.values():
        assert o.label and isinstance(o.default, o.type), o.key
        assert o.scope in (options.USER, options.OFFICE)


def test_backup_defaults_agree_with_the_backup_service():
    d = BackupSettings()
    assert (options.BACKUP_KEEP_DAILY.default, options.BACKUP_KEEP_WEEKLY.default,
            options.BACKUP_KEEP_MONTHLY.default) == (d.keep_daily, d.keep_weekly, d.keep_monthly)


def test_what_the_gui_saves_the_cli_reads(_isolated_home):
    from gridoffice.ui import settings

    settings.set(options.OPERATOR, '王 "小" 明, 网格员')
    settings.set(options.MASKED_DISPLAY, True)
    settings.set(options.BACKUP_KEEP_DAILY, 9)
    settings.set(options.BACKUP_FOLDER, r"C:\备份\网格")
    assert options.saved_operator() == '王 "小" 明, 网格员'
    assert options.read_user(options.MASKED_DISPLAY) is True
    assert options.read_user(options.BACKUP_KEEP_DAILY) == 9
    assert options.read_user(options.BACKUP_FOLDER) == r"C:\备份\网格"
    assert options.read_user(options.PAPER) == "A4"  # unset: the default
    assert settings.get(options.BACKUP_KEEP_DAILY) == 9 and settings.operator() == '王 "小" 明, 网格员'


def test_the_cli_lists_user_and_office_settings(_isolated_home, village_path):
    from gridoffice.ui import settings

    settings.set(options.OPERATOR, "李会计")
    out = subprocess.run([sys.executable, "-m", "gridoffice", "settings", "--db", str(village_path), "--json"],
                         capture_output=True, text=True, check=True, encoding="utf-8")
    shown = {row["key"]: row["value"] for row in json.loads(out.stdout)}
    assert shown["operator"] == "李会计" and shown["paper_size"] == "A4"
    assert shown["office_name"]  # the demo village names its office


def test_every_poster_wording_is_an_office_option():
    import dataclasses

    from gridoffice.services.posters import PosterSettings

    defaults = PosterSettings()
    for f in dataclasses.fields(PosterSettings):
        option = options.REGISTRY[f"poster.{f.name}"]
        assert option.scope == options.OFFICE and option.default == getattr(defaults, f.name)

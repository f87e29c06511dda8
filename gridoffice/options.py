"""Every setting, declared once: key, type, default and Chinese label (after MusicBrainz
Picard's ``options.py``).

Two places keep them, and each option says which:

- ``USER`` options are the clerk's own preferences, in ``preferences.ini`` in the data folder
  (written by the GUI through QSettings: ui/settings.py; read here without Qt, so the CLI
  reads the same operator name the GUI saved);
- ``OFFICE`` options belong to the data and travel with the database (the ``setting`` table,
  through services/settings.py).

Read a value typed with ``option.parse(raw)``; ``read_user(option)`` reads a user option
without Qt. A new setting is one line here; the GUI and CLI both find it in ``REGISTRY``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gridoffice import paths
from gridoffice.i18n import N_

USER, OFFICE = "user", "office"


@dataclass(frozen=True)
class Option:
    key: str
    type: type  # str, bool or int
    default: Any
    label: str  # N_() source text, shown with tr()
    scope: str = USER

    def parse(self, raw: object) -> Any:
        """``raw`` (as stored: text, or a bool/int QSettings gave back) as this option's type;
        the default when it is missing or not readable as one."""
        if raw is None or raw == "":
            return self.default
        if self.type is bool:
            if isinstance(raw, bool):
                return raw
            return str(raw).strip().lower() in ("true", "1", "yes")
        if self.type is int:
            try:
                return int(str(raw).strip())
            except ValueError:
                return self.default
        return str(raw)

    def text(self, value: Any) -> str:
        """``value`` as stored."""
        if self.type is bool:
            return "true" if value else "false"
        return str(value)

    def __str__(self) -> str:  # an Option stands where a string key used to
        return self.key


REGISTRY: dict[str, Option] = {}


def declare(key: str, type_: type, default: Any, label: str, scope: str = USER) -> Option:
    option = Option(key, type_, default, label, scope)
    if key in REGISTRY:
        raise ValueError(f"option declared twice: {key}")
    REGISTRY[key] = option
    return option


# ---- the clerk's preferences (preferences.ini) ----------------------------------------------
OPERATOR = declare("operator", str, "", N_("操作员姓名"))
LANGUAGE = declare("language", str, "", N_("界面语言"))  # "" = follow the system, "zh_CN", "en"
PAPER = declare("paper_size", str, "A4", N_("纸张大小"))  # "A4" / "A3"
MASKED_DISPLAY = declare("display/masked", bool, False, N_("屏幕上遮盖身份证号和电话"))
FIRST_RUN_DONE = declare("first_run_done", bool, False, N_("已完成首次设置"))
LAST_DATABASE = declare("last_database", str, "", N_("上次打开的数据库"))
BACKUP_FOLDER = declare("backup/folder", str, "", N_("备份文件夹"))
BACKUP_KEEP_DAILY = declare("backup/keep_daily", int, 7, N_("保留每日备份（份）"))
BACKUP_KEEP_WEEKLY = declare("backup/keep_weekly", int, 4, N_("保留每周备份（份）"))
BACKUP_KEEP_MONTHLY = declare("backup/keep_monthly", int, 12, N_("保留每月备份（份）"))
EXPORT_LAST_DIR = declare("export/last_dir", str, "", N_("上次导出的文件夹"))  # + "/<kind>" per ledger

# ---- the office's settings (in the database) ------------------------------------------------
OFFICE_NAME = declare("office_name", str, "", N_("单位名称"), OFFICE)
ADMIN_CODE = declare("admin_code", str, "", N_("行政区划代码"), OFFICE)
MATTER_CATEGORIES = declare("matter_categories", str, "", N_("事项类别"), OFFICE)  # JSON list
MATTER_OLD_DAYS = declare("matter_old_days", int, 0, N_("事项超期提醒天数"), OFFICE)  # 0: the default
MEDICINE_EXPIRING_DAYS = declare("medicine_expiring_days", int, 30, N_("药品临期提醒天数"), OFFICE)
# the notice boards' wording (services/posters.PosterSettings reads these; 公示牌文字 edits them)
POSTER_TITLE = declare("poster.title", str, N_("网格信息公示牌"), N_("公示牌标题"), OFFICE)
POSTER_SERVICES_TITLE = declare("poster.services_title", str, N_("服务清单（五到家）"), N_("公示牌服务清单标题"),
                                OFFICE)
POSTER_SERVICES = declare("poster.services", str, N_("送医到家\n温暖到家\n预防到家\n互助到家\n宣传到家"),
                          N_("公示牌服务清单（每行一项）"), OFFICE)  # the seed's 五到家
POSTER_REFERRAL_TITLE = declare("poster.referral_title", str, N_("就医转诊路径"), N_("公示牌转诊路径标题"), OFFICE)
POSTER_REFERRAL = declare("poster.referral", str, N_("村卫生站\n街道社区卫生服务中心（发热门诊）\n区级医院"),
                          N_("公示牌转诊路径（每行一级）"), OFFICE)
POSTER_HOTLINE_LABEL = declare("poster.hotline_label", str, N_("监督电话"), N_("公示牌监督电话说明"), OFFICE)
POSTER_HOTLINE = declare("poster.hotline", str, "12345", N_("公示牌监督电话"), OFFICE)
POSTER_QR_URL = declare("poster.qr_url", str, "", N_("公示牌二维码网址（留空：拨打微网格长电话）"), OFFICE)
POSTER_QR_CAPTION = declare("poster.qr_caption", str, N_("扫一扫\n拨打微网格长电话"), N_("公示牌二维码说明"), OFFICE)
CLINIC_NAME = declare("health.clinic_name", str, "", N_("村卫生室名称"), OFFICE)  # on the cards and call sheets
CLINIC_PHONE = declare("health.clinic_phone", str, "", N_("村卫生室电话"), OFFICE)
EXCHANGE_LATE_DAYS = declare("exchange_late_days", int, 7, N_("数据包逾期未报天数"), OFFICE)  # the street's desk


def user_options() -> list[Option]:
    return [o for o in REGISTRY.values() if o.scope == USER]


def office_options() -> list[Option]:
    return [o for o in REGISTRY.values() if o.scope == OFFICE]


def preferences_file() -> Path:
    return paths.data_dir() / "preferences.ini"


# ---- reading preferences.ini without Qt -------------------------------------------------------
_SECTION = re.compile(r"^\[(.+)\]\s*$")


def _unquote(raw: str) -> str:
    """A value as QSettings writes it: quoted when it has commas, quotes or spaces at the ends,
    backslashes doubled."""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), raw)


def read_preferences(path: Path | None = None) -> dict[str, str]:
    """Every key of preferences.ini (``section/key`` as the GUI names it) and its text."""
    path = path or preferences_file()
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    found: dict[str, str] = {}
    section = "General"
    for line in lines:
        m = _SECTION.match(line)
        if m:
            section = m.group(1)
            continue
        if "=" not in line or line.lstrip().startswith((";", "#")):
            continue
        key, raw = line.split("=", 1)
        key = key.strip().replace("\\", "/")
        if section != "General":
            key = f"{section}/{key}"
        if not raw.strip().startswith("@"):  # @Variant(…) / @Invalid(): not ours
            found[key] = _unquote(raw)
    return found


def read_user(option: Option, path: Path | None = None) -> Any:
    """A user option as saved by the GUI, without Qt (the CLI's way in)."""
    return option.parse(read_preferences(path).get(option.key))


def saved_operator() -> str:
    """The operator name the clerk gave in the GUI (first-run, settings), or ""."""
    return str(read_user(OPERATOR)).strip()

"""Fill profiles: a form's mapping and choices saved under a name, with the form's fingerprint
(sheet name + header cells), in the database settings (they travel with the database). Next
month the same form fills in one step; when its header changed, ``differences`` says what
changed and the caller asks (the CLI refuses unless ``--force``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from gridoffice.i18n import tr
from gridoffice.services import settings
from gridoffice.services.errors import hints
from gridoffice.services.fill.core import FillOptions, FillPlan
from gridoffice.services.fill.rows import FillError
from gridoffice.store import Database

PREFIX = "fill_profile:"
NAME_LIMIT = 60 - len(PREFIX)
CHOICES = ("who", "grid_code", "public", "existing", "campaign_id")


@dataclass(frozen=True)
class Profile:
    name: str
    sheet: str
    headers: list[str]
    mapping: dict[str, str | None]  # header → field
    choices: dict[str, Any]


def _key(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_LIMIT:
        raise FillError(tr("方案名称应为 1–{n} 个字。").format(n=NAME_LIMIT))
    return PREFIX + name


def save(db: Database, name: str, plan: FillPlan, options: FillOptions) -> None:
    fingerprint = plan.layout.fingerprint()
    data = {"sheet": fingerprint["sheet"], "headers": fingerprint["headers"], "mapping": plan.mapping_by_header(),
            "choices": {k: getattr(options, k) for k in CHOICES}}
    settings.put(db, _key(name), json.dumps(data, ensure_ascii=False))


def load(db: Database, name: str) -> Profile | None:
    text = settings.get(db, _key(name))
    if not text:
        return None
    try:
        data = json.loads(text)
        return Profile(name, str(data["sheet"]), list(data["headers"]), dict(data["mapping"]), dict(data["choices"]))
    except (ValueError, KeyError, TypeError):
        return None  # a damaged profile is as good as none: the form is read afresh


def names(db: Database) -> list[str]:
    from sqlalchemy import select

    from gridoffice.store.models import Setting

    with db.reading() as s:
        keys = s.scalars(select(Setting.key).where(Setting.key.startswith(PREFIX))).all()
    return sorted(k.removeprefix(PREFIX) for k in keys)


def differences(profile: Profile, plan: FillPlan) -> list[str]:
    """What changed in the form since the profile was saved (empty: the same form)."""
    now = plan.layout.fingerprint()
    out = []
    if now["sheet"] != profile.sheet:
        out.append(tr("工作表名由“{old}”变为“{new}”").format(old=profile.sheet, new=now["sheet"]))
    added = [h for h in now["headers"] if h not in profile.headers]
    gone = [h for h in profile.headers if h not in now["headers"]]
    if added:
        out.append(tr("新增列：{names}").format(names="、".join(added)))
    if gone:
        out.append(tr("缺少列：{names}").format(names="、".join(gone)))
    if not added and not gone and now["headers"] != profile.headers:
        out.append(tr("列的顺序变了"))
    return out


def apply(profile: Profile, plan: FillPlan, options: FillOptions, *, force: bool = False,
          explicit: dict[str, Any] | None = None) -> tuple[FillPlan, FillOptions]:
    """The plan and options with the profile's mapping and choices (``explicit`` ones win).
    A changed header is a ``FillError`` naming the change, unless ``force``."""
    changed = differences(profile, plan)
    if changed and not force:
        raise FillError(tr("表格与方案“{name}”保存时不同（{what}）。").format(name=profile.name, what="；".join(changed)),
                        **hints(cli=tr("请核对后加 --force 仍按方案填写，或换一个方案名。"),
                                gui=tr("请核对表格后再填，或在“填报方案：”里换一个方案。")))
    mapping = dict(plan.mapping)
    for c in plan.layout.columns:
        if c.header in profile.mapping:
            mapping[c.column] = profile.mapping[c.header]
    choices = {k: v for k, v in profile.choices.items() if k in CHOICES}
    choices.update(explicit or {})
    return replace(plan, mapping=mapping), replace(options, **choices)

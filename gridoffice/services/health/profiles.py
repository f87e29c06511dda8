"""A resident's health record (健康信息): chronic diseases and their stability, vaccination
(doses, last date, state) and mobility (行动不便) — what the health tier is scored from. The
person form and the roster import check it here (one set of rules), and save it as one change."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from gridoffice.domain import health_tiers as ht
from gridoffice.domain import text
from gridoffice.domain.ages import parse_loose_date
from gridoffice.i18n import tr
from gridoffice.services.changes import Change, Operation, operation
from gridoffice.services.errors import ServiceError
from gridoffice.store import Database
from gridoffice.store.models import HealthProfile, Person

MAX_DOSES = 9
DISEASES_LIMIT = 200


class ProfileError(ServiceError, ValueError):
    """A health record that cannot be kept; ``str`` is the first problem."""


@dataclass
class ProfileInput:
    chronic_diseases: str = ""
    chronic_state: str = ht.CHRONIC_NONE
    vaccine_doses: int = 0
    vaccine_last: str | dt.date | None = None
    vaccine_state: str = ht.VACCINE_NONE
    mobility_limited: bool = False


@dataclass
class CheckedProfile:
    errors: dict[str, str] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def check(data: ProfileInput, today: dt.date | None = None) -> CheckedProfile:
    """Every problem a field can have, by field name (for the form's live validation)."""
    today = today or dt.date.today()
    out = CheckedProfile()
    diseases = text.clean(data.chronic_diseases or "").strip()
    if len(diseases) > DISEASES_LIMIT:
        out.errors["chronic_diseases"] = tr("慢性病不能超过 {n} 个字").format(n=DISEASES_LIMIT)
    state = data.chronic_state or ht.CHRONIC_NONE
    if state not in ht.LEVELS[ht.CHRONIC]:
        out.errors["chronic_state"] = tr("慢病情况只能是 无、稳定 或 不稳定")
    elif state == ht.CHRONIC_NONE and diseases:
        out.errors["chronic_state"] = tr("填了慢性病，请选择病情稳定或不稳定")
    elif state != ht.CHRONIC_NONE and not diseases:
        out.errors["chronic_diseases"] = tr("请填写所患慢性病，如 高血压")
    vaccine = data.vaccine_state or ht.VACCINE_NONE
    doses = data.vaccine_doses or 0
    if vaccine not in ht.LEVELS[ht.VACCINE]:
        out.errors["vaccine_state"] = tr("接种情况只能是 全程、未全程 或 未接种")
    if not 0 <= doses <= MAX_DOSES:
        out.errors["vaccine_doses"] = tr("接种剂次应在 0 到 {n} 之间").format(n=MAX_DOSES)
    elif vaccine == ht.VACCINE_NONE and doses:
        out.errors["vaccine_doses"] = tr("未接种时剂次应为 0")
    elif vaccine != ht.VACCINE_NONE and not doses:
        out.errors["vaccine_doses"] = tr("已接种，请填写接种剂次")
    last = data.vaccine_last
    if isinstance(last, str):
        last = parse_loose_date(last) if last.strip() else None
        if last is None and str(data.vaccine_last).strip():
            out.errors["vaccine_last"] = tr("末次接种日期不是有效日期")
    if last is not None and last > today:
        out.errors["vaccine_last"] = tr("末次接种日期晚于今天")
    elif last is not None and vaccine == ht.VACCINE_NONE:
        out.errors["vaccine_last"] = tr("未接种时不应有末次接种日期")
    out.values = dict(chronic_diseases=diseases, chronic_state=state, vaccine_doses=doses, vaccine_last=last,
                      vaccine_state=vaccine, mobility_limited=bool(data.mobility_limited))
    return out


def get(db: Database, person_id: int) -> ProfileInput | None:
    with db.reading() as s:
        row = s.scalars(select(HealthProfile).where(HealthProfile.person_id == person_id)).first()
        if row is None:
            return None
        return ProfileInput(row.chronic_diseases, row.chronic_state, row.vaccine_doses, row.vaccine_last,
                            row.vaccine_state, row.mobility_limited)


def save(db: Database, person_id: int, data: ProfileInput | None) -> Change:
    """Keep the record (``None`` removes it: 未评估 again); one undoable operation."""
    with operation(db, tr("修改健康信息")) as op:
        name = write(op, person_id, data)
        op.description = tr("修改{name}的健康信息").format(name=name)
    return op.change


def write(op: Operation, person_id: int, data: ProfileInput | None) -> str:
    """``save`` inside an operation (the person form's step); the person's name."""
    values = None
    if data is not None:
        checked = check(data)
        if not checked.ok:
            raise ProfileError(next(iter(checked.errors.values())))
        values = checked.values
    s = op.session
    person = s.get(Person, person_id)
    if person is None:
        raise ProfileError(tr("没有这位居民"))
    row = s.scalars(select(HealthProfile).where(HealthProfile.person_id == person_id)).first()
    if values is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        s.add(HealthProfile(person_id=person_id, **values))  # type: ignore[arg-type]
    else:
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    op.touch("health_profile")
    return person.name


def same(a: ProfileInput | None, b: ProfileInput | None) -> bool:
    if a is None or b is None:
        return a is b
    return check(a).values == check(b).values and asdict(a).keys() == asdict(b).keys()


def record_dose(db: Database, person_id: int, on: dt.date | None = None) -> Change:
    """One dose given (at a 流动接种点): doses + 1, the last date, the state moved on."""
    on = on or dt.date.today()
    if on > dt.date.today():
        raise ProfileError(tr("接种日期晚于今天"))
    base = get(db, person_id) or ProfileInput()
    doses, state = ht.after_dose(base.vaccine_doses, base.vaccine_state)
    new = ProfileInput(base.chronic_diseases, base.chronic_state, doses, on, state, base.mobility_limited)
    with operation(db, tr("登记一剂疫苗（{on}）").format(on=on.isoformat())) as op:
        write(op, person_id, new)
    return op.change

"""The person form's 健康 tab saved with the person (issue 16): the health record, the manual
tier and the 家庭医生 contract, each written only when the form changed it, inside the person's
own operation — one transaction and one undo step with the person's fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from gridoffice.services.changes import Operation
from gridoffice.services.health import profiles as health_profiles
from gridoffice.services.health import signing
from gridoffice.services.health import tiers as health_tiers
from gridoffice.store import Database

Contract = tuple[int, dt.date, dt.date]


@dataclass(frozen=True)
class HealthEdit:
    """What the tab changed; a ``*_changed`` flag off leaves that part as it is."""
    profile: health_profiles.ProfileInput | None = None
    profile_changed: bool = False
    manual: tuple[str, str] | None = None  # (tier, reason), None: no manual tier
    manual_changed: bool = False
    contract: Contract | None = None  # (doctor staff id, signed on, expires on), None: not signed
    contract_changed: bool = False

    @property
    def empty(self) -> bool:
        return not (self.profile_changed or self.manual_changed or self.contract_changed)

    def checked(self, db: Database) -> HealthEdit:
        """Refused (a ServiceError with a sentence) before anything is written; the reason and
        the contract's dates as they will be kept."""
        if self.profile_changed and self.profile is not None:
            found = health_profiles.check(self.profile)
            if not found.ok:
                raise health_profiles.ProfileError(next(iter(found.errors.values())))
        manual = self.manual
        if self.manual_changed and manual is not None:
            manual = (manual[0], health_tiers.checked_reason(*manual))
        contract = self.contract
        if self.contract_changed and contract is not None:
            signed_on, expires_on = signing.settled(db, *contract)
            assert signed_on is not None and expires_on is not None
            contract = (contract[0], signed_on, expires_on)
        return replace(self, manual=manual, contract=contract)

    def write(self, op: Operation, person_id: int) -> None:
        """Inside the person's operation, after ``checked``."""
        if self.profile_changed:
            health_profiles.write(op, person_id, self.profile)
        if self.manual_changed:
            health_tiers.write_manual(op, person_id, *(self.manual or (None, "")))
        if self.contract_changed:
            signing.write(op, person_id, *(self.contract or (None, None, None)))

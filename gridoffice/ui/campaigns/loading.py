"""What the campaigns pane reads, in the loader thread: the campaign's coverage (when asked) and
the ids of the list on screen, the grid's service team and who may hand out. The rows on screen
are then fetched page by page by ``EntitlementModel`` as before."""

from __future__ import annotations

from dataclasses import dataclass, field

from gridoffice.services.campaigns import core as campaigns
from gridoffice.services.campaigns import lists
from gridoffice.store import Database

ALL, REISSUE = "all", "reissue"


@dataclass
class Loaded:
    cid: int | None
    with_coverage: bool
    request: tuple[object, ...] = ()  # what was asked for: a result for another request is old
    with_list: bool = True
    info: campaigns.CampaignInfo | None = None
    coverage: lists.Coverage | None = None
    ids: list[int] = field(default_factory=list)
    text: str = ""
    within: int | None = None
    team: list[lists.StaffOption] = field(default_factory=list)
    staff: list[lists.StaffOption] = field(default_factory=list)


def read(db: Database, cid: int | None, with_coverage: bool, text: str, key: str, within: int | None,
         grid_id: int | None, with_list: bool = True) -> Loaded:
    """``text``: the quick-find box (``within`` a grid or the whole campaign); else the list of
    ``grid_id`` (None: the whole campaign) in state ``key``."""
    loaded = Loaded(cid, with_coverage, (cid, text, key, within, grid_id), with_list, text=text, within=within)
    if cid is None:
        return loaded
    if with_coverage:
        loaded.info = campaigns.get(db, cid)
        loaded.coverage = lists.coverage(db, cid)
    if not with_list:
        return loaded
    if text:
        loaded.ids = lists.find(db, cid, text, grid_id=within)
    else:
        states = None if key in (ALL, REISSUE) else [key]
        loaded.ids = lists.list_ids(db, cid, grid_id, states, reissue_only=key == REISSUE)
        if grid_id is not None:
            loaded.team = lists.service_team(db, grid_id)
    loaded.staff = lists.staff_options(db, grid_id)
    return loaded

"""Notice boards (网格信息公示牌) and the grid chart: gathering what they show.

Everything a poster or chart shows about people goes through ``domain.privacy.PublicContact``
(staff post, name, work phone, photo). Residents appear only as a household count. The
office's wording (title, service list, referral path, hotline, QR target) is kept in the
database settings under the ``poster.*`` keys, with the defaults below.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from sqlalchemy import func, select

from gridoffice import options, paths
from gridoffice.domain.codes import GridLevel, Role
from gridoffice.domain.privacy import PublicContact
from gridoffice.exports.chart import ChartCommunity, ChartGeneral, ChartMicro, write_chart
from gridoffice.exports.poster import PENDING, Poster, PosterText, Progress, Tier, write_posters
from gridoffice.i18n import source_language, tr
from gridoffice.services import settings
from gridoffice.services.changes import Change
from gridoffice.services.errors import ServiceError
from gridoffice.store import Database, outputs
from gridoffice.store.models import Grid, Household, Post, Staff

# The chart's micro-grid boxes: the family doctor right after the leader, so that a crowded box
# that ends in "等 N 人" still names the doctor.
CHART_MICRO_ROLES = (Role.MICRO_LEADER, Role.DOCTOR, Role.MICRO_STAFF, Role.INSTRUCTOR, Role.POLICE,
                     Role.BUILDING_HEAD, Role.UNIT_HEAD)
# Which posts a board shows at each level of the chain, in this order.
COMMUNITY_ROLES = (Role.CHIEF, Role.INSTRUCTOR, Role.POLICE, Role.DOCTOR)
GENERAL_ROLES = (Role.GENERAL_LEADER, Role.INSTRUCTOR, Role.POLICE, Role.DOCTOR)
MICRO_ROLES = (Role.MICRO_LEADER, Role.MICRO_STAFF, Role.DOCTOR, Role.INSTRUCTOR, Role.POLICE,
               Role.BUILDING_HEAD, Role.UNIT_HEAD)


@dataclass(frozen=True)
class PosterSettings:
    """The office's own wording, one office option each (``poster.<field>`` in
    gridoffice/options.py, which holds the defaults); empty ``qr_url``: the QR code dials the
    微网格长."""

    title: str = options.POSTER_TITLE.default
    services_title: str = options.POSTER_SERVICES_TITLE.default
    services: str = options.POSTER_SERVICES.default
    referral_title: str = options.POSTER_REFERRAL_TITLE.default
    referral: str = options.POSTER_REFERRAL.default
    hotline_label: str = options.POSTER_HOTLINE_LABEL.default
    hotline: str = options.POSTER_HOTLINE.default
    qr_url: str = options.POSTER_QR_URL.default
    qr_caption: str = options.POSTER_QR_CAPTION.default

    @staticmethod
    def key(name: str) -> str:
        return PosterSettings.option(name).key

    @staticmethod
    def option(name: str) -> options.Option:
        return options.REGISTRY[f"poster.{name}"]

    def text(self) -> PosterText:
        return PosterText(
            title=tr(self.title), services_title=tr(self.services_title),
            services=tuple(x.strip() for x in tr(self.services).splitlines() if x.strip()),
            referral_title=tr(self.referral_title),
            referral=tuple(x.strip() for x in tr(self.referral).splitlines() if x.strip()),
            hotline_label=tr(self.hotline_label), hotline=self.hotline,
            qr_caption=tr("扫一扫\n了解更多") if self.qr_url and self.qr_caption == PosterSettings.qr_caption
            else tr(self.qr_caption),
        )


def load_settings(db: Database) -> PosterSettings:
    with db.reading() as s:
        return PosterSettings(**{f.name: settings.read(s, PosterSettings.option(f.name))
                                 for f in fields(PosterSettings)})


def save_settings(db: Database, new: PosterSettings) -> Change:
    """Store the office's wording; the Change's undo puts the old wording back."""
    old = load_settings(db)
    return settings.change(db, {PosterSettings.key(f.name): getattr(new, f.name) for f in fields(PosterSettings)
                                if getattr(new, f.name) != getattr(old, f.name)}, tr("修改公示牌文字"))


# ---- reading the tree once ----------------------------------------------------------------
@dataclass
class _Node:
    id: int
    parent_id: int | None
    level: str
    code: str
    name: str
    covers: str
    sort: int


class _Snapshot:
    """The grid tree, the posts (with staff) and the household counts, read in three queries."""

    def __init__(self, db: Database) -> None:
        with db.reading() as s:
            self.nodes = {
                r.id: _Node(r.id, r.parent_id, r.level, r.code, r.name, r.covers, r.sort_order)
                for r in s.execute(select(Grid.id, Grid.parent_id, Grid.level, Grid.code, Grid.name,
                                          Grid.covers, Grid.sort_order)
                                   .where(Grid.deleted_at.is_(None)))
            }
            self.households: dict[int, int] = dict(s.execute(
                select(Household.grid_id, func.count()).where(Household.deleted_at.is_(None),
                                                              Household.grid_id.is_not(None))
                .group_by(Household.grid_id)).all())
            self.posts: dict[int, list[tuple[str, int, PublicContact]]] = defaultdict(list)
            rows = s.execute(
                select(Post.grid_id, Post.role, Post.sort_order, Post.work_phone, Staff.name,
                       Staff.phone, Staff.photo_path)
                .join(Staff, Staff.id == Post.staff_id)
                .where(Staff.active.is_(True))
                .order_by(Post.grid_id, Post.sort_order, Post.id))
            for r in rows:
                contact = PublicContact.of_staff(r.role, r.name, r.work_phone, r.phone,
                                                 _photo(r.photo_path))
                self.posts[r.grid_id].append((r.role, r.sort_order, contact))
        self.office = settings.get(db, settings.OFFICE_NAME, "")
        self.children: dict[int | None, list[_Node]] = defaultdict(list)
        for node in self.nodes.values():
            self.children[node.parent_id].append(node)
        for kids in self.children.values():
            kids.sort(key=lambda n: (n.sort, n.code))

    def contacts(self, grid_id: int, roles: tuple[str, ...]) -> list[PublicContact]:
        order = {role: i for i, role in enumerate(roles)}
        found = [(order[role], sort, c) for role, sort, c in self.posts.get(grid_id, ()) if role in order]
        found.sort(key=lambda t: (t[0], t[1]))
        return [c for _, _, c in found]

    def ancestor(self, node: _Node, level: str) -> _Node | None:
        current: _Node | None = node
        while current is not None and current.level != level:
            current = self.nodes.get(current.parent_id) if current.parent_id is not None else None
        return current

    def micro_grids(self, under: _Node | None = None) -> list[_Node]:
        out: list[_Node] = []

        def walk(parent_id: int | None) -> None:
            for n in self.children.get(parent_id, ()):
                if n.level in (GridLevel.MICRO, GridLevel.DEDICATED):
                    out.append(n)
                walk(n.id)

        if under is not None and under.level in (GridLevel.MICRO, GridLevel.DEDICATED):
            return [under]
        walk(under.id if under is not None else None)
        return out

    def households_under(self, node: _Node) -> int:
        return self.households.get(node.id, 0) + sum(self.households_under(k)
                                                      for k in self.children.get(node.id, ()))

    def by_code(self, code: str) -> _Node:
        for node in self.nodes.values():
            if node.code == code:
                return node
        raise PosterError(tr("没有编码为 {code} 的网格").format(code=code))


def _photo(path: str | None) -> str | None:
    """The photo file when it exists (relative paths are in the data folder)."""
    if not path:
        return None
    p = Path(path)
    if not p.is_absolute():
        p = paths.data_dir() / p
    return str(p) if p.is_file() else None


# ---- posters ------------------------------------------------------------------------------
def posters(db: Database, code: str | None = None, on: dt.date | None = None) -> list[Poster]:
    """The posters of one micro-grid (``code``), of every micro-grid under a grid, or of all."""
    snap = _Snapshot(db)
    under = snap.by_code(code) if code else None
    conf = load_settings(db)
    text = conf.text()
    on = on or dt.date.today()
    return [_poster(snap, micro, conf, text, on) for micro in snap.micro_grids(under)]


def _poster(snap: _Snapshot, micro: _Node, conf: PosterSettings, text: PosterText,
            on: dt.date) -> Poster:
    general = snap.ancestor(micro, GridLevel.GENERAL)
    community = snap.ancestor(micro, GridLevel.COMMUNITY)
    tiers: list[Tier] = []
    if community is not None:
        tiers.append(Tier(tr("总网格"), community.name, tuple(snap.contacts(community.id, COMMUNITY_ROLES))))
    if general is not None:
        tiers.append(Tier(tr("一般网格"), general.name, tuple(snap.contacts(general.id, GENERAL_ROLES))))
    micro_contacts = snap.contacts(micro.id, MICRO_ROLES)
    if not any(c.post == Role.DOCTOR for c in micro_contacts):  # the gap shows: 家庭医生：待安排
        at = sum(1 for c in micro_contacts if c.post in (Role.MICRO_LEADER, Role.MICRO_STAFF))
        micro_contacts.insert(at, PublicContact(str(Role.DOCTOR), tr(PENDING), ""))
    tiers.append(Tier(tr("微网格"), micro.name, tuple(micro_contacts)))
    tiers = [t for t in tiers if t.contacts]
    leader = next((c for c in micro_contacts if c.post == Role.MICRO_LEADER and c.phone), None)
    qr = conf.qr_url.strip() or (f"tel:{_dial(leader.phone)}" if leader else "")
    return Poster(
        office=snap.office, community=community.name if community else "",
        general=general.name if general else "", grid=micro.name, code=micro.code,
        covers=micro.covers, households=snap.households_under(micro), tiers=tuple(tiers),
        text=text, qr_target=qr, printed_on=on,
    )


def _dial(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


# ---- the chart ----------------------------------------------------------------------------
def chart(db: Database, community_code: str | None = None) -> list[ChartCommunity]:
    """The 总 → 一般 → 微 tree of one community, or of every community in the database."""
    snap = _Snapshot(db)
    if community_code:
        node = snap.by_code(community_code)
        if node.level != GridLevel.COMMUNITY:
            raise PosterError(tr("{code} 不是总网格（村/社区）").format(code=community_code))
        communities = [node]
    else:
        communities = sorted((n for n in snap.nodes.values() if n.level == GridLevel.COMMUNITY),
                             key=lambda n: (snap.nodes[n.parent_id].sort if n.parent_id in snap.nodes else 0,
                                            n.sort, n.code))
    out = []
    for com in communities:
        generals = []
        for gen in snap.children.get(com.id, ()):
            if gen.level != GridLevel.GENERAL:
                continue
            micros = [
                ChartMicro(m.name, m.code, snap.households_under(m), tuple(snap.contacts(m.id, CHART_MICRO_ROLES)))
                for m in snap.children.get(gen.id, ()) if m.level == GridLevel.MICRO
            ]
            generals.append(ChartGeneral(gen.name, gen.code, snap.households_under(gen),
                                         tuple(snap.contacts(gen.id, (Role.GENERAL_LEADER,))), tuple(micros)))
        out.append(ChartCommunity(com.name, com.code, snap.households_under(com),
                                  tuple(snap.contacts(com.id, COMMUNITY_ROLES[:3])), tuple(generals),
                                  snap.office))
    return out


class PosterError(ServiceError):
    """A board or chart that cannot be made (an unknown grid, a grid with no micro-grids)."""


# ---- writing files ------------------------------------------------------------------------
class OutputError(PosterError):
    """A PDF could not be written (folder missing, disk full, file open elsewhere)."""


def _safe(name: str) -> str:
    bad = '<>:"/\\|?*'
    return "".join("_" if ch in bad or ord(ch) < 32 else ch for ch in name).strip() or "poster"


def _writing(db: Database, path: Path, write: Callable[[Path], int]) -> int:
    """Write through the output guard (store/outputs.py: never onto the database, an input or a
    backup; a temporary file renamed into place, so a failure never leaves half a PDF behind).
    A board is a Chinese document whatever the screen's language. A missing folder is refused
    (as the ledgers do), not created: a mistyped path should not scatter files."""
    if not path.parent.is_dir():
        raise OutputError(tr("文件夹不存在：{path}").format(path=path.parent))
    try:
        with outputs.atomic_output(path, db=db) as tmp, source_language():
            return write(tmp)
    except OSError as exc:
        if isinstance(exc, PermissionError) and path.exists():  # Windows: the PDF is open in a reader
            raise OutputError(tr("不能覆盖 {path}：文件可能正在 PDF 阅读器中打开。请关闭它，或换一个文件名。")
                              .format(path=path)) from exc
        raise OutputError(tr("无法写入 {path}：{reason}").format(path=path, reason=exc.strerror or exc)) from exc


def write_posters_file(db: Database, code: str | None, out: Path, paper: str = "A4",
                       on: dt.date | None = None, progress: Progress | None = None,
                       cancelled: Callable[[], bool] | None = None) -> int:
    """The posters of ``code`` (one micro-grid, or every micro-grid under it; all when None)
    in one PDF. Returns the page count."""
    items = posters(db, code, on)
    if not items:
        raise PosterError(tr("{code} 下没有微网格").format(code=code or tr("数据库")))
    return _writing(db, out, lambda p: write_posters(items, p, paper, len(items), progress, cancelled))


def write_posters_folder(db: Database, out_dir: Path, paper: str = "A4", on: dt.date | None = None,
                         progress: Progress | None = None,
                         cancelled: Callable[[], bool] | None = None) -> list[Path]:
    """One PDF per micro-grid in ``out_dir`` (named ``CODE-名称.pdf``)."""
    items = posters(db, None, on)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)  # a folder named for the batch is made
    except OSError as exc:
        raise OutputError(tr("无法建立文件夹 {path}：{reason}").format(path=out_dir, reason=exc.strerror or exc)) from exc
    written: list[Path] = []
    for i, poster in enumerate(items):
        if cancelled is not None and cancelled():
            break
        path = out_dir / f"{_safe(poster.code)}-{_safe(poster.grid)}.pdf"
        _writing(db, path, lambda p, poster=poster: write_posters([poster], p, paper))  # type: ignore[misc]
        written.append(path)
        if progress is not None:
            progress(i + 1, len(items))
    return written


def write_chart_file(db: Database, community_code: str | None, out: Path,
                     on: dt.date | None = None) -> int:
    communities = chart(db, community_code)
    if not communities:
        raise PosterError(tr("数据库里没有总网格（村/社区）"))
    return _writing(db, out, lambda p: write_chart(communities, p, on))

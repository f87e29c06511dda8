import datetime as dt

import pytest

from gridoffice.services.matters import core as matters
from gridoffice.services.matters import stats as matter_stats
from gridoffice.services.matters.core import (
    CLOSED,
    IN_PROGRESS,
    PENDING,
    TRANSFERRED,
    MatterFilter,
    MatterInput,
)
from tests.visit_office import build

T = dt.datetime
NOW = T(2023, 3, 1, 12, 0)


@pytest.fixture
def office(db):
    return build(db)


def log(db, office, at, category="求助", grid="m1", **kw):
    data = MatterInput(reported_at=at, category=category, description=kw.pop("description", "电梯困人"),
                       grid_id=office[grid], **kw)
    change = matters.add_matter(db, data, now=NOW)
    return next(iter(change.rows["matter"])), change


def test_log_and_undo_and_redo(db, office):
    mid, change = log(db, office, T(2023, 2, 1, 9), reporter_name="王大姐", handler_staff_id=office["leader"])
    row = matters.matter_rows(db, [mid])[0]
    assert (row.state, row.reporter, row.handler, row.grid_name) == (PENDING, "王大姐", "李组长", "第1微网格")
    removed = change.undo()
    assert matters.matter_ids(db, now=NOW) == []
    removed.undo()
    assert matters.matter_ids(db, now=NOW) == [mid]


def test_states_move_forward_and_record_times(db, office):
    mid, _ = log(db, office, T(2023, 2, 1, 9, 0))
    matters.move(db, mid, IN_PROGRESS, at=T(2023, 2, 1, 9, 30))
    change = matters.move(db, mid, CLOSED, at=T(2023, 2, 3, 9, 0), outcome="已联系物业修好")
    row = matters.matter_rows(db, [mid])[0]
    assert row.state == CLOSED and row.responded_at == T(2023, 2, 1, 9, 30)
    assert row.response_hours() == 0.5 and row.close_days() == 2.0
    assert row.outcome == "已联系物业修好"
    back = change.undo()
    row = matters.matter_rows(db, [mid])[0]
    assert row.state == IN_PROGRESS and row.closed_at is None and row.outcome == ""
    back.undo()
    assert matters.matter_rows(db, [mid])[0].state == CLOSED


def test_invalid_moves_are_refused_with_a_sentence(db, office):
    mid, _ = log(db, office, T(2023, 2, 1, 9))
    with pytest.raises(matters.MatterError, match="办理结果"):
        matters.move(db, mid, CLOSED, at=T(2023, 2, 2))
    with pytest.raises(matters.MatterError, match="转到哪里"):
        matters.move(db, mid, TRANSFERRED, at=T(2023, 2, 2))
    with pytest.raises(matters.MatterError, match="早于登记时间"):
        matters.move(db, mid, IN_PROGRESS, at=T(2023, 1, 31))
    with pytest.raises(matters.MatterError, match="已经是"):
        matters.move(db, mid, PENDING, at=T(2023, 2, 2))
    matters.move(db, mid, CLOSED, at=T(2023, 2, 2), outcome="当场解答")
    with pytest.raises(matters.MatterError, match="已办结的事项不能再改状态"):
        matters.move(db, mid, IN_PROGRESS, at=T(2023, 2, 3))
    mid2, _ = log(db, office, T(2023, 2, 1, 9))
    matters.move(db, mid2, IN_PROGRESS, at=T(2023, 2, 1, 10))
    with pytest.raises(matters.MatterError, match="不能直接改为"):
        matters.move(db, mid2, PENDING, at=T(2023, 2, 2))


def test_transfer_and_back(db, office):
    mid, _ = log(db, office, T(2023, 2, 1, 9), category="矛盾纠纷")
    matters.move(db, mid, TRANSFERRED, at=T(2023, 2, 1, 15), transferred_to="街道综治中心")
    row = matters.matter_rows(db, [mid])[0]
    assert row.transferred_to == "街道综治中心" and row.response_hours() == 6.0 and row.closed_at is None
    matters.move(db, mid, CLOSED, at=T(2023, 2, 10), outcome="街道调解成功")
    assert matters.matter_rows(db, [mid])[0].state == CLOSED


def test_bad_matters_are_refused(db, office):
    with pytest.raises(matters.MatterError, match="事项内容"):
        log(db, office, T(2023, 2, 1), description="  ")
    with pytest.raises(matters.MatterError, match="晚于现在"):
        log(db, office, T(2023, 3, 2))
    with pytest.raises(matters.MatterError, match="紧急程度"):
        log(db, office, T(2023, 2, 1), urgency="马上")
    with pytest.raises(matters.MatterError, match="地点"):
        log(db, office, T(2023, 2, 1), address="长" * 201)


def test_edit_and_undo(db, office):
    mid, _ = log(db, office, T(2023, 2, 1, 9))
    change = matters.edit_matter(db, mid, now=NOW, category="设施报修", handler_staff_id=office["doctor"])
    row = matters.matter_rows(db, [mid])[0]
    assert row.category == "设施报修" and row.handler == "周医生"
    change.undo()
    row = matters.matter_rows(db, [mid])[0]
    assert row.category == "求助" and row.handler == ""
    with pytest.raises(matters.MatterError, match="不能早于登记时间"):
        matters.edit_matter(db, mid, now=NOW, responded_at=T(2023, 1, 1))


def test_lists_by_state_grid_category_handler_and_old_open(db, office):
    a, _ = log(db, office, T(2023, 2, 1, 9), handler_staff_id=office["leader"])
    b, _ = log(db, office, T(2023, 2, 25, 9), category="环境卫生", grid="m2")
    c, _ = log(db, office, T(2023, 2, 26, 9), category="环境卫生", description="垃圾清运不及时")
    matters.move(db, c, CLOSED, at=T(2023, 2, 27), outcome="已清运")
    assert matters.matter_ids(db, now=NOW) == [c, b, a]  # newest first
    assert matters.matter_ids(db, MatterFilter(state="open"), now=NOW) == [b, a]
    assert matters.matter_ids(db, MatterFilter(state=CLOSED), now=NOW) == [c]
    assert matters.matter_ids(db, MatterFilter(grid_id=office["m2"]), now=NOW) == [b]
    assert matters.matter_ids(db, MatterFilter(grid_id=office["general"]), now=NOW) == [c, b, a]
    assert matters.matter_ids(db, MatterFilter(category="环境卫生"), now=NOW) == [c, b]
    assert matters.matter_ids(db, MatterFilter(handler_staff_id=office["leader"]), now=NOW) == [a]
    assert matters.matter_ids(db, MatterFilter(text="垃圾"), now=NOW) == [c]
    assert matters.matter_ids(db, MatterFilter(old_only=True), now=NOW) == [a]  # open, > 7 days
    assert matters.matter_ids(db, sort="reported_at", descending=False, now=NOW) == [a, b, c]
    rows = {r.id: r for r in matters.matter_rows(db, [a, b, c])}
    assert rows[a].is_old(NOW, 7) and not rows[b].is_old(NOW, 7) and not rows[c].is_old(NOW, 7)
    matters.set_old_days(db, 3)
    assert matters.matter_ids(db, MatterFilter(old_only=True), now=NOW) == [b, a]
    assert matters.counts_by_state(db) == {PENDING: 2, IN_PROGRESS: 0, CLOSED: 1, TRANSFERRED: 0}


def test_categories_are_editable(db):
    assert matters.categories(db)[:2] == ["求助", "矛盾纠纷"]
    change = matters.set_categories(db, ["求助", " 噪音扰民 ", "求助", ""])
    assert matters.categories(db) == ["求助", "噪音扰民"]
    change.undo()
    assert "设施报修" in matters.categories(db)
    with pytest.raises(matters.MatterError):
        matters.set_categories(db, [" "])


def test_medians_per_month_and_per_grid(db, office):
    def closed(at, respond_h, close_h, grid="m1"):
        mid, _ = log(db, office, at, grid=grid)
        matters.move(db, mid, IN_PROGRESS, at=at + dt.timedelta(hours=respond_h))
        matters.move(db, mid, CLOSED, at=at + dt.timedelta(hours=close_h), outcome="办好")

    closed(T(2023, 1, 5, 8), 1, 24)
    closed(T(2023, 1, 20, 8), 3, 48)
    closed(T(2023, 1, 31, 22), 5, 72, grid="m2")  # reported in January, closed in February
    closed(T(2023, 2, 10, 8), 2, 12, grid="m2")
    log(db, office, T(2023, 2, 20, 8))  # still open: counted, no times
    months = {r.key: r for r in matter_stats.medians(db, "month")}
    assert months["2023-01"].matters == 3 and months["2023-01"].median_response_hours == 3.0
    assert months["2023-01"].median_close_days == 2.0
    assert months["2023-02"].matters == 2 and months["2023-02"].open == 1
    assert months["2023-02"].median_close_days == 0.5
    grids = {r.key: r for r in matter_stats.medians(db, "grid", office["general"])}
    assert set(grids) == {"T-01-01", "T-01-02"}
    assert grids["T-01-01"].matters == 3 and grids["T-01-01"].median_close_days == 1.5
    assert grids["T-01-02"].median_response_hours == 3.5
    whole = matter_stats.medians(db, "grid")  # the community's children: the general grid
    assert [(r.key, r.matters) for r in whole] == [("T-01", 5)]
    total = matter_stats.overall(db)
    assert total.matters == 5 and total.closed == 4 and total.median_response_hours == 2.5

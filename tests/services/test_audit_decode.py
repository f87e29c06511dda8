"""The audit decoder (services/audit/decode.py): labels from the field registry, ids as names,
codes as words, times as times; and no identifier-like token in any ledger a clerk receives."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import SQLModel

import gridoffice.store.models  # noqa: F401  (every table registered)
from gridoffice.services import field_labels, ledgers
from gridoffice.services.audit import core as audit
from gridoffice.services.audit.decode import grid_paths
from tests.services.audit_world import make_edits

SNAKE = re.compile(r"[a-z]+_[a-z_]+")
NOT_LABELLED = {"id"}


def test_every_column_of_every_model_has_a_label():
    missing = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name in ("audit_event", "setting", "alembic_version"):
            continue
        assert table.name in field_labels.TABLE_LABELS, table.name
        for column in table.columns:
            if column.name in NOT_LABELLED:
                continue
            label = field_labels.field_label(table.name, column.name)
            if not label or SNAKE.search(label) or label == column.name:
                missing.append(f"{table.name}.{column.name}")
    assert missing == []


def _decoded(db) -> list[audit.AuditRow]:  # type: ignore[no-untyped-def]
    return audit.page(db, audit.AuditFilter(), 0, 5000)


def test_the_trail_reads_as_a_clerk_would(village):
    edits = make_edits(village)
    rows = _decoded(village)
    with village.reading() as s:
        paths = grid_paths(s)
    by_field = {(r.table, r.field_text): r for r in rows if r.field}
    moved = by_field[("household", "所属网格")]
    assert moved.subject == f"户号 {edits['household']}"
    assert moved.old_text == paths[edits["old_grid"]] and moved.new_text == paths[edits["new_grid"]]
    assert "·" in moved.new_text
    relation = by_field[("person", "与户主关系")]
    assert (relation.old_text, relation.new_text, relation.subject) == ("户主", "子", edits["person_name"])
    assert by_field[("person", "民族")].new_text == "回族"
    assert by_field[("matter", "办结时间")].new_text == "2023-01-05 09:30"
    assert by_field[("matter", "办理结果")].new_text == "已修好"
    assert by_field[("entitlement", "发放状态")].new_text == "已发"
    assert by_field[("campaign", "活动状态")].new_text == "发放中"
    assert by_field[("post", "服务团队成员")].new_text == "是"
    phone = by_field[("person", "电话")]
    assert phone.new_text == "13912345678" and phone.new_masked == "139****5678"
    closed = next(r for r in rows if r.table == "campaign" and r.field == "state" and r.new == "closed")
    assert (closed.field_text, closed.old_text, closed.new_text) == ("活动状态", "发放中", "已结束")
    member = next(r for r in rows if r.table == "key_membership")
    assert "残疾类别：肢体" in member.new_text and "残疾等级：二级" in member.new_text
    assert member.subject == f"{edits['person_name']}（残疾人）"
    assert all(r.subject for r in rows), "every event names its object"
    assert not [r.subject for r in rows if r.subject.startswith("#")]
    for r in rows:
        for value in (r.subject, r.field_text, r.old_text, r.new_text, r.old_masked, r.new_masked):
            assert not SNAKE.search(value), f"{r.table}/{r.field}: {value}"


def test_cli_pane_and_ledger_show_the_same_decoded_values(village):
    make_edits(village)
    ledger = ledgers.build(village, "audit", ledgers.LedgerOptions())
    (sheet,) = ledger.sheets
    assert [c.header for c in sheet.columns] == ["时间", "操作员", "操作", "对象类别", "对象", "字段", "原值", "新值"]
    first = next(iter(sheet.rows))
    row = _decoded(village)[0]
    assert first[4:] == [row.subject, row.field_text, row.old_text, row.new_text]
    assert isinstance(first[0], dt.datetime)


def _cells(ledger):  # type: ignore[no-untyped-def]
    for sheet in ledger.sheets:
        yield sheet.title
        yield from (c.header for c in sheet.columns)
        for row in sheet.rows:
            yield from row
        yield from sheet.total or ()


@pytest.mark.parametrize("public", [False, True])
def test_no_ledger_hands_a_clerk_an_identifier(village, public):
    """Every registered ledger of the village (and the audit ledger after edits of every kind):
    no ``snake_case`` token in any cell."""
    ids = make_edits(village)
    for key, entry in sorted(ledgers.available().items()):
        if public and not entry.public:
            continue
        options = ledgers.LedgerOptions(on=dt.date(2023, 1, 7), public=public, campaign_id=ids["campaign"])
        for cell in _cells(ledgers.build(village, key, options)):
            if isinstance(cell, str):
                assert not SNAKE.search(cell), f"{key}: {cell}"

"""The ``audit`` ledger (操作日志): every recorded change, filtered like the viewer.

Options: ``grid_code`` (that grid and everything under it); ``extra``: ``operator``, ``since``,
``until`` (YYYY-MM-DD), ``person`` (name or ID number), ``household`` (户号). There is no public
version: old and new values carry health, assistance and care text (domain.md §4).
"""

from __future__ import annotations

import datetime as dt

from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.i18n import N_, tr
from gridoffice.services import ledgers
from gridoffice.services import settings as office_settings
from gridoffice.services.audit import core as audit
from gridoffice.services.scope import grid_id_by_code
from gridoffice.store import Database


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def audit_filter(db: Database, options: ledgers.LedgerOptions) -> audit.AuditFilter:
    extra = options.extra
    grid_id = None
    if options.grid_code:
        grid_id = grid_id_by_code(db, options.grid_code)
    person = extra.get("person")
    household = extra.get("household")
    return audit.AuditFilter(
        person_ids=audit.find_persons(db, person) if person else None,
        household_ids=audit.find_households(db, household) if household else None,
        grid_id=grid_id, operator=extra.get("operator", ""),
        since=_date(extra.get("since")), until=_date(extra.get("until")),
    )


@ledgers.register("audit", N_("操作日志"), public=False)
def build(db: Database, options: ledgers.LedgerOptions) -> Ledger:
    if options.public:
        raise ledgers.LedgerError(tr("操作日志记录了居民的健康、救助、照料等原值和新值，不能导出公示版。"))
    f = audit_filter(db, options)
    def rows():  # type: ignore[no-untyped-def]
        for r in audit.iterate(db, f):  # decoded: labels, names, words and times (audit_decode)
            yield [r.at, r.operator, audit.action_label(r.action), audit.table_label(r.table), r.subject,
                   r.field_text, r.old_text, r.new_text]

    sheet = Sheet(
        name=tr("操作日志"), title=tr("数据修改记录（操作日志）"),
        columns=[Column(tr("时间"), 19, "datetime"), Column(tr("操作员"), 10), Column(tr("操作"), 8),
                 Column(tr("对象类别"), 10), Column(tr("对象"), 16, "name"),
                 Column(tr("字段"), 12), Column(tr("原值"), 30), Column(tr("新值"), 30)],
        rows=rows(), row_count=audit.count(db, f),
    )
    return Ledger(key="audit", title=tr("操作日志"), office=office_settings.get(db, office_settings.OFFICE_NAME),
                  on=options.on, sheets=[sheet], internal=True)

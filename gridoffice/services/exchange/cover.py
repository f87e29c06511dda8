"""报送封面: the printed cover sheet of a package, for the stamped paper copy that goes with the
file — the office, period, sequence, row counts and the package's SHA-256 (never wrapped)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gridoffice.exports.ledger import Column, Ledger, Sheet
from gridoffice.exports.pdf_table import write_ledger_pdf
from gridoffice.i18n import tr
from gridoffice.services.exchange.export import Exported
from gridoffice.services.field_labels import table_label
from gridoffice.store import Database, outputs

LEVEL_TEXT = {"aggregate": "统计数（aggregate）", "pseudonymous": "化名（pseudonymous）", "full": "全部（full）"}


def write(db: Database, done: Exported, office: str, target: Path) -> Path:
    rows: list[list[object]] = [
        [tr("报送单位"), office],
        [tr("数据包文件"), done.path.name],
        [tr("包序号"), str(done.seq)],
        [tr("数据级别"), tr(LEVEL_TEXT.get(done.level, done.level))],
        [tr("范围"), tr("全部记录") if done.full else tr("上次回执以来的变化")],
        [tr("校验值（SHA-256）"), done.sha256],
    ]
    rows += [[tr("{table}（行）").format(table=table_label(t)), str(n)] for t, n in done.counts.items()]
    rows.append([tr("删除记录（行）"), str(done.tombstones)])
    sheet = Sheet(tr("报送封面"), tr("数据报送封面"),
                  [Column(tr("项目"), 16, "text"), Column(tr("内容"), 66, "code")], rows)
    ledger = Ledger("package-cover", tr("数据报送封面"), office, dt.date.today(), sheets=[sheet])
    with outputs.atomic_output(target, db=db) as tmp:
        write_ledger_pdf(ledger, tmp)
    return target

"""Dates between Qt and Python, typed (``QDate.toPython()`` is typed ``object``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)

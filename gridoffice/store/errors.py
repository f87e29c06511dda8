"""Known environment errors, each with one Chinese sentence for the clerk.

Anything not listed here is a bug and is reported as such (with the log path) by the UI.
"""

from __future__ import annotations

import errno
import sqlite3
import sys

from gridoffice.domain.errors import Refusal
from gridoffice.i18n import N_, tr


class StoreError(Refusal):
    """An error the clerk can act on. ``str(err)`` is the sentence to show."""


class DatabaseLocked(StoreError):
    pass


class DiskFull(StoreError):
    pass


class ReadOnly(StoreError):
    pass


class CannotOpen(StoreError):
    pass


class NotADatabase(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


class UpgradeFailed(StoreError):
    pass


class Conflict(StoreError):
    """A uniqueness rule of the data (an ID number, a grid code) was broken by a write that
    raced another one, or by undoing a change after someone else reused the value."""


def translate(exc: BaseException, where: str = "") -> StoreError | None:
    """The known error behind ``exc``, or None when it is a bug."""
    if isinstance(exc, StoreError):
        return exc
    # SQLAlchemy's errors exist only once SQLAlchemy is loaded: this module is imported before it
    # (the GUI's window shows first), and an error raised before it loaded cannot be one of them
    alchemy = sys.modules.get("sqlalchemy.exc")
    if alchemy is None:
        return _translate_plain(exc, where)
    return _translate(exc, where, alchemy.DBAPIError, alchemy.IntegrityError)


def _translate_plain(exc: BaseException, where: str) -> StoreError | None:
    class _Never(Exception):  # stands for SQLAlchemy's classes before it is loaded
        pass

    return _translate(exc, where, _Never, _Never)


_PATH_REASONS = {errno.ENOENT: N_("文件或文件夹不存在"), errno.ENOTDIR: N_("路径中有一段不是文件夹"),
                 errno.EISDIR: N_("这是一个文件夹"), errno.ENAMETOOLONG: N_("路径或文件名太长")}


def _translate(exc: BaseException, where: str, DBAPIError: type[Exception],
               IntegrityError: type[Exception]) -> StoreError | None:
    if isinstance(exc, OSError) and not isinstance(exc, DBAPIError):
        if exc.errno == errno.ENOSPC:
            return DiskFull(tr("磁盘已满，数据没有写入。请清理磁盘空间后再试。"), str(exc))
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return ReadOnly(tr("没有写入权限：{where}。请换一个文件夹或检查权限。").format(where=where or exc.filename or ""), str(exc))
        if exc.errno in _PATH_REASONS:  # said in Chinese whatever language the system speaks
            return CannotOpen(tr("路径不对：{where}（{error}）。请检查文件夹和文件名。").format(
                where=where or exc.filename or "", error=tr(_PATH_REASONS[exc.errno])), str(exc))
        return None
    if isinstance(exc, IntegrityError):
        text = str(exc.orig).lower()  # type: ignore[attr-defined]
        if "id_number" in text:
            what = tr("这个身份证号已经登记在另一个人名下")
        elif "code" in text:
            what = tr("这个网格编码已被别的网格使用")
        elif "foreign key" in text:
            what = tr("之后又有别的记录用到了它")
        else:
            what = tr("这条记录与已有的记录重复或冲突")
        return Conflict(tr("没有保存：{what}（可能刚被另一处修改）。请刷新后再试。").format(what=what),
                        str(exc.orig))  # type: ignore[attr-defined]
    orig = exc.orig if isinstance(exc, DBAPIError) else exc  # type: ignore[attr-defined]
    text = str(orig).lower()
    is_db_error = isinstance(exc, DBAPIError) or isinstance(orig, sqlite3.Error)
    if not is_db_error:
        return None
    if "locked" in text or "busy" in text:
        return DatabaseLocked(
            tr("数据库正被另一个程序（或另一台电脑）使用，请稍后再试，或关闭另一个网格办公窗口。"), text
        )
    if "disk is full" in text or "database or disk is full" in text or "no space" in text:
        return DiskFull(tr("磁盘已满，数据没有写入。请清理磁盘空间后再试。"), text)
    if "readonly" in text or "read-only" in text or "read only" in text:
        return ReadOnly(tr("数据库文件是只读的，不能保存修改。请检查文件或文件夹的权限。"), text)
    if "file is not a database" in text or "file is encrypted" in text or "malformed" in text:
        return NotADatabase(tr("这个文件不是网格办公的数据库，或者已经损坏。"), text)
    if "unable to open" in text or "could not connect" in text or "connection refused" in text:
        return CannotOpen(tr("打不开数据库：{where}。请检查路径或网络地址。").format(where=where), text)
    if "disk i/o error" in text:
        return DiskFull(tr("写入磁盘出错（磁盘可能已满或已拔出），数据没有写入。"), text)
    return None

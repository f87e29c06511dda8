"""A read-only ``file:`` URI for sqlite3 that opens exactly the file meant, whatever its path:
spaces, Chinese, ``#``, ``?`` and ``%`` (an unquoted ``#`` or ``?`` silently cut the path and
opened another, empty database), Windows drive letters and network shares (``\\\\PC1\\共享``)."""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path


def file_uri(posix: str, mode: str = "ro") -> str:
    """``posix`` is an absolute path with forward slashes: ``/home/x.db``, ``C:/x.db`` or a
    share ``//PC1/共享/x.db`` (kept as the URI's path: SQLite only accepts an empty authority)."""
    quoted = urllib.parse.quote(posix, safe="/:")
    if not quoted.startswith("/"):
        quoted = "/" + quoted  # a drive letter: file:///C:/x.db
    return f"file://{quoted}?mode={mode}"


def readonly_uri(path: Path | str) -> str:
    return file_uri(Path(os.path.abspath(path)).as_posix())

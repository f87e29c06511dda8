"""The rotating log file in the data folder, shared by the GUI and the CLI."""

from __future__ import annotations

import logging
import logging.handlers

from gridoffice import paths


def setup_logging() -> str:
    """A rotating log file in the data folder; returns its path ("" when the folder cannot be
    written: the program then runs without a log rather than not at all)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return handler.baseFilename
    try:
        path = paths.log_dir() / "gridoffice.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8",
                                                       errors="backslashreplace")
    except OSError:
        return ""
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    from gridoffice.store.outputs import make_private

    make_private(path)  # a log names files and operators: the owner's only
    return str(path)

"""The exports layer's refusals (an unreadable roster, a cancelled export): see domain.errors."""

from __future__ import annotations

from gridoffice.domain.errors import Refusal


class ExportError(Refusal):
    pass


class ExportCancelled(ExportError):
    """The user cancelled; no file was written."""

"""A change a service refuses (a duplicate code, a grid under the wrong level, a bad phone):
``str(exc)`` is the Chinese sentence for the clerk; nothing was written."""

from __future__ import annotations

from gridoffice.services.errors import ServiceError


class Refused(ServiceError, ValueError):
    """The request breaks a rule of the field; the message says which, in Chinese."""

"""Data that travels (issue 19): signed exchange packages between village offices and the
street. ``export`` writes a package, ``importing`` reads one (dry run, apply), ``receipts``
closes the loop, ``review`` lists and resolves conflicts, ``desk`` is the street's table.
The design is written down in ``store/travel.py``."""

from gridoffice.services.errors import ServiceError


class ExchangeError(ServiceError):
    """A package or receipt refused, with the sentence saying why."""

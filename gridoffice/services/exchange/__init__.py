"""Data that travels (issue 19): signed exchange packages between village offices and the
street. ``export`` writes a package, ``importing`` reads one (dry run, apply; a household's move
package too), ``receipts`` closes the loop (and re-sends refused rows), ``review`` lists and
resolves conflicts, ``desk`` is the street's table, ``moving`` moves a household between
villages, ``doubles`` finds kits handed twice by the pseudonymous key, ``keys`` holds the office
key (and carries it to another PC). Each module's docstring lists the calls the GUI makes.
The design is written down in ``store/travel.py``."""

from gridoffice.services.errors import ServiceError


class ExchangeError(ServiceError):
    """A package or receipt refused, with the sentence saying why."""

"""A refusal the user can act on (an unknown grid, a second hand-out, a move a matter cannot
make…). ``str(err)`` is the Chinese sentence to show. The CLI prints it as one line and exits
2; the GUI shows it as a warning. Every service's own error class derives from it; the root of
all layers' refusals is ``domain.errors.Refusal``."""

from gridoffice.domain.errors import Refusal


class ServiceError(Refusal):
    pass

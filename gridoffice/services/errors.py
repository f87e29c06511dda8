"""A refusal the user can act on (an unknown grid, a second hand-out, a move a matter cannot
make…). ``str(err)`` is the Chinese sentence to show. The CLI prints it as one line and exits
2; the GUI shows it as a warning. Every service's own error class derives from it; the root of
all layers' refusals is ``domain.errors.Refusal``.

The sentence names no command-line flag, command or button: what to do next goes in the hints,
``raise FillError(sentence, **hints(cli=tr("（--existing below）"), gui=tr("请在“…”里选…")))``
— the CLI prints ``err.for_cli()``, the GUI shows ``err.for_gui()``. A GUI hint names a control
that exists (its label as the GUI shows it) or says in words what to do; a choice the GUI never
asks for gets ``cli_only``."""

from gridoffice.domain.errors import Refusal


class ServiceError(Refusal):
    pass


def hints(cli: str = "", gui: str = "") -> dict[str, str]:
    """What to do next on each surface, as a refusal's keyword arguments."""
    return {"hint_cli": cli, "hint_gui": gui}


def cli_only(text: str) -> dict[str, str]:
    """A hint that only the command line needs (the GUI has no such choice to make)."""
    return hints(cli=text)

"""Frozen entry point for gridoffice-cli.exe (console): the same commands, with a console for their output."""

import multiprocessing
import sys

from gridoffice.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the roster reader's child process (services.importing.sheet_limits)
    sys.exit(main())

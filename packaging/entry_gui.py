"""Frozen entry point for gridoffice.exe (windowed): the GUI, or a CLI command when given one."""

import multiprocessing
import sys

from gridoffice.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the roster reader's child process (services.importing.sheet_limits)
    sys.exit(main())

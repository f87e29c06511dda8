"""Frozen entry point for gridoffice-cli.exe (console): the same commands, with a console for their output."""

import sys

from gridoffice.cli import main

sys.exit(main())

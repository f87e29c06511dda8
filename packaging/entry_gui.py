"""Frozen entry point for gridoffice.exe (windowed): the GUI, or a CLI command when given one."""

import sys

from gridoffice.cli import main

sys.exit(main())

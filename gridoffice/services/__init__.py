"""Use-cases: every change goes through a service; the CLI and the GUI share them."""

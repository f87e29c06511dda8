"""The 走访 pane, the visit dialog and the visit rules."""

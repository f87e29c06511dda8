"""The 走访 pane and its week grid, the visit dialog and the visit rules."""

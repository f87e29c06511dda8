"""The grid tree, the selected grid's pane, structure editing, households to grids."""

"""The grid tree: reading it with counts, editing the structure, households to grids."""

"""Importing a roster spreadsheet: reading, column mapping, rows, grids, applying."""

"""Filling an upper level's own form (一表通): reading it, its fields, rows, writing."""

"""Small widgets and models every pane shares (no feature of their own)."""

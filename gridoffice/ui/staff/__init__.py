"""The 网格员 panes and dialogs, the service team, the staff roster."""

"""The 事项 pane, its model and dialogs."""

"""The 住户 pane, the person and household forms and their tabs, person lists."""

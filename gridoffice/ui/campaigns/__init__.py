"""The 物资发放 pane and its dialogs, forms, models and loading."""

"""The 药品互助 pane and its dialogs (入库, 发放, 报废)."""

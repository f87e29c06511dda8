"""公示牌与打印: the posters pane and its wording."""

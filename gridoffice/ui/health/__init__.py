"""The 健康服务 pane (tiers, trend, daily calls, cards), the person form's health tab, health rules, services to the home."""

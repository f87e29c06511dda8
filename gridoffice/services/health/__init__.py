"""Health (健康): profiles, tiers, follow-up rules, services to the home, signing."""

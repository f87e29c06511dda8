"""The demo village and street office: deterministic synthetic data."""

"""Grid staff (网格员) and their posts; the staff roster."""

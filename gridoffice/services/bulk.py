"""``building()`` for the services: pause the cyclic garbage collector while a large result is
made (see ``gridoffice/heap.py`` for why, and for the decision on how the pause ends)."""

from __future__ import annotations

from gridoffice.heap import building

__all__ = ["building"]

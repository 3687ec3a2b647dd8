"""Query verbs for cables; views call these instead of building queries."""

from __future__ import annotations

from django.db import models


class CableQuerySet(models.QuerySet):
    def with_tag(self, code: str) -> CableQuerySet:
        """Cables tagged `code` or any alias of it (RU counts under RS)."""
        return self.filter(cable_tags__tag__canonical=code)

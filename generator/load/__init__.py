"""Layer 2, loading: YAML files read safely with the position of every value, the
folder layout, and the model's validation errors turned into Dutch `Problem`s.

Imports only `generator.model`.
"""

from .reader import ParseMemo, collector_paused, read_archive

__all__ = ["ParseMemo", "collector_paused", "read_archive"]

"""The toolkit's words as types, with no dependencies: directions, sides of a comparison, levels, effects.

Every layer may import this module; it imports nothing of the package.
"""

from __future__ import annotations

from enum import Enum, IntEnum

__all__ = ["Direction", "Effect", "Level", "Side"]


class Direction(str, Enum):
    """Who writes payloads of a contract and who reads them; breaking changes are judged by it."""

    REQUEST = "request"
    """Written by clients, read by the service."""

    RESULT = "result"
    """Written by the service, read by clients."""


class Side(str, Enum):
    """One of the two versions a comparison holds side by side."""

    OLD = "old"
    NEW = "new"

    @property
    def other(self) -> Side:
        """The opposite side."""
        return Side.NEW if self is Side.OLD else Side.OLD


class Level(IntEnum):
    """How serious a finding is, ordered: ``Level.ERR > Level.WARN > Level.INFO``."""

    INFO = 1
    WARN = 2
    ERR = 3

    def __str__(self) -> str:
        return self.name


class Effect(str, Enum):
    """What a change does to the set of payloads a contract accepts."""

    NARROWING = "narrowing"
    WIDENING = "widening"
    BOTH = "both"
    NONE = "none"  # no payload tells the versions apart (e.g. a renamed $defs entry)

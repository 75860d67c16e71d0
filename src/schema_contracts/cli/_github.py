"""GitHub Actions workflow commands (``::error file=...::message``): the one place their escaping lives."""

from __future__ import annotations

__all__ = ["escape_data", "escape_property"]


def escape_data(text: str) -> str:
    """A command's message, escaped as the runner reads it (``%``, carriage return, line feed)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value (``file=``, ``title=``): the message escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")

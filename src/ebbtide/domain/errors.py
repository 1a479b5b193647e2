"""Errors that carry a message meant for a person, never a traceback."""

from __future__ import annotations


class EbbtideError(Exception):
    """Base of every error whose message may be shown to the user as it is."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(EbbtideError):
    """Input that does not fit the domain; nothing has been written."""

    exit_code = 2

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(EbbtideError):
    """A record or person the user named does not exist."""

    exit_code = 2


class StoreError(EbbtideError):
    """The database cannot be used: missing, locked, newer schema, wrong passphrase."""

    exit_code = 1


def shown(value: object, limit: int = 40) -> str:
    """User input made safe to echo in a one-line message: printable and short."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"

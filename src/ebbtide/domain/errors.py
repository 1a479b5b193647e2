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

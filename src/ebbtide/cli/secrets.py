"""Asking a person for a passphrase or a confirmation, only when they are at a terminal."""

from __future__ import annotations

import os
import sys

from ebbtide.cli import messages as msg
from ebbtide.domain.errors import ValidationError

MIN_PASSPHRASE = 8
ENV_NEW_PASSPHRASE = "EBBTIDE_NEW_PASSPHRASE"


def interactive() -> bool:
    """Whether a person is at the keyboard (stdin is a terminal)."""
    return sys.stdin.isatty()


def _getpass(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


def ask_passphrase(path: object) -> str | None:
    """Ask for an existing passphrase, or None when nobody can be asked."""
    if not interactive():
        return None
    return _getpass(msg.ASK_PASSPHRASE.format(path=path))


def new_passphrase(env: str | None = None) -> str:
    """A new passphrase: from the named environment variable, or asked twice."""
    value = os.environ.get(env) if env else None
    if not value:
        if not interactive():
            raise ValidationError(
                "passphrase",
                f"no terminal to ask for a new passphrase; set {env or ENV_NEW_PASSPHRASE}",
            )
        value = _getpass(msg.ASK_NEW_PASSPHRASE)
        if _getpass(msg.ASK_NEW_AGAIN) != value:
            raise ValidationError("passphrase", msg.PASSPHRASE_MISMATCH)
    if len(value) < MIN_PASSPHRASE:
        raise ValidationError("passphrase", msg.PASSPHRASE_TOO_SHORT.format(n=MIN_PASSPHRASE))
    return value


def confirm(question: str, yes: bool) -> bool:
    """True if ``--yes`` was given or the person agrees; refuses when nobody can be asked."""
    if yes:
        return True
    if not interactive():
        raise ValidationError("yes", msg.NEEDS_YES)
    import typer

    return bool(typer.confirm(question, default=False))

"""Where a database's passphrase comes from: the caller, $EBBTIDE_PASSPHRASE, or the keyring.

The OS keyring is used only for databases the person chose to keep there
(``--keyring``). That choice is remembered in ``keyring-dbs.txt`` in ebbtide's config
folder: one database path per line, never the passphrase itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from ebbtide.domain.errors import StoreError
from ebbtide.store.engine import is_encrypted_file, resolve_url, sqlite_path

ENV_PASSPHRASE = "EBBTIDE_PASSPHRASE"
KEYRING_SERVICE = "ebbtide"


def db_file(db: str | None) -> Path | None:
    """The SQLite file a --db value names, or None for a server database."""
    return sqlite_path(resolve_url(db))


def _optin_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path("ebbtide", appauthor=False) / "keyring-dbs.txt"


def _optins() -> list[str]:
    try:
        return [ln for ln in _optin_file().read_text("utf-8").splitlines() if ln.strip()]
    except OSError:
        return []


def uses_keyring(path: Path) -> bool:
    """Whether the person chose to keep this database's passphrase in the keyring."""
    return str(path) in _optins()


def _keyring() -> object:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError as exc:  # pragma: no cover - keyring is a dependency
        raise StoreError("the keyring library is not installed") from exc
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        raise StoreError(
            "no system keyring is available here; use the prompt or EBBTIDE_PASSPHRASE instead"
        )
    return backend


def keyring_passphrase(path: Path) -> str | None:
    """The passphrase kept in the keyring for ``path`` (only if the person opted in)."""
    if not uses_keyring(path):
        return None
    backend = _keyring()
    try:
        value = backend.get_password(KEYRING_SERVICE, str(path))  # type: ignore[attr-defined]
    except Exception as exc:  # a locked or broken keyring must not crash the app
        raise StoreError(f"the system keyring could not be read: {type(exc).__name__}") from exc
    return str(value) if value else None


def remember_passphrase(path: Path, passphrase: str) -> None:
    """Keep the passphrase in the OS keyring and remember that this database uses it."""
    backend = _keyring()
    try:
        backend.set_password(KEYRING_SERVICE, str(path), passphrase)  # type: ignore[attr-defined]
    except Exception as exc:
        raise StoreError(
            f"the system keyring refused the passphrase: {type(exc).__name__}"
        ) from exc
    entries = _optins()
    if str(path) not in entries:
        from ebbtide.interop.files import atomic_write

        atomic_write(_optin_file(), ("\n".join([*entries, str(path)]) + "\n").encode("utf-8"))


def forget_keyring(path: Path) -> bool:
    """Remove this database's passphrase from the keyring; True if one was kept."""
    if not uses_keyring(path):
        return False
    from ebbtide.interop.files import atomic_write

    kept = "".join(f"{e}\n" for e in _optins() if e != str(path))
    atomic_write(_optin_file(), kept.encode("utf-8"))
    try:
        backend = _keyring()
        backend.delete_password(KEYRING_SERVICE, str(path))  # type: ignore[attr-defined]
    except Exception:  # already gone, or the keyring went away: the opt-in is removed anyway
        pass
    return True


def resolve_passphrase(db: str | None) -> str | None:
    """$EBBTIDE_PASSPHRASE, else the keyring (if chosen) for an encrypted file, else None."""
    path = db_file(db)
    if path is None:
        return None
    env = os.environ.get(ENV_PASSPHRASE)
    if env:
        return env
    if is_encrypted_file(path):
        return keyring_passphrase(path)
    return None

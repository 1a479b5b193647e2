"""A private Unix socket for the local web app: only this account can connect (0600)."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

from ebbtide.domain.errors import ValidationError


def bind_private_socket(path: Path) -> socket.socket:
    """Bind a listening Unix socket at ``path`` that only its owner may use.

    A stale socket left by an earlier run is replaced; any other file there is refused,
    so a typo never deletes a person's file.
    """
    if len(os.fsencode(path)) > 100:
        raise ValidationError("socket", f"the socket path is too long for this system: {path}")
    if not path.parent.is_dir():
        raise ValidationError("socket", f"there is no folder {path.parent} for the socket")
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None:
        if not stat.S_ISSOCK(mode):
            raise ValidationError(
                "socket", f"{path} exists and is not a socket; choose another path"
            )
        path.unlink()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)  # the socket is created 0600, with no moment of wider access
    try:
        sock.bind(str(path))
    except OSError:
        sock.close()
        raise
    finally:
        os.umask(old)
    os.chmod(path, 0o600)
    sock.listen(128)
    sock.setblocking(False)
    return sock

"""Writing export files atomically: a crash leaves the old file or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ebbtide.domain.errors import StoreError, ValidationError


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    target = Path(path).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError("output", f"the folder '{folder}' does not exist")
    if target.is_dir():
        raise ValidationError("output", f"'{target}' is a folder; give a file name")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StoreError(f"could not write '{target}': {exc.strerror or exc}") from exc
    return target

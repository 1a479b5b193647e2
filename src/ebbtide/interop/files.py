"""Writing output files atomically and privately: a crash leaves the old file or the new one.

Every output (exports, reports, calendars) is written to a 0600 temporary file beside the
target, flushed, and renamed over it; a missing folder is created (0700), the same way
for every command.
"""

from __future__ import annotations

import os
from pathlib import Path

from ebbtide.domain.errors import StoreError, ValidationError
from ebbtide.store.private import create_temp, ensure_folder, problem_in_words, sweep_temp_files


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError("output", f"'{target}' is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise ValidationError("output", f"'{folder}' is a file, not a folder")
    tmp: Path | None = None
    try:
        ensure_folder(folder)
        sweep_temp_files(target)
        tmp, fd = create_temp(target)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            os.replace(tmp, target)
        finally:
            os.close(fd)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise StoreError(
            f"could not write '{target}': {problem_in_words(exc)}; nothing was written"
        ) from exc
    return target

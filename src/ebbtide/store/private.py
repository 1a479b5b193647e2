"""Files and folders only their owner can read: ebbtide's journal is nobody else's business.

Every file ebbtide writes (the database and its side files, backups, the output of
``encrypt``/``decrypt``, exports, reports) is created 0600, and every folder it creates
0700, whatever the umask says. SQLite gives a database's ``-wal``/``-shm``/``-journal``
the database file's own permissions, so creating the database file 0600 first covers them.

Temporary files (``.<name>.<hex>.tmp``, beside the file they will replace so a rename is
atomic) are created 0600 and hold an ``flock`` while in use. A run that is killed cannot
remove its temporary file; the next run finds it unlocked and overwrites and deletes it
(:func:`sweep_temp_files`), while one that another process is still writing is left alone.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents, each 0700; existing ones are left alone."""
    missing: list[Path] = []
    here = folder
    while not here.exists():
        missing.append(here)
        if here.parent == here:
            break
        here = here.parent
    for f in reversed(missing):
        with contextlib.suppress(FileExistsError):
            f.mkdir(mode=FOLDER_MODE)
            os.chmod(f, FOLDER_MODE)  # mkdir's mode is narrowed by the umask, never widened


def create_private(path: Path) -> int:
    """Create ``path`` empty and 0600 (it must not exist); return a read-write descriptor."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return fd


def make_private(path: Path) -> None:
    """Narrow an existing file (and its SQLite side files) to 0600 if others could read it."""
    for p in (path, *(path.with_name(path.name + s) for s in SIDE_SUFFIXES)):
        with contextlib.suppress(OSError):
            if p.stat().st_mode & 0o077:
                os.chmod(p, FILE_MODE)


def temp_name(path: Path) -> Path:
    """A fresh temporary name beside ``path`` (same folder, so a rename is atomic)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")


def _lock(fd: int, *, wait: bool) -> bool:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock, no sweeping
        return not wait
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def create_temp(path: Path) -> tuple[Path, int]:
    """A new, empty, 0600 temporary file beside ``path``, locked while its descriptor is open."""
    while True:
        tmp = temp_name(path)
        fd = create_private(tmp)
        _lock(fd, wait=True)
        try:
            if os.stat(tmp).st_ino == os.fstat(fd).st_ino:
                return tmp, fd
        except FileNotFoundError:
            pass
        os.close(fd)  # a sweep took it between creation and lock: make another


def wipe(path: Path) -> bool:
    """Overwrite a file's bytes with zeros, then delete it; False if it was not there."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        zero_fill(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)
    return True


def zero_fill(fd: int) -> None:
    """Overwrite an open file's bytes with zeros and flush them."""
    size = os.fstat(fd).st_size
    os.lseek(fd, 0, os.SEEK_SET)
    block = b"\0" * 65536
    left = size
    while left > 0:
        left -= os.write(fd, block[: min(left, len(block))])
    os.fsync(fd)


def sweep_temp_files(path: Path) -> list[Path]:
    """Wipe and delete temporary files a killed run left beside ``path``; return them."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]{{12}}\.tmp")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    removed: list[Path] = []
    for name in names:
        if not pattern.fullmatch(name):
            continue
        tmp = path.with_name(name)
        try:
            fd = os.open(tmp, os.O_RDWR)
        except OSError:
            continue
        try:
            if not _lock(fd, wait=False):
                continue  # another ebbtide is writing it right now
            zero_fill(fd)
            for side in (tmp.with_name(name + s) for s in SIDE_SUFFIXES):
                wipe(side)
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
        finally:
            os.close(fd)
    return removed


def problem_in_words(exc: OSError) -> str:
    """What went wrong with a file, said plainly ("the disk is full", not "errno 28")."""
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return (exc.strerror or str(exc)).lower()

"""Private files by default: 0600 files and 0700 folders, whatever the umask says."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

KEY = "a quiet harbour"


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The common default: new files 0644 and folders 0755 unless a program says otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_every_file_and_folder_ebbtide_writes_is_private(
    tmp_path: Path,
    open_umask: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ebbtide.cli.main import run

    def ebb(*args: str) -> None:
        assert run(list(args)) == 0, capsys.readouterr().err

    db = tmp_path / "new" / "data" / "ebbtide.db"
    ebb("--db", str(db), "checkin", "connected", "--note", "private words")
    ebb("--db", str(db), "contact", "Sam", "--yes", "--safety", "4")
    from ebbtide import service
    from ebbtide.service.context import open_context

    live = open_context(str(db))
    service.add_checkin(live, "mobilized")  # the WAL and shared memory exist while open
    for p in (db, db.with_name("ebbtide.db-wal"), db.with_name("ebbtide.db-shm")):
        assert _mode(p) == 0o600, p
    live.close()
    assert _mode(tmp_path / "new") == 0o700 and _mode(db.parent) == 0o700
    out = tmp_path / "out" / "deeper"
    ebb("--db", str(db), "backup", "-o", str(out / "backup.db"))
    ebb("--db", str(db), "export", "json", "-o", str(out / "all.json"))
    ebb("--db", str(db), "export", "csv", "-o", str(out / "csv"))
    ebb("--db", str(db), "report", "-o", str(out / "report.html"))
    ebb("--db", str(db), "calendar", "export", "-o", str(out / "steps.ics"))
    ebb("--db", str(db), "export", "fhir", "-o", str(out / "fhir.json"))
    written = [p for p in (tmp_path / "out").rglob("*")]
    assert len(written) > 8
    for p in written:
        assert _mode(p) == (0o700 if p.is_dir() else 0o600), p
    monkeypatch.setenv("EBBTIDE_PASSPHRASE", KEY)
    ebb("--db", str(db), "encrypt")
    assert _mode(db) == 0o600
    ebb("--db", str(db), "decrypt", "--yes")
    assert _mode(db) == 0o600  # the plaintext copy as well
    monkeypatch.delenv("EBBTIDE_PASSPHRASE")
    ebb("--db", str(db), "log")
    for p in db.parent.iterdir():
        assert _mode(p) == 0o600, p


def test_a_database_made_world_readable_by_an_older_version_is_narrowed(
    tmp_path: Path, open_umask: None
) -> None:
    from ebbtide.service.context import open_context

    db = tmp_path / "ebbtide.db"
    open_context(str(db)).close()
    os.chmod(db, 0o644)
    open_context(str(db)).close()
    assert _mode(db) == 0o600

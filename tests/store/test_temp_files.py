"""No plaintext left behind: temp files are 0600, removed on every way out, swept after a kill."""

from __future__ import annotations

import os
import secrets
import signal
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ebbtide.domain.records import CheckIn
from ebbtide.service.context import open_context
from ebbtide.store import files, repo
from ebbtide.store.engine import is_encrypted_file
from ebbtide.store.private import create_temp, sweep_temp_files

ROOT = Path(__file__).resolve().parents[2]
KEY = "tide pools at dusk"
SENTINEL = "plaintext-sentinel-"


def _env(passphrase: str | None) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), EBBTIDE_TZ="Europe/Berlin")
    env.pop("EBBTIDE_PASSPHRASE", None)
    if passphrase:
        env["EBBTIDE_PASSPHRASE"] = passphrase
    return env


def _ebbtide(db: Path, *args: str, passphrase: str | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ebbtide", "--db", str(db), *args],
        env=_env(passphrase),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _run(db: Path, *args: str, passphrase: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ebbtide", "--db", str(db), *args],
        env=_env(passphrase),
        capture_output=True,
        text=True,
        check=False,
    )


def _big_history(db: Path, passphrase: str | None) -> None:
    """About 8 MB of check-ins, so a rewrite takes long enough to be caught part-way."""
    ctx = open_context(str(db), tz="Europe/Berlin", passphrase=passphrase)
    start = datetime(2025, 1, 1, tzinfo=UTC)

    def work(conn: object) -> None:
        for i in range(900):
            note = SENTINEL + secrets.token_hex(4500)
            rec = CheckIn(at=start + timedelta(hours=i), tz="Europe/Berlin", state="connected",
                          note=note)  # fmt: skip
            repo.insert_record(conn, ctx.subject_id, rec)  # type: ignore[arg-type]

    ctx.store.write(work)
    ctx.close()


def _temps(db: Path) -> list[Path]:
    return [p for p in db.parent.iterdir() if p.name.startswith(f".{db.name}.")]


def _kill_part_way(db: Path, args: tuple[str, ...], passphrase: str | None) -> Path | None:
    """Start the command, freeze it once its temp file has content, check it, kill it."""
    proc = _ebbtide(db, *args, passphrase=passphrase)
    try:
        while proc.poll() is None:
            found = [p for p in _temps(db) if p.name.endswith(".tmp")]
            try:
                if found and found[0].stat().st_size > 0:
                    proc.send_signal(signal.SIGSTOP)
                    tmp = found[0]
                    if not tmp.exists():  # renamed just before the freeze: try again
                        return None
                    assert stat.S_IMODE(tmp.stat().st_mode) == 0o600
                    return tmp
            except FileNotFoundError:
                continue
        return None
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.slow
@pytest.mark.parametrize("command", ["decrypt", "encrypt"])
def test_a_killed_rewrite_leaves_a_private_temp_file_that_the_next_start_deletes(
    tmp_path: Path, command: str
) -> None:
    db = tmp_path / "ebbtide.db"
    encrypted_before = command == "decrypt"
    _big_history(db, KEY if encrypted_before else None)
    args = ("decrypt", "--yes") if command == "decrypt" else ("encrypt",)
    tmp = None
    for _attempt in range(25):
        tmp = _kill_part_way(db, args, KEY)
        if tmp is not None:
            break
        # The rewrite finished before it could be caught: put things back and go again.
        back = ("encrypt",) if command == "decrypt" else ("decrypt", "--yes")
        assert _run(db, *back, passphrase=KEY).returncode == 0
    assert tmp is not None, "never caught the rewrite part-way"
    assert tmp.exists()  # a SIGKILL cannot clean up...
    assert is_encrypted_file(db) is encrypted_before  # ...but the database is untouched
    # The next start, whatever the command, wipes and deletes it (not merely truncates).
    log = _run(db, "log", "--limit", "1", passphrase=KEY if encrypted_before else None)
    assert log.returncode == 0, log.stderr
    assert _temps(db) == []


def test_a_rewrite_that_fails_removes_its_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ebbtide.db"
    open_context(str(db)).close()
    seen: list[int] = []

    def broken(path: Path, passphrase: str | None) -> str | None:
        if path != db:
            seen.append(stat.S_IMODE(path.stat().st_mode))
            raise OSError(28, "No space left on device")
        return "head"

    monkeypatch.setattr(files, "check_database", broken)
    with pytest.raises(OSError):
        files.rekey(db, None, KEY)
    assert seen == [0o600]
    assert _temps(db) == []
    with pytest.raises(OSError):
        files.snapshot(db, tmp_path / "b.db", None)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_temp_file_another_run_is_still_writing_is_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "ebbtide.db"
    tmp, fd = create_temp(db)
    try:
        os.write(fd, b"in progress")
        assert sweep_temp_files(db) == []
        assert tmp.read_bytes() == b"in progress"
    finally:
        os.close(fd)
    assert sweep_temp_files(db) == [tmp]
    assert not tmp.exists()


def test_the_sweep_only_touches_ebbtide_temp_names(tmp_path: Path) -> None:
    db = tmp_path / "ebbtide.db"
    keep = [tmp_path / ".ebbtide.db.notours.tmp", tmp_path / "ebbtide.db.0123456789ab.tmp"]
    for p in keep:
        p.write_text("x")
    gone = tmp_path / ".ebbtide.db.0123456789ab.tmp"
    gone.write_text("left by a killed run")
    assert sweep_temp_files(db) == [gone]
    assert all(p.exists() for p in keep)

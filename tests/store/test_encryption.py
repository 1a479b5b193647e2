"""Encryption at rest: the right passphrase opens the store, and nothing leaks in clear."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide import service
from ebbtide.domain.errors import StoreError
from ebbtide.service.context import open_context
from ebbtide.store.engine import PassphraseNeeded, WrongPassphrase, is_encrypted_file, open_store
from tests.conftest import TZ, fixed_clock

SECRET = "low tide, high hopes"
SENTINELS = ("Quillon Marsh", "ZX-SENTINEL-NOTE-4471", "sentinel reflection 9182")


def test_encrypted_store_round_trips_and_refuses_wrong_or_missing_passphrase(db_path: Path) -> None:
    ctx = open_context(str(db_path), tz=TZ, clock=fixed_clock, passphrase=SECRET)
    service.add_checkin(ctx, "connected", note="hello")
    ctx.close()
    assert is_encrypted_file(db_path)
    with pytest.raises(WrongPassphrase, match="does not open"):
        open_store(str(db_path), passphrase="not the one")
    with pytest.raises(PassphraseNeeded, match="is encrypted"):
        open_store(str(db_path))
    again = open_context(str(db_path), passphrase=SECRET)
    try:
        assert [e.record.note for e in service.log(again)] == ["hello"]
    finally:
        again.close()


def test_passphrase_comes_from_the_environment(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EBBTIDE_PASSPHRASE", SECRET)
    open_context(str(db_path)).close()
    assert is_encrypted_file(db_path)
    monkeypatch.delenv("EBBTIDE_PASSPHRASE")
    with pytest.raises(PassphraseNeeded):
        open_context(str(db_path))


def test_a_plain_store_is_not_opened_with_a_passphrase(db_path: Path) -> None:
    open_store(str(db_path)).dispose()
    with pytest.raises(StoreError, match="not encrypted"):
        open_store(str(db_path), passphrase=SECRET)


def _all_bytes(*folders: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for f in folders for p in f.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_sentinels_never_reach_the_disk_in_clear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ebbtide.demo import generate
    from ebbtide.service.demo_data import seed_history
    from ebbtide.service.protect import backup, change_passphrase

    data, temp = tmp_path / "data", tmp_path / "temp"
    data.mkdir()
    temp.mkdir()
    for var in ("TMPDIR", "SQLITE_TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(var, str(temp))
    db = data / "ebbtide.db"
    ctx = open_context(str(db), tz=TZ, clock=fixed_clock, passphrase=SECRET)
    seed_history(ctx, generate("story", days=120, end=ctx.today(), seed=3, tz=TZ))
    for i in range(40):
        service.add_contact(
            ctx,
            [SENTINELS[0]],
            create_missing=True,
            note=f"{SENTINELS[1]} {i}",
            when=f"{i + 1} hours ago",
        )
        service.add_reflection(ctx, "What helped today?", f"{SENTINELS[2]} {i}")
    # Work that makes SQLite sort, search and copy: the moments temporary files appear.
    assert len(service.log(ctx, search="sentinel")) == 80
    backup(ctx, data / "backup.db")
    files_while_open = _all_bytes(data, temp)
    assert any(p.name.endswith("-wal") and b for p, b in files_while_open.items())
    ctx.close()
    change_passphrase(str(db), SECRET, SECRET + " again")
    for where, blob in {**files_while_open, **_all_bytes(data, temp)}.items():
        for s in SENTINELS:
            for form in (s.encode("utf-8"), s.encode("utf-16-le"), s.casefold().encode()):
                assert form not in blob, f"'{s}' found in clear in {where.name}"
    reopened = open_context(str(db), passphrase=SECRET + " again")
    try:
        assert len(service.log(reopened, search=SENTINELS[2])) == 40
    finally:
        reopened.close()

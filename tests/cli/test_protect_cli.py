"""The data commands as a person types them: exact messages and exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from ebbtide.cli.main import run

KEY = "a quiet harbour"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in a dict, for tests."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    kr = MemoryKeyring()
    keyring.set_keyring(kr)
    yield kr
    keyring.set_keyring(previous)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_encrypt_then_wrong_or_missing_passphrase(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(db_path)
    monkeypatch.setenv("EBBTIDE_PASSPHRASE", KEY)
    code, out, _ = _run(capsys, "--db", db, "init", "--encrypt")
    assert code == 0
    assert out.startswith(f"Created a new encrypted ebbtide database at {db}.")
    assert _run(capsys, "--db", db, "checkin", "connected")[0] == 0
    monkeypatch.setenv("EBBTIDE_PASSPHRASE", "not the right one")
    code, out, err = _run(capsys, "--db", db, "today")
    assert (code, out) == (1, "")
    assert err == f"ebbtide: that passphrase does not open {db}\n"
    monkeypatch.delenv("EBBTIDE_PASSPHRASE")
    code, _, err = _run(capsys, "--db", db, "today")
    assert code == 1 and err.count("\n") == 1 and "is encrypted: give its passphrase" in err


def test_the_passphrase_is_asked_at_a_terminal(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    from ebbtide.cli import secrets

    monkeypatch.setattr(secrets, "interactive", lambda: True)
    answers = iter([KEY, KEY, KEY])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert _run(capsys, "--db", str(db_path), "init", "--encrypt")[0] == 0
    code, out, _ = _run(capsys, "--db", str(db_path), "checkin", "connected")
    assert code == 0 and out.startswith("Check-in saved.")


def test_short_or_mismatched_new_passphrases_are_refused(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EBBTIDE_PASSPHRASE", "short")
    code, _, err = _run(capsys, "--db", str(db_path), "init", "--encrypt")
    assert (code, err) == (2, "ebbtide: a passphrase needs at least 8 characters\n")
    assert not db_path.exists()


def test_keyring_without_a_backend_says_so(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    try:
        monkeypatch.setenv("EBBTIDE_PASSPHRASE", KEY)
        code, _, err = _run(capsys, "--db", str(db_path), "init", "--encrypt", "--keyring")
    finally:
        keyring.set_keyring(previous)
    assert code == 1
    assert err == (
        "ebbtide: no system keyring is available here; "
        "use the prompt or EBBTIDE_PASSPHRASE instead\n"
    )


def test_keyring_opt_in_opens_the_store_without_asking(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    monkeypatch.setenv("EBBTIDE_PASSPHRASE", KEY)
    assert _run(capsys, "--db", str(db_path), "init", "--encrypt", "--keyring")[0] == 0
    monkeypatch.delenv("EBBTIDE_PASSPHRASE")
    assert memory_keyring.items == {("ebbtide", str(db_path)): KEY}
    code, out, _ = _run(capsys, "--db", str(db_path), "checkin", "connected")
    assert code == 0 and out.startswith("Check-in saved.")
    assert _run(capsys, "--db", str(db_path), "decrypt", "--yes")[0] == 0
    assert memory_keyring.items == {}


def test_export_import_and_dry_run_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, f = str(tmp_path / "a.db"), str(tmp_path / "b.db"), tmp_path / "x.json"
    _run(capsys, "--db", a, "checkin", "connected", "--note", "hi")
    _run(capsys, "--db", a, "contact", "Lea", "--yes")
    code, out, _ = _run(capsys, "--db", a, "export", "json", "-o", str(f))
    assert (code, out) == (0, f"Exported 1 people, 1 check-ins, 1 contacts to {f}.\n")
    code, out, _ = _run(capsys, "--db", b, "import", str(f), "--dry-run")
    assert out == "Dry run, nothing saved. Would import 1 people, 1 check-ins, 1 contacts.\n"
    code, out, _ = _run(capsys, "--db", b, "import", str(f), "--json")
    assert json.loads(out) == {
        "added": {"people": 1, "checkins": 1, "contacts": 1},
        "skipped": 0,
        "dry_run": False,
        "crisis_notes": 0,
    }
    code, out, _ = _run(capsys, "--db", b, "import", str(f))
    assert out == "Nothing new to import: everything in the file is here already.\n"


def test_a_malformed_file_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "ebbtide-export",\n "version": 1,\n "people": [\n')
    code, out, err = _run(capsys, "--db", str(tmp_path / "x.db"), "import", str(bad))
    assert code == 2 and out == ""
    assert err.startswith("ebbtide: line 4, column 1: not valid JSON")


def test_forget_lists_first_and_needs_a_yes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "f.db")
    _run(capsys, "--db", db, "contact", "Lea", "--yes")
    _run(capsys, "--db", db, "contact", "Lea", "Sam", "--yes")
    code, out, err = _run(capsys, "--db", db, "forget", "Lea")
    assert code == 2
    assert out == (
        "Forgetting Lea removes:\n  Lea from your people\n  1 contact(s) with only Lea\n"
        "  Lea's name from 1 contact(s) with others (the contacts stay)\n"
    )
    assert err == "ebbtide: this cannot be undone; add --yes to confirm\n"
    code, out, _ = _run(capsys, "--db", db, "forget", "Lea", "--yes")
    assert code == 0 and out.endswith(
        "Lea is forgotten; nothing about them is left in the store.\n"
    )


def test_backup_restore_and_erase_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, bak = str(tmp_path / "d.db"), tmp_path / "bak.db"
    _run(capsys, "--db", db, "checkin", "connected", "--note", "keep me")
    code, out, _ = _run(capsys, "--db", db, "backup", "-o", str(bak))
    assert (code, out) == (0, f"Backed up to {bak}.\n")
    code, out, _ = _run(capsys, "--db", db, "erase-all", "--yes")
    assert (code, out) == (0, f"Erased {db}: the database and its side files are gone.\n")
    assert not Path(db).exists()
    code, out, _ = _run(capsys, "--db", db, "restore", str(bak), "--yes")
    assert (code, out) == (0, f"Restored {db} from {bak}.\n")
    code, out, _ = _run(capsys, "--db", db, "log", "--json")
    assert [e["note"] for e in json.loads(out)] == ["keep me"]

"""The fast path for the most common command: a check-in.

Handles exactly `ebbtide checkin STATE [--intensity N] [--body X] [--appetite X]
[--energy N] [--where X] [--note TEXT]` against an existing SQLite database without
loading Typer or SQLAlchemy. A note gets the same crisis check as on the full path, and
the help (full or gentle, the same lines) is printed before the write, so no failure
after it can hide it; the note is never logged. Anything else — help, --when, --json,
global options, a passphrase, a database that is new or elsewhere — returns None so
the full command line handles it with identical results.
"""

from __future__ import annotations

import os
import sys

_OPTIONS = {
    "--intensity": "intensity", "-i": "intensity", "--body": "body", "-b": "body",
    "--appetite": "appetite", "-a": "appetite", "--energy": "energy", "-e": "energy",
    "--where": "where", "--note": "note", "-n": "note",
}  # fmt: skip


def _parse(args: list[str]) -> dict[str, str] | None:
    if len(args) < 2 or args[0] != "checkin" or args[1].startswith("-"):
        return None
    out = {"state": args[1]}
    rest = args[2:]
    while rest:
        flag, *rest = rest
        value: str | None = None
        if "=" in flag and flag.startswith("--"):
            flag, value = flag.split("=", 1)
        name = _OPTIONS.get(flag)
        if name is None or name in out:
            return None
        if value is None:
            if not rest:
                return None
            value, *rest = rest
            if value.startswith("-"):
                return None  # "--note -x": let the full parser decide what it means
        out[name] = value
    for n in ("intensity", "energy"):
        if n in out and not (out[n].isdigit() and 1 <= int(out[n]) <= 5):
            return None  # let the full parser word the error
    return out


def try_fast_checkin(args: list[str]) -> int | None:
    """Run a plain check-in quickly; None when the full CLI must handle it."""
    if os.environ.get("EBBTIDE_PASSPHRASE") or os.environ.get("EBBTIDE_DEBUG"):
        return None
    parsed = _parse(args)
    if parsed is None:
        return None
    db = os.environ.get("EBBTIDE_DB")
    if db and "://" in db:
        return None
    from ebbtide.domain import vocab
    from ebbtide.domain.errors import ValidationError
    from ebbtide.domain.records import CheckIn
    from ebbtide.domain.timekeeping import utc_now
    from ebbtide.service import system_tz

    try:
        record = CheckIn(
            at=utc_now().replace(microsecond=0), tz=system_tz(),
            state=vocab.STATES.parse(parsed["state"], "state"),
            intensity=int(parsed["intensity"]) if "intensity" in parsed else None,
            body=vocab.parse_codes(vocab.BODY_SIGNALS, parsed.get("body"), "body"),
            energy=int(parsed["energy"]) if "energy" in parsed else None,
            appetite=vocab.APPETITES.parse(parsed["appetite"], "appetite") if parsed.get("appetite") else None,
            where=vocab.PLACES.parse(parsed["where"], "where") if parsed.get("where") else None,
            note=parsed.get("note", ""),
        )  # fmt: skip
    except ValidationError as exc:
        sys.stderr.write(f"ebbtide: {exc.message}\n")
        return exc.exit_code
    from ebbtide.service import fast_checkin

    stored = fast_checkin(db, record, show_help=_show_help)
    if stored is None:
        return None
    from ebbtide.cli.messages import SAVED
    from ebbtide.domain.describe import describe_record

    sys.stdout.write(f"{SAVED['checkin']}  #{stored.id} · {describe_record(stored, {})}\n")
    return 0


def _show_help(lines: tuple[str, ...]) -> None:
    """Crisis help, as the full path prints its notices: plain lines on stderr."""
    sys.stderr.write("".join(f"{line}\n" for line in lines))
    sys.stderr.flush()

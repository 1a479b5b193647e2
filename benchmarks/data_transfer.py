"""Export, import, backup and encryption costs on a demo history; prints figures.

Run: .venv/bin/python benchmarks/data_transfer.py [--quick]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ebbtide.demo import generate
from ebbtide.service.context import open_context
from ebbtide.service.demo_data import seed_history
from ebbtide.service.protect import backup, encrypt_store
from ebbtide.service.transfer import export_json, import_file

TZ = "Europe/Berlin"


def _timed(label: str, fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    took = time.perf_counter() - start
    print(f"{label:<34} {took * 1000:9.1f} ms")
    return took


def main() -> None:
    """Seed a history, then time each data operation once."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="90 days instead of 3 years")
    days = 90 if parser.parse_args().quick else 3 * 365
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ctx = open_context(str(folder / "a.db"), tz=TZ)
        records = seed_history(ctx, generate("story", days=days, end=ctx.today(), seed=7, tz=TZ))
        print(f"demo history: {days} days, {records} records")
        _timed("export json", lambda: export_json(ctx, folder / "x.json"))
        size = (folder / "x.json").stat().st_size
        print(f"{'export size':<34} {size / 1024:9.1f} KiB")
        _timed("backup (plain)", lambda: backup(ctx, folder / "b.db"))
        other = open_context(str(folder / "b2.db"), tz=TZ)
        _timed("import json into empty store", lambda: import_file(other, folder / "x.json"))
        _timed("re-import (all skipped)", lambda: import_file(other, folder / "x.json"))
        other.close()
        ctx.close()
        _timed("encrypt in place", lambda: encrypt_store(str(folder / "a.db"), "bench passphrase"))
        _timed(
            "open encrypted store",
            lambda: open_context(str(folder / "a.db"), passphrase="bench passphrase").close(),
        )


if __name__ == "__main__":
    main()

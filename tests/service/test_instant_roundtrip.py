"""Export and import round-trip every instant the domain accepts (1900 up to now)."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide.domain.records import CheckIn
from ebbtide.service.context import open_context
from ebbtide.service.records import log
from ebbtide.service.transfer import export_json, import_file
from ebbtide.store import repo
from tests.conftest import FIXED_NOW, fixed_clock
from tests.support.strategies import valid_instants

ZONES = st.sampled_from(["Europe/Berlin", "America/St_Johns", "Pacific/Kiritimati", "UTC"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_instants().filter(lambda d: d <= FIXED_NOW), ZONES)
def test_every_accepted_instant_survives_export_and_import(at: datetime, tz: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first = open_context(str(Path(folder) / "a.db"), tz=tz, clock=fixed_clock)
        second = open_context(str(Path(folder) / "b.db"), tz=tz, clock=fixed_clock)
        try:
            record = CheckIn(at=at, tz=tz, state="connected", note="x")
            first.store.write(lambda c: repo.insert_record(c, first.subject_id, record))
            export_json(first, Path(folder) / "x.json")
            result = import_file(second, Path(folder) / "x.json")
            assert result.added == {"checkins": 1}
            (back,) = log(second)
            assert back.record.at == at and back.record.tz == tz
        finally:
            first.close()
            second.close()

"""Property tests: any calls and texts, in any zone, are summarised without loss or crash."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ebbtide.sensing import willow
from ebbtide.sensing.logs import CallLog, Coverage, PhoneData, TextLog

ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata"]
START = 1_615_000_000_000  # March 2021, across several DST changes in the next months
events = st.lists(
    st.tuples(
        st.integers(0, 200 * 86_400_000),  # ms after START
        st.sampled_from(["a", "b", "c", ""]),
        st.integers(-1, 3),
        st.integers(0, 500),
    ),
    max_size=60,
)


def _data(
    calls: list[tuple[int, str, int, int]], texts: list[tuple[int, str, int, int]]
) -> PhoneData:
    def arr(rows: list[tuple[int, str, int, int]], i: int) -> np.ndarray:
        return np.asarray([r[i] for r in rows], dtype=np.int64)

    def hours(rows: list[tuple[int, str, int, int]]) -> np.ndarray:
        return np.unique((START + arr(rows, 0)) // 3_600_000 * 3600)

    c = CallLog(
        START + arr(calls, 0),
        tuple(r[1] for r in calls),
        np.clip(arr(calls, 2), -1, 2),
        arr(calls, 3).astype(np.float64),
        (START + arr(calls, 0)) // 3_600_000 * 3600,
    )
    t = TextLog(
        START + arr(texts, 0),
        tuple(r[1] for r in texts),
        arr(texts, 2),
        arr(texts, 3),
        (START + arr(texts, 0)) // 3_600_000 * 3600,
    )
    return PhoneData(c, t, None, Coverage({"calls": hours(calls), "texts": hours(texts)}))


@settings(max_examples=60, deadline=None)
@given(events, events, st.sampled_from(ZONES), st.sampled_from(["daily", "hourly"]))
def test_every_row_lands_in_exactly_one_window(
    calls: list[tuple[int, str, int, int]],
    texts: list[tuple[int, str, int, int]],
    tz: str,
    frequency: willow.Frequency,
) -> None:
    calls.sort()
    texts.sort()
    data = _data(calls, texts)
    table = willow.comm_summary(data, tz, frequency)
    if not calls and not texts:
        assert table is None
        return
    assert table is not None
    got = sum(table.column(c).sum() for c in ("num_in_call", "num_out_call", "num_mis_call"))
    assert got == sum(1 for r in calls if r[2] >= 0)  # kind 3 is clipped to a missed call
    sent = sum(1 for r in texts if r[2] == 0)
    assert table.column("num_s").sum() == sent
    assert (table.column("num_uniq_individuals_call_or_text") <= 4).all()
    willow.comm_summary(data, tz, frequency, forest_compat=True)  # never raises

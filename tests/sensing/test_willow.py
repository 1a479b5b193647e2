"""Calls and texts: Forest 1.0's numbers in compat mode, ebbtide's own rules otherwise."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from ebbtide.sensing import beiwe, willow
from ebbtide.sensing.logs import CallLog, Coverage, PhoneData, TextLog
from ebbtide.sensing.table import read_csv
from tests.sensing.support import FIXTURES, STUDIES, differences, spec, study


@pytest.mark.parametrize("name", STUDIES)
@pytest.mark.parametrize("frequency", ["daily", "hourly"])
def test_compat_equals_forest_on_every_cell(
    name: str, frequency: willow.Frequency, study_root: Path
) -> None:
    folder = study(name, study_root)
    tz = spec(name).tz
    expected = {p.stem: p for p in (FIXTURES / name / frequency).glob("*.csv")}
    assert len(expected) >= 3
    made = {}
    for participant in beiwe.participant_folders(folder):
        data = beiwe.read_participant(participant).data
        table = willow.comm_summary(data, tz, frequency, forest_compat=True)
        if table is not None:
            made[participant.name] = table
    assert sorted(made) == sorted(expected)  # Forest writes nothing for one-stream people
    for code, path in expected.items():
        assert differences(read_csv(path.read_text()), made[code]) == [], code


@pytest.mark.parametrize("name", STUDIES)
def test_compat_csv_is_byte_for_byte_forest(name: str, study_root: Path) -> None:
    folder = study(name, study_root) / "p001"
    table = willow.comm_summary(
        beiwe.read_participant(folder).data, spec(name).tz, "daily", forest_compat=True
    )
    assert table is not None
    assert table.to_csv() == (FIXTURES / name / "daily" / "p001.csv").read_text()


def test_columns_are_forests() -> None:
    assert len(willow.columns("daily")) == 22
    assert len(willow.columns("hourly")) == 21
    assert willow.columns("daily")[3] == "num_in_call"
    assert willow.columns("daily")[-1] == "text_reciprocity_outgoing"


def _ms(y: int, m: int, d: int, h: int, minute: int = 0) -> int:
    return int(datetime(y, m, d, h, minute, tzinfo=UTC).timestamp() * 1000)


def _texts(rows: list[tuple[int, str, int, int]]) -> TextLog:
    return TextLog(
        np.array([r[0] for r in rows], np.int64),
        tuple(r[1] for r in rows),
        np.array([r[2] for r in rows], np.int64),
        np.array([r[3] for r in rows], np.int64),
        np.full(len(rows), -1, np.int64),
    )


def test_native_days_follow_the_zone_across_dst() -> None:
    # New York falls back on 7 Nov 2021: that day has 25 hours, 23:30 local is still 7 Nov.
    late = _ms(2021, 11, 8, 4, 30)  # 23:30 EST on 7 Nov
    texts = _texts([(_ms(2021, 11, 6, 12), "a", 0, 5), (late, "a", 0, 7)])
    data = PhoneData(texts=texts, coverage=Coverage({"texts": np.array([], np.int64)}))
    table = willow.comm_summary(data, "America/New_York", "daily")
    assert table is not None
    days = list(zip(table.column("day"), table.column("num_s"), strict=True))
    assert days == [(6.0, 1.0), (7.0, 1.0)]


def test_native_summarises_texts_alone_and_counts_mms_as_people() -> None:
    texts = _texts([(_ms(2021, 5, 3, 12), "a", 2, 0), (_ms(2021, 5, 3, 13), "b", 1, 9)])
    data = PhoneData(texts=texts, coverage=Coverage({"texts": np.array([], np.int64)}))
    table = willow.comm_summary(data, "UTC", "daily")
    assert table is not None and len(table) == 1
    assert np.isnan(table.column("num_in_call")[0])  # no call stream: empty, not zero
    assert table.column("num_mms_s")[0] == 1
    assert table.column("num_s")[0] == 0
    assert table.column("num_s_tel")[0] == 1  # the MMS was to someone
    assert table.column("num_uniq_individuals_call_or_text")[0] == 2
    assert willow.comm_summary(data, "UTC", "daily", forest_compat=True) is None


def test_native_keeps_the_last_hour_that_forest_drops() -> None:
    hour = _ms(2021, 5, 3, 20) // 1000
    early = hour - 11 * 3600
    calls = CallLog(
        np.array([early * 1000, hour * 1000 + 5], np.int64),
        ("b", "a"),
        np.array([0, 1], np.int64),
        np.array([60.0, 120.0]),
        np.array([early, hour], np.int64),
    )
    texts = _texts([(early * 1000, "b", 0, 4)])
    texts = TextLog(texts.ts_ms, texts.number, texts.kind, texts.length, np.array([early]))
    cov = Coverage({"calls": np.array([early, hour]), "texts": np.array([early])})
    data = PhoneData(calls=calls, texts=texts, coverage=cov)
    ours = willow.comm_summary(data, "UTC", "daily")
    forest = willow.comm_summary(data, "UTC", "daily", forest_compat=True)
    assert ours is not None and forest is not None
    assert ours.column("num_out_call")[0] == 1
    assert ours.column("total_mins_out_call")[0] == 2.0
    assert forest.column("num_out_call")[0] == 0  # the participant's last hour is not read
    assert forest.column("num_in_call")[0] == ours.column("num_in_call")[0] == 1


def test_reciprocity_counts_texts_nobody_answered() -> None:
    t = _ms(2021, 5, 3, 10)
    texts = _texts(
        [
            (t, "a", 1, 3),
            (t + 1, "a", 1, 3),
            (t + 2, "b", 1, 3),
            (t + 3, "b", 0, 3),
            (t + 4, "c", 0, 3),
        ]
    )
    data = PhoneData(texts=texts, coverage=Coverage({"texts": np.array([], np.int64)}))
    table = willow.comm_summary(data, "UTC", "daily")
    assert table is not None
    assert table.column("text_reciprocity_incoming")[0] == 2  # both from a
    assert table.column("text_reciprocity_outgoing")[0] == 1  # the one to c

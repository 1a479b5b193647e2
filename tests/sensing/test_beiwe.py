"""Reading Beiwe folders and plain CSVs: bad rows are named by file and line."""

from __future__ import annotations

from pathlib import Path

from ebbtide.sensing import beiwe

CALLS = "timestamp,UTC time,hashed phone number,call type,duration in seconds\n"


def _participant(root: Path, calls: str) -> Path:
    folder = root / "p1"
    (folder / "calls").mkdir(parents=True)
    (folder / "calls" / "2021-10-01 12_00_00+00_00.csv").write_text(CALLS + calls)
    (folder / "gps").mkdir()
    (folder / "gps" / "2021-10-01 15_00_00+00_00.csv").write_text(
        "timestamp,UTC time,latitude,longitude,altitude,accuracy\n1633100400000,x,51.5,-0.1,3,10\n"
    )
    return folder


def test_rows_and_file_hours_are_read(tmp_path: Path) -> None:
    folder = _participant(tmp_path, "1633089600000,x,abc,Outgoing Call,90\n")
    r = beiwe.read_participant(folder)
    assert r.problems == [] and r.rows == 2
    assert r.data.calls is not None and r.data.calls.number == ("abc",)
    assert r.data.texts is None  # never collected: not "zero texts"
    assert r.data.coverage.last_hour() == 1633100400
    assert r.data.coverage.first_hour("calls") == 1633089600


def test_a_malformed_row_is_named_by_file_and_line(tmp_path: Path) -> None:
    folder = _participant(
        tmp_path, "1633089600000,x,abc,Outgoing Call,90\nsoon,x,abc,Missed Call,0\n"
    )
    r = beiwe.read_participant(folder)
    assert [str(p) for p in r.problems] == [
        "p1/calls/2021-10-01 12_00_00+00_00.csv, line 3: timestamp 'soon' is not a number of milliseconds"
    ]
    assert r.data.calls is not None and len(r.data.calls) == 1


def test_a_file_without_the_columns_is_one_problem(tmp_path: Path) -> None:
    folder = tmp_path / "p1"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "2021-10-01 12_00_00+00_00.csv").write_text("a,b\n1,2\n")
    r = beiwe.read_participant(folder)
    assert [str(p) for p in r.problems] == [
        "p1/texts/2021-10-01 12_00_00+00_00.csv, line 1: missing column 'timestamp'"
    ]


def test_plain_csv_splits_by_stream_and_participant() -> None:
    lines = [
        "participant,stream,timestamp,hashed phone number,call type,duration in seconds,"
        "sent vs received,message length,latitude,longitude,accuracy\n",
        "a,calls,1633089600000,n1,Incoming Call,30,,,,,\n",
        "a,texts,1633089700000,n1,,,sent SMS,12,,,\n",
        ",gps,1633089800000,,,,,,51.5,-0.1,8\n",
        "a,texts,1633089900000,n1,,,sent SMS,twelve,,,\n",
    ]
    per, rows, problems = beiwe.read_plain(lines, "other.csv")
    assert rows == 3
    assert [str(p) for p in problems] == [
        "other.csv, line 5: message length 'twelve' is not a number"
    ]
    assert per["a"].calls is not None and per["a"].texts is not None and per["a"].gps is None
    assert per[""].gps is not None and len(per[""].gps) == 1

"""`ebbtide passive …` end to end on a simulated Beiwe study, against a real SQLite file."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from ebbtide.demo.beiwe import StudySpec, write_study
from tests.cli.conftest import Invoke

SPEC = StudySpec(participants=4, days=8, start=date(2021, 11, 3), tz="America/New_York", seed=5)


@pytest.fixture
def study(tmp_path: Path) -> Path:
    folder = tmp_path / "study"
    write_study(folder, SPEC)
    return folder


def test_import_then_features_in_forest_and_ebbtide_modes(
    cli: Invoke, study: Path, tmp_path: Path
) -> None:
    r = cli("passive", "import", "beiwe", str(study), "--tz", "America/New_York", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert [p["subject"] for p in doc["participants"]] == ["p001", "p002", "p003", "p004"]
    assert doc["skipped"] == 0 and all(0 < p["added"] <= p["rows"] for p in doc["participants"])
    # the study is from 2021: its raw GPS is summarised by day and never kept (30 days)
    assert doc["purged_gps"] == sum(p["rows"] - p["added"] for p in doc["participants"]) > 0
    again = cli("passive", "import", "beiwe", str(study), "--json").json()
    assert all(p["added"] == 0 for p in again["participants"])  # nothing twice

    out = tmp_path / "compat"
    r = cli("passive", "features", "--frequency", "daily", "-o", str(out), "--forest-compat")
    assert r.code == 0, r.err
    assert r.out.splitlines() == [
        f"Wrote 2 file(s) to {out}.",
        "No table for p002: Forest makes no table for it.",
        "No table for p003: Forest makes no table for it.",
    ]
    header = (out / "p001.csv").read_text().splitlines()[0]
    assert header.startswith("year,month,day,num_in_call,") and header.count(",") == 21
    assert os.stat(out / "p001.csv").st_mode & 0o777 == 0o600

    own = tmp_path / "own"
    r = cli("passive", "features", "--frequency", "hourly", "-o", str(own), "--json")
    assert r.code == 0, r.err
    names = sorted(Path(f).name for f in r.json()["files"])
    assert names == ["p001.csv", "p002.csv", "p003.csv", "p004.csv"]  # one-stream people too


def test_a_participant_folder_needs_subject(cli: Invoke, study: Path) -> None:
    r = cli("passive", "import", "beiwe", str(study / "p001"))
    assert r.code == 2
    # Long paths are shortened in one-line messages; the end of the line says what to do.
    assert r.err.startswith("ebbtide: ") and r.err.count("\n") == 1
    assert r.err.endswith(" holds one participant's data; add --subject CODE\n")
    r = cli("passive", "import", "beiwe", str(study / "p001"), "--subject", "me")
    assert r.code == 0 and r.out.startswith("Imported passive data for me: ")


def test_strict_imports_nothing_and_lenient_counts_and_skips(
    cli: Invoke, study: Path, tmp_path: Path
) -> None:
    calls = sorted((study / "p001" / "calls").iterdir())[0]
    calls.write_text(calls.read_text() + "later,x,abc,Missed Call,0\n")
    r = cli("passive", "import", "beiwe", str(study), "--strict")
    assert r.code == 2
    assert r.err.startswith(f"ebbtide: p001/calls/{calls.name}, line ")
    assert r.err.rstrip().endswith("not a number of milliseconds; nothing was imported")
    r = cli("passive", "features", "--frequency", "daily", "-o", str(tmp_path / "f"), "--json")
    assert r.code == 0 and r.json()["files"] == []
    r = cli("passive", "import", "beiwe", str(study))
    assert r.code == 0
    assert f"Skipped 1 malformed row(s); first: p001/calls/{calls.name}, line " in r.out


def test_places_keep_coordinates_private_and_home_can_be_confirmed(
    cli: Invoke, study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("passive", "import", "beiwe", str(study / "p001"), "--subject", "me").code == 0
    r = cli("passive", "places", "--json")
    places = r.json()["places"]
    assert places and all("lat" not in p for p in places)
    assert sum(p["is_home"] for p in places) == 1
    r = cli("passive", "places", "--home", "1")
    assert r.code == 0 and r.out.startswith("Place 1 is now your home")
    assert "home (confirmed)" in r.out and "Coordinates stay private" in r.out
    shown = cli("passive", "places", "--show-coordinates", "--json").json()["places"]
    assert "lat" in shown[0]
    assert cli("passive", "places", "--home", "99").code == 2


def test_purge_raw_keeps_day_summaries(cli: Invoke, study: Path, tmp_path: Path) -> None:
    assert cli("passive", "import", "beiwe", str(study / "p001"), "--subject", "me").code == 0
    r = cli("passive", "purge-raw", "--older-than", "0", "--json")
    assert r.code == 0 and r.json()["older_than_days"] == 0
    r = cli("passive", "features", "--frequency", "daily", "-o", str(tmp_path / "g"))
    assert r.code == 0
    gps = (tmp_path / "g" / "gps" / "me.csv").read_text().splitlines()
    assert gps[0].startswith("year,month,day,obs_duration,obs_day,obs_night,home_time")
    assert len(gps) > 5
    assert cli("passive", "purge-raw", "--older-than", "-1").code == 2


def test_passive_data_is_encrypted_with_the_database(
    cli: Invoke, study: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EBBTIDE_PASSPHRASE", "a long enough passphrase")
    assert cli("init", "--encrypt").code == 0
    r = cli("passive", "import", "beiwe", str(study / "p001"), "--subject", "me")
    assert r.code == 0, r.err
    number = (sorted((study / "p001" / "texts").iterdir())[0].read_text().splitlines()[1]).split(
        ","
    )[2]
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert number.encode() not in raw
    assert b"passive_texts" not in raw


def test_hashed_numbers_stay_hashed_and_can_be_linked_to_a_person(cli: Invoke, study: Path) -> None:
    assert cli("passive", "import", "beiwe", str(study / "p001"), "--subject", "me").code == 0
    listed = cli("passive", "contacts", "--json").json()["contacts"]
    assert listed and all(c["person"] is None for c in listed)
    top = listed[0]
    total = top["calls_in"] + top["calls_out"] + top["texts_sent"] + top["texts_received"]
    assert total > 0 and top["last_day"] is not None
    # The numbers are the hashes as they arrived: no digits-only phone number appears.
    assert all(not c["number"].isdigit() for c in listed)
    texted = next(c for c in listed if c["texts_sent"] > 0)

    assert cli("people", "add", "Sam").code == 0
    r = cli("passive", "link", texted["number"][:10], "Sam")
    assert r.code == 0, r.err
    assert r.out.strip().endswith("is now Sam: explanations will name them.")
    again = {
        c["number"]: c["person"] for c in cli("passive", "contacts", "--json").json()["contacts"]
    }
    assert again[texted["number"]] == "Sam"
    assert sum(p == "Sam" for p in again.values()) == 1

    from ebbtide.service import open_context  # the same database the commands used
    from ebbtide.service.passive import passive_days

    ctx = open_context(create=False)
    days = passive_days(ctx)
    assert days is not None and "texted_names" in days.columns
    named = [n for n in days["texted_names"].to_list() if n]
    assert named and all(n == ["Sam"] for n in named)

    assert cli("passive", "link", "abc", "Sam").code == 2  # too short to name one number
    assert cli("passive", "link", texted["number"], "Nobody").code == 2
    r = cli("passive", "unlink", texted["number"][:10], "--json")
    assert r.code == 0 and r.json() == {"number": texted["number"], "person": None}
    assert all(c["person"] is None for c in cli("passive", "contacts", "--json").json()["contacts"])
    assert cli("passive", "unlink", texted["number"]).code == 2  # no longer linked


def test_insights_read_a_history_with_phone_days(cli: Invoke, study: Path) -> None:
    # The phone's sentences are a list per day; the day memo must still key on the row.
    assert cli("passive", "import", "beiwe", str(study / "p001"), "--subject", "me").code == 0
    for day in range(3, 11):
        when = f"2021-11-{day:02d} 19:00"
        assert cli("checkin", "connected", "--when", when).code == 0
    for _ in range(2):  # the second read goes through the day memo the first one filled
        r = cli("insights", "--as-of", "2021-11-10", "--json")
        assert r.code == 0, r.err
        assert r.json()["phases"]

"""Imports from other tools: Daylio CSV, vCard and iCalendar."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebbtide import service
from ebbtide.domain.errors import ErrorCode, ValidationError
from ebbtide.interop.daylio import load_mapping
from ebbtide.service.context import Context
from ebbtide.service.transfer import ImportOptions, import_file

DAYLIO = """full_date,date,weekday,time,mood,activities,note_title,note
2026-11-20,November 20,Friday,8:30 pm,good,friends | reading,Dinner,"Long talk, felt seen"
2026-11-19,November 19,Thursday,21:10,awful,gaming | shopping,,
2026-11-18,November 18,Wednesday,07:05,meh,,,
"""

VCF = """BEGIN:VCARD
VERSION:3.0
FN:Lea Brandt
UID:lea-brandt-0001
TEL:+49 30 1234
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Okafor;Tobi;;;
FN:Tobi Okafor
END:VCARD
"""

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:walk-1@example.org
SUMMARY:Walk with Lea
DTSTART:20261118T150000Z
DTEND:20261118T161500Z
ORGANIZER:mailto:me@example.org
ATTENDEE;CN=Me:mailto:me@example.org
ATTENDEE;CN=Lea Brandt:mailto:lea@example.org
END:VEVENT
BEGIN:VEVENT
UID:call-2@example.org
SUMMARY:Catch-up
DTSTART:20261119T180000Z
DTEND:20261119T183000Z
LOCATION:https://meet.google.com/abc
ATTENDEE:mailto:sam@example.org
END:VEVENT
BEGIN:VEVENT
UID:solo@example.org
SUMMARY:Dentist
DTSTART:20261117T090000Z
END:VEVENT
BEGIN:VEVENT
UID:future@example.org
SUMMARY:Later
DTSTART:20261201T090000Z
ATTENDEE:mailto:kim@example.org
END:VEVENT
END:VCALENDAR
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_daylio_moods_become_checkins_and_activities_records(ctx: Context, tmp_path: Path) -> None:
    path = _write(tmp_path, "daylio.csv", DAYLIO)
    result = import_file(ctx, path)
    assert result.added == {"people": 1, "checkins": 3, "contacts": 1, "solitude": 2}
    checkins = [e.record for e in service.log(ctx, kinds=["checkin"])]
    assert [(c.state, c.intensity) for c in checkins] == [
        ("connected", 3),
        ("shut-down", 4),
        ("shut-down", 2),
    ]
    assert checkins[0].note == "Dinner\nLong talk, felt seen"
    assert checkins[1].note == "Daylio: shopping"
    solo = {e.record.activity: e.record.chosen for e in service.log(ctx, kinds=["solitude"])}
    assert solo == {"reading": True, "screen-binge": False}
    assert [p.person.name for p in service.list_people(ctx)] == ["Friends"]
    assert import_file(ctx, path).added == {}  # the same export again adds nothing


def test_daylio_mapping_is_editable(ctx: Context, tmp_path: Path) -> None:
    mapping = _write(
        tmp_path,
        "mine.toml",
        '[moods]\ngood = { state = "connected", intensity = 2 }\n'
        'awful = { state = "mobilized", intensity = 5 }\nmeh = { state = "fawning" }\n'
        '[activities]\nfriends = { contact = "Mira", channel = "call" }\n',
    )
    import_file(ctx, _write(tmp_path, "d.csv", DAYLIO), ImportOptions(mapping=mapping))
    contact = service.log(ctx, kinds=["contact"])[0].record
    assert contact.channel == "call"
    assert [p.person.name for p in service.list_people(ctx)] == ["Mira"]
    assert {e.record.state for e in service.log(ctx, kinds=["checkin"])} == {
        "connected",
        "mobilized",
        "fawning",
    }


def test_the_builtin_mapping_is_valid() -> None:
    m = load_mapping(None)
    assert set(m.moods) == {"rad", "good", "meh", "bad", "awful"}


def test_a_bad_daylio_line_is_named_and_nothing_is_imported(ctx: Context, tmp_path: Path) -> None:
    bad = DAYLIO + "2026-11-17,November 17,Tuesday,25:99,good,,,\n"
    with pytest.raises(ValidationError, match=r"^line 5: time '25:99'"):
        import_file(ctx, _write(tmp_path, "bad.csv", bad))
    unknown = DAYLIO.replace("meh", "blah")
    with pytest.raises(ValidationError, match=r"^line 4: mood 'blah' is not in the mapping"):
        import_file(ctx, _write(tmp_path, "bad2.csv", unknown))
    with pytest.raises(ValidationError, match="not a Daylio export"):
        import_file(ctx, _write(tmp_path, "other.csv", "a,b\n1,2\n"))
    assert not any(service.counts(ctx).values())


def test_vcards_become_people_once(ctx: Context, tmp_path: Path) -> None:
    path = _write(tmp_path, "c.vcf", VCF)
    assert import_file(ctx, path).added == {"people": 2}
    assert [p.person.name for p in service.list_people(ctx)] == ["Lea Brandt", "Tobi Okafor"]
    assert import_file(ctx, path).added == {}


def test_a_broken_vcard_is_refused_whole(ctx: Context, tmp_path: Path) -> None:
    broken = VCF.replace("FN:Tobi Okafor\n", "").replace("N:Okafor;Tobi;;;\n", "")
    with pytest.raises(ValidationError, match="card 2 has no name"):
        import_file(ctx, _write(tmp_path, "b.vcf", broken))
    assert not service.list_people(ctx)


def test_calendar_contacts_are_opt_in(ctx: Context, tmp_path: Path) -> None:
    path = _write(tmp_path, "cal.ics", ICS)
    with pytest.raises(ValidationError, match="only if you ask") as refused:
        import_file(ctx, path)
    assert refused.value.code is ErrorCode.IMPORT_CALENDAR_CONTACTS
    opts = ImportOptions(calendar_contacts=True, me=("me@example.org",))
    result = import_file(ctx, path, opts)
    assert result.added == {"people": 2, "contacts": 2}
    contacts = sorted((e.record for e in service.log(ctx, kinds=["contact"])), key=lambda c: c.at)
    assert [(c.channel, c.minutes) for c in contacts] == [("in-person", 75), ("video", 30)]
    assert sorted(p.person.name for p in service.list_people(ctx)) == ["Lea Brandt", "sam"]
    assert import_file(ctx, path, opts).added == {}


def test_a_broken_calendar_names_the_event(ctx: Context, tmp_path: Path) -> None:
    bad = ICS.replace("DTSTART:20261119T180000Z\n", "")
    with pytest.raises(ValidationError, match=r"event 2 \('Catch-up'\): the event has no start"):
        import_file(ctx, _write(tmp_path, "bad.ics", bad), ImportOptions(calendar_contacts=True))
    assert not any(service.counts(ctx).values())

"""The ebbtide export document: written from the store, read back into a bundle, and any
file that is not one refused in words that say where."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from ebbtide.domain.errors import ValidationError
from ebbtide.interop.ebbtide_json import FORMAT, VERSION, dump, iso, parse, to_text
from ebbtide.service.capture import add_checkin, add_contact
from ebbtide.service.context import Context


def _doc(**sections: Any) -> str:
    return json.dumps({"format": FORMAT, "version": VERSION, **sections})


def test_instants_are_written_in_utc_with_a_z() -> None:
    berlin = timezone(timedelta(hours=1))
    assert iso(datetime(2026, 11, 21, 15, 0, 5, tzinfo=berlin)) == "2026-11-21T14:00:05Z"
    assert iso(None) is None


def test_a_dump_reads_back_as_the_same_records_and_references(ctx: Context) -> None:
    checkin = add_checkin(ctx, "shut-down", body="heaviness", note="a «quiet» day").record
    contact = add_contact(ctx, ["Sam", "Ana"], create_missing=True).record
    with ctx.store.reading() as conn:
        doc = dump(conn, ctx.subject_id, "me", ctx.tz)
    text = to_text(doc)
    assert text == to_text(json.loads(text)) and "«quiet»" in text
    bundle = parse(text)
    back = {r.uid: r for r in bundle.records}
    assert back[checkin.uid].note == "a «quiet» day" and back[checkin.uid].at == checkin.at
    names = {p.uid: p.name for p, _created in bundle.people}
    assert [names[u] for u in bundle.contact_people[contact.uid]] == ["Sam", "Ana"]
    assert bundle.subject_tz == ctx.tz


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{", "line 1, column 2: not valid JSON"),
        ('{"format": "something-else"}', "this is not an ebbtide export"),
        (json.dumps({"format": FORMAT, "version": 2}), "this export is version 2"),
        (_doc(checkins={}), "'checkins' must be a list"),
        (_doc(checkins=[7]), "checkins[0]: must be an object"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_in_words(text: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse(text)
    assert words in str(err.value.message)


def test_a_bad_record_names_its_place_and_uid() -> None:
    item = {"uid": "checkin-0001", "at": "2026-11-21 14:00", "tz": "UTC", "state": "connected"}
    with pytest.raises(ValidationError) as err:
        parse(_doc(checkins=[item]))
    assert "checkins[0] (uid checkin-0001)" in str(err.value.message)
    assert "needs a time zone offset" in str(err.value.message)


def test_a_contact_naming_someone_not_in_the_file_is_refused() -> None:
    at = iso(datetime(2026, 11, 21, 14, tzinfo=UTC))
    item = {"uid": "contact-0001", "at": at, "tz": "UTC", "people": ["person-missing"]}
    with pytest.raises(
        ValidationError, match="names person person-missing, who is not in the file"
    ):
        parse(_doc(contacts=[item]))

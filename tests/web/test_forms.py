"""The web forms of every record kind: add (now or earlier), edit, delete, and bad input.

The test clock is Saturday 21 November 2026, 14:00 UTC (15:00 in Berlin).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.service.context import Context


def form(token: str, **fields: object) -> dict[str, object]:
    return {"csrf_token": token, **fields}


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def only(ctx: Context, kind: str) -> Any:
    (e,) = service.log(ctx, kinds=[kind])
    return e.record


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ({"when": "now"}, utc(21, 14)),
        ({"when": "earlier"}, utc(21, 11)),
        ({"when": "morning"}, utc(21, 8)),
        ({"when": "last-night"}, utc(20, 22)),
        ({"when": "yesterday-evening"}, utc(20, 18)),
        ({"when": "other", "when_day": "2026-11-18", "when_time": "07:45"}, utc(18, 6, 45)),
        ({"when": "now", "when_time": "09:30"}, utc(21, 8, 30)),  # a typed time wins over now
        ({"when": "other", "when_day": "2026-11-19"}, utc(19, 11)),  # a day alone: noon
    ],
)
def test_a_check_in_can_be_dated_earlier(
    client: TestClient, token: str, ctx: Context, when: dict[str, str], expected: datetime
) -> None:
    r = client.post("/checkin", data=form(token, state="shut-down", **when))
    assert r.status_code == 200, r.text
    assert only(ctx, "checkin").at == expected


def test_contact_has_the_clis_fields(client: TestClient, token: str, ctx: Context) -> None:
    r = client.post(
        "/contact",
        data=form(
            token,
            people="Lea, Sam",
            channel="call",
            minutes="20",
            safety="4",
            reciprocity="3",
            before="mobilized",
            after="connected",
            initiated="them",
            authenticity="5",
            note="Talked about the move",
            when="yesterday-evening",
        ),
    )
    assert r.status_code == 200 and "Added Lea, Sam to your people." in r.text
    c = only(ctx, "contact")
    assert (c.channel, c.minutes, c.safety, c.reciprocity) == ("call", 20, 4, 3)
    assert (c.before, c.after, c.initiated, c.authenticity) == ("mobilized", "connected", "them", 5)
    assert c.note == "Talked about the move" and c.at == utc(20, 18)
    assert sorted(service.people_names(ctx).values()) == ["Lea", "Sam"]


def test_time_alone_with_before_and_after(client: TestClient, token: str, ctx: Context) -> None:
    data = form(token, activity="nature", minutes="40", chosen="no", before="mobilized")
    data |= {"after": "connected", "when": "morning"}
    assert client.post("/solitude", data=data).status_code == 200
    s = only(ctx, "solitude")
    assert (s.activity, s.minutes, s.chosen, s.before, s.after) == (
        "nature",
        40,
        False,
        "mobilized",
        "connected",
    )
    assert s.at == utc(21, 8)


def test_a_boundary_with_someone_new(client: TestClient, token: str, ctx: Context) -> None:
    r = client.post(
        "/boundary",
        data=form(
            token,
            person="  Mara ",
            asked="I asked not to be called after ten",
            received="dismissed",
            after="mobilized",
            note="She laughed it off",
            when="last-night",
        ),
    )
    assert r.status_code == 200
    assert "Boundary saved. Added Mara to your people." in r.text
    b = only(ctx, "boundary")
    assert service.people_names(ctx)[b.person_id] == "Mara"
    assert (b.asked, b.received, b.after, b.note) == (
        "I asked not to be called after ten",
        "dismissed",
        "mobilized",
        "She laughed it off",
    )
    assert b.at == utc(20, 22)
    assert "She laughed it off" in client.get("/timeline").text  # the note is shown


def test_reflection_and_routine_can_be_dated_earlier(
    client: TestClient, token: str, ctx: Context
) -> None:
    r = client.post(
        "/reflections",
        data=form(token, prompt="What helped?", answer="A walk.", when="yesterday-evening"),
    )
    assert r.status_code == 200
    assert only(ctx, "reflection").at == utc(20, 18)
    routine = service.add_routine(ctx, "Evening walk")
    r = client.post(
        "/routines/done",
        data=form(token, routine=str(routine.id), note="short one", when="last-night"),
    )
    assert r.status_code == 200 and "Marked as done." in r.text
    done = only(ctx, "routine")
    assert (done.routine_id, done.note, done.at) == (routine.id, "short one", utc(20, 22))
    page = client.get("/timeline").text
    assert "Evening walk — done" in page and "Routine #" not in page


def _count(ctx: Context) -> int:
    return sum(service.counts(ctx).values())


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/checkin", {"state": "connected", "when": "other", "when_day": "2026-11-22"}, "future"),
        ("/checkin", {"state": "connected", "when_time": "23:30"}, "future"),
        ("/checkin", {"state": "connected", "when": "other", "when_day": "2026-13-01"}, "date"),
        ("/checkin", {"state": "connected", "when": "other", "when_day": "0001-01-01"}, "1900"),
        ("/checkin", {"state": "connected", "when": "other", "when_time": "25:00"}, "time"),
        ("/checkin", {"state": "connected", "when": "other"}, "date or the time"),
        ("/checkin", {"state": "connected", "when": "tomorrow"}, "choose when"),
        ("/checkin", {"state": "connected", "energy": "7"}, "energy must be between 1 and 5"),
        ("/contact", {"people": " ", "channel": "call"}, "people is needed"),
        ("/contact", {"people": "Lea", "channel": "pigeon"}, "pigeon"),
        (
            "/contact",
            {"people": "Lea", "channel": "call", "minutes": "-3"},
            "minutes must be a whole number",
        ),
        ("/contact", {"people": "Lea", "channel": "call", "before": "elated"}, "elated"),
        ("/solitude", {"activity": "rest", "chosen": "maybe"}, "chosen"),
        ("/solitude", {"activity": "rest", "minutes": "2000"}, "between 0 and 1440"),
        ("/boundary", {"person": "Mara", "received": "honoured"}, "asked is needed"),
        ("/boundary", {"person": "Mara", "asked": "x", "received": "meh"}, "meh"),
        ("/boundary", {"person": "", "asked": "x", "received": "honoured"}, "person is needed"),
        ("/boundary", {"person": "M", "asked": "x" * 2001, "received": "honoured"}, "longer"),
        ("/reflections", {"prompt": "Q?", "answer": "   "}, "answer is needed"),
        ("/reflections", {"answer": "an answer"}, "question is missing"),
        ("/routines/done", {"routine": "nope"}, "no routine called"),
    ],
)
def test_bad_input_is_a_clear_4xx_and_writes_nothing(
    client: TestClient, token: str, ctx: Context, path: str, data: dict[str, str], message: str
) -> None:
    before = _count(ctx)
    people = service.people_names(ctx)
    r = client.post(path, data=form(token, **data))
    assert 400 <= r.status_code < 500, r.text
    assert message in r.text
    assert "Traceback" not in r.text
    assert _count(ctx) == before and service.people_names(ctx) == people


def test_text_is_escaped_in_every_form(client: TestClient, token: str, ctx: Context) -> None:
    evil = '<script>alert("x")</script><b>bold</b>'
    client.post("/boundary", data=form(token, person=evil, asked=evil, received="honoured"))
    client.post("/checkin", data=form(token, state="connected", note=evil))
    for page in (client.get("/").text, client.get("/timeline").text):
        assert "<script>alert" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;" in page


def test_long_notes_are_collapsed_and_short_ones_shown(
    client: TestClient, token: str, ctx: Context
) -> None:
    long_note = "A long evening. " * 40
    service.add_checkin(ctx, "connected", note="short and sweet")
    service.add_checkin(ctx, "shut-down", note=long_note, when="yesterday 20:00")
    today = client.get("/").text
    assert "short and sweet" in today
    timeline = client.get("/timeline").text
    assert '<details class="entry-note">' in timeline and long_note.strip() in timeline
    # Grouped by day, newest first, each day with a heading.
    assert timeline.index("Saturday 21 November 2026") < timeline.index("Friday 20 November 2026")


def _make(ctx: Context, kind: str) -> Any:
    if kind == "checkin":
        return service.add_checkin(ctx, "connected", note="n", when="yesterday 10:00").record
    if kind == "contact":
        return service.add_contact(ctx, ["Lea"], create_missing=True, when="yesterday 10:00").record
    if kind == "solitude":
        return service.add_solitude(ctx, "rest", when="yesterday 10:00").record
    if kind == "boundary":
        return service.add_boundary(
            ctx,
            "Mara",
            asked="space",
            received="honoured",
            create_missing=True,
            when="yesterday 10:00",
        ).record
    if kind == "reflection":
        return service.add_reflection(ctx, "Q?", "first", when="yesterday 10:00").record
    if kind == "routine":
        service.add_routine(ctx, "Walk")
        return service.routine_done(ctx, "Walk", when="yesterday 10:00").record
    return service.plan_step(ctx, "Call Lea", level=2)


EDITS: dict[str, tuple[dict[str, str], dict[str, object]]] = {
    "checkin": ({"state": "mobilized", "intensity": "3", "note": "later"}, {"state": "mobilized"}),
    "contact": (
        {"people": "Lea, Sam", "channel": "video", "before": "shut-down", "authenticity": "2"},
        {"channel": "video", "before": "shut-down", "authenticity": 2},
    ),
    "solitude": ({"activity": "reading", "chosen": "no"}, {"activity": "reading", "chosen": False}),
    "boundary": ({"asked": "more space", "received": "refused"}, {"received": "refused"}),
    "reflection": ({"answer": "a calmer answer"}, {"answer": "a calmer answer"}),
    "routine": ({"note": "rainy"}, {"note": "rainy"}),
    "step": ({"title": "Call Lea on Sunday", "level": "3"}, {"title": "Call Lea on Sunday"}),
}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_every_kind_can_be_edited_and_deleted(
    client: TestClient, token: str, ctx: Context, kind: str
) -> None:
    rec = _make(ctx, kind)
    page = client.get(f"/timeline/{kind}/{rec.id}/edit")
    assert page.status_code == 200 and "Save changes" in page.text
    changes, expected = EDITS[kind]
    data = form(token, **changes)
    if kind != "step":  # "keep" with the moment unchanged keeps it, to the second
        shown = client.get(f"/timeline/{kind}/{rec.id}/edit").text
        day = shown.split('name="when_day_was" value="')[1].split('"')[0]
        clock = shown.split('name="when_time_was" value="')[1].split('"')[0]
        data |= {"when": "keep", "when_day": day, "when_time": clock}
        data |= {"when_day_was": day, "when_time_was": clock}
    r = client.post(f"/timeline/{kind}/{rec.id}/edit", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text
    e = service.get_entry(ctx, kind, rec.id)
    assert {k: getattr(e.record, k) for k in expected} == expected
    if kind != "step":
        assert e.record.at == rec.at
    if kind == "contact":
        assert sorted(service.people_names(ctx)[i] for i in e.record.person_ids) == ["Lea", "Sam"]
    r = client.post(f"/timeline/{kind}/{rec.id}/delete", data=form(token), follow_redirects=False)
    assert r.status_code == 303
    assert service.log(ctx, kinds=[kind]) == []


def test_an_edit_can_move_the_moment(client: TestClient, token: str, ctx: Context) -> None:
    rec = _make(ctx, "boundary")
    data = form(token, when="last-night")
    assert client.post(f"/timeline/boundary/{rec.id}/edit", data=data).status_code == 200
    assert service.get_entry(ctx, "boundary", rec.id).record.at == utc(20, 22)
    data = form(token, when="keep", when_day="2026-11-19", when_time="08:00")
    data |= {"when_day_was": "2026-11-20", "when_time_was": "23:00"}
    client.post(f"/timeline/boundary/{rec.id}/edit", data=data)
    assert service.get_entry(ctx, "boundary", rec.id).record.at == utc(19, 7)


def test_a_bad_edit_changes_nothing(client: TestClient, token: str, ctx: Context) -> None:
    rec = _make(ctx, "contact")
    people = service.people_names(ctx)
    for bad in (
        {"safety": "6"},
        {"when": "other", "when_day": "2030-01-01"},
        {"people": " "},
        {"people": "Newbie", "channel": "pigeon"},  # refused after the name was looked up
    ):
        r = client.post(f"/timeline/contact/{rec.id}/edit", data=form(token, note="x", **bad))
        assert 400 <= r.status_code < 500, (bad, r.text)
        assert service.get_entry(ctx, "contact", rec.id).record == rec
        assert service.people_names(ctx) == people


def test_a_step_can_be_marked_done_earlier(client: TestClient, token: str, ctx: Context) -> None:
    s = service.plan_step(ctx, "Call Lea")
    r = client.post(f"/steps/{s.id}/done", data=form(token, when="yesterday-evening"))
    assert r.status_code == 200
    (done,) = service.list_steps(ctx)
    assert (done.status, done.done_at) == ("done", utc(20, 18))
    later = service.plan_step(ctx, "Walk")
    r = client.post(
        f"/steps/{later.id}/done", data=form(token, when="other", when_day="2027-01-01")
    )
    assert r.status_code == 422 and service.list_steps(ctx, status="done") == [done]


def test_a_routine_can_be_removed(client: TestClient, token: str, ctx: Context) -> None:
    r = service.add_routine(ctx, "Evening <walk>")
    service.routine_done(ctx, r.id or 0)
    page = client.post(f"/routines/{r.id}/delete", data=form(token))
    assert page.status_code == 200 and "Removed the routine “Evening &lt;walk&gt;”" in page.text
    assert service.list_routines(ctx) == [] and service.log(ctx, kinds=["routine"]) == []
    assert client.post("/routines/99/delete", data=form(token)).status_code == 404


def test_routine_done_today_is_visible(client: TestClient, token: str, ctx: Context) -> None:
    walk, tea = service.add_routine(ctx, "Walk"), service.add_routine(ctx, "Tea")
    assert "done today" not in client.get("/steps").text
    client.post(f"/routines/{walk.id}/done", data=form(token))
    page = client.get("/steps").text
    assert page.count("✓ done today") == 1
    row = page.split(f"Done: {tea.name}")[0].rsplit("<tr", 1)[1]
    assert "routine-done" not in row


def test_an_edit_can_clear_a_scale_and_body_signals(
    client: TestClient, token: str, ctx: Context
) -> None:
    rec = service.add_checkin(ctx, "mobilized", intensity=4, body=["racing-heart"]).record
    page = client.get(f"/timeline/checkin/{rec.id}/edit").text
    assert 'value="4" checked' in page and 'value="racing-heart" checked' in page
    # What the browser sends with every box unticked: only the empty markers.
    data = form(token, state="mobilized", intensity="", body="", when="keep")
    assert client.post(f"/timeline/checkin/{rec.id}/edit", data=data).status_code == 200
    e = service.get_entry(ctx, "checkin", rec.id or 0).record
    assert (e.intensity, e.body, e.at) == (None, (), rec.at)
    # Ticked again: the marker comes first, the box after it.
    again = form(token, state="mobilized", intensity=["", "2"], body=["", "racing-heart"])
    client.post(f"/timeline/checkin/{rec.id}/edit", data=again | {"when": "keep"})
    e = service.get_entry(ctx, "checkin", rec.id or 0).record
    assert (e.intensity, e.body) == (2, ("racing-heart",))


def test_each_form_asks_for_its_specs_fields_with_the_specs_limits() -> None:
    from ebbtide.domain import spec
    from ebbtide.web import forms

    for code, fields in forms.FORMS.items():
        kind = spec.RECORDS[code]
        assert sorted(f.name for f in fields) == sorted(f.key for f in kind.form_fields)
        for f in fields:
            field = next(s for s in kind.fields if s.key == f.name)
            assert f.required == field.required
            assert f.options is field.vocab
            if field.type == "text":
                assert f.max_length == field.size
            if field.type == "scale":
                assert (f.lo, f.hi) == (field.low, field.high)
    # A field the spec adds without a label here stops the web from starting.
    looks = dict(forms.LOOKS["reflection"])
    forms.LOOKS["reflection"] = {}
    try:
        with pytest.raises(AssertionError, match="reflection form"):
            forms._forms()
    finally:
        forms.LOOKS["reflection"] = looks

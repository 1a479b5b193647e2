"""Every page, in process: what a person sees and what their forms change."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.service.context import Context
from tests.web.sample_report import sample_report


def form(token: str, **fields: object) -> dict[str, object]:
    return {"csrf_token": token, **fields}


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Today, Saturday 21 November"),
        ("/timeline", "<h1>Timeline</h1>"),
        ("/insights", "<h1>Insights</h1>"),
        ("/people", "<h1>People</h1>"),
        ("/steps", "Steps &amp; routines"),
        ("/reflections", "<h1>Reflections</h1>"),
    ],
)
def test_every_page_renders_with_menu_and_token(
    client: TestClient, token: str, path: str, heading: str
) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert heading in r.text
    assert re.search(f'href="{path}"[^>]*aria-current="page"', r.text)
    assert token in r.text
    assert "not a medical device" in r.text


def test_checkin_with_state_only_is_enough(client: TestClient, token: str, ctx: Context) -> None:
    r = client.post("/checkin", data=form(token, state="shut-down"))
    assert r.status_code == 200
    assert "Check-in saved." in r.text
    assert "Shut down" in r.text
    (e,) = service.today(ctx).entries
    assert e.record.state == "shut-down" and e.record.intensity is None


def test_checkin_with_details(client: TestClient, token: str, ctx: Context) -> None:
    data = form(
        token,
        state="mobilized",
        intensity="4",
        body=["tight-chest", "restless"],
        energy="",
        note="busy",
    )
    assert client.post("/checkin", data=data).status_code == 200
    (e,) = service.today(ctx).entries
    assert e.record.body == ("tight-chest", "restless")
    assert e.record.intensity == 4 and e.record.energy is None and e.record.note == "busy"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"state": "sleepy"}, "unknown state &#39;sleepy&#39;"),
        (
            {"state": "connected", "intensity": "9"},
            "intensity must be between 1 and 5",
        ),
        ({}, "state is needed"),
    ],
)
def test_bad_checkin_is_a_clear_422_and_saves_nothing(
    client: TestClient, token: str, ctx: Context, data: dict[str, str], message: str
) -> None:
    r = client.post("/checkin", data=form(token, **data))
    assert r.status_code == 422
    assert message in r.text
    assert service.today(ctx).entries == []


def test_htmx_errors_go_to_the_alert_region(client: TestClient, token: str) -> None:
    r = client.post("/checkin", data=form(token, state="sleepy"), headers={"HX-Request": "true"})
    assert r.status_code == 422
    assert r.headers["HX-Retarget"] == "#flash"
    assert 'role="alert"' in r.text and "<html" not in r.text


def test_contact_with_a_new_person_adds_them(client: TestClient, token: str, ctx: Context) -> None:
    r = client.post(
        "/contact", data=form(token, people="Lea, Sam", channel="call", minutes="20", safety="4")
    )
    assert r.status_code == 200
    assert "Added Lea, Sam to your people." in r.text
    assert sorted(service.people_names(ctx).values()) == ["Lea", "Sam"]
    r = client.post("/contact", data=form(token, people="lea", channel="video"))
    assert "Contact saved." in r.text and "Added" not in r.text


def test_solitude_chosen_or_escape(client: TestClient, token: str, ctx: Context) -> None:
    client.post("/solitude", data=form(token, activity="scrolling", chosen="no", minutes="90"))
    (e,) = service.today(ctx).entries
    assert e.record.chosen is False and e.record.minutes == 90
    r = client.post("/solitude", data=form(token, activity="gardening"))
    assert r.status_code == 422 and "unknown activity" in r.text


def test_timeline_filters_and_pages(client: TestClient, token: str, ctx: Context) -> None:
    for i in range(55):
        service.add_checkin(ctx, "connected", when=f"{i + 1} hours ago")
    service.add_contact(ctx, ["Lea"], create_missing=True, note="walk by the river")
    first = client.get("/timeline").text
    assert first.count('class="entry"') == 50 and "Older" in first
    second = client.get("/timeline?page=2").text
    assert second.count('class="entry"') == 6 and "Newer" in second
    assert client.get("/timeline?kind=contact").text.count('class="entry"') == 1
    assert client.get("/timeline?person=Lea").text.count('class="entry"') == 1
    assert client.get("/timeline?q=river").text.count('class="entry"') == 1
    assert (
        client.get("/timeline?since=2026-11-21&until=2026-11-21&kind=contact").text.count(
            'class="entry"'
        )
        == 1
    )
    r = client.get("/timeline?since=not-a-day")
    assert r.status_code == 422
    assert client.get("/timeline?person=Nobody").status_code == 404


def test_edit_an_entry(client: TestClient, token: str, ctx: Context) -> None:
    rec = service.add_checkin(ctx, "mobilized", intensity=3).record
    page = client.get(f"/timeline/checkin/{rec.id}/edit")
    assert page.status_code == 200 and 'name="state"' in page.text
    r = client.post(
        f"/timeline/checkin/{rec.id}/edit",
        data=form(token, state="connected", intensity="", note="calmer"),
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/timeline?saved=edited"
    e = service.get_entry(ctx, "checkin", rec.id or 0)
    assert (e.record.state, e.record.intensity, e.record.note) == ("connected", None, "calmer")
    assert "Entry updated." in client.get("/timeline?saved=edited").text


def test_edit_refuses_bad_values_and_missing_records(
    client: TestClient, token: str, ctx: Context
) -> None:
    rec = service.add_solitude(ctx, "rest").record
    r = client.post(f"/timeline/solitude/{rec.id}/edit", data=form(token, minutes="lots"))
    assert r.status_code == 422 and "minutes must be a whole number" in r.text
    assert client.get("/timeline/checkin/999/edit").status_code == 404
    assert client.get("/timeline/feeling/1/edit").status_code == 422
    assert client.get("/timeline/checkin/0/edit").status_code == 422


def test_delete_an_entry_with_and_without_htmx(
    client: TestClient, token: str, ctx: Context
) -> None:
    a = service.add_checkin(ctx, "connected").record
    b = service.add_checkin(ctx, "fawning").record
    r = client.post(
        f"/timeline/checkin/{a.id}/delete", data=form(token), headers={"HX-Request": "true"}
    )
    assert r.status_code == 200 and r.text == ""
    r = client.post(f"/timeline/checkin/{b.id}/delete", data=form(token), follow_redirects=False)
    assert r.status_code == 303
    assert service.today(ctx).entries == []
    assert client.post(f"/timeline/checkin/{b.id}/delete", data=form(token)).status_code == 404


def test_people_list_add_and_detail(client: TestClient, token: str, ctx: Context) -> None:
    service.add_contact(
        ctx, ["Lea"], create_missing=True, safety=4, reciprocity=5, after="connected"
    )
    service.add_boundary(ctx, "Lea", asked="No calls after ten", received="honoured")
    page = client.get("/people").text
    assert "Lea" in page
    r = client.post(
        "/people", data=form(token, name="Sam", relation="friend"), follow_redirects=False
    )
    assert r.status_code == 303
    lea = service.get_person(ctx, "Lea")
    detail = client.get(f"/people/{lea.id}").text
    assert "No calls after ten" in detail and "honoured" in detail
    assert ">4.0</td>" in detail and "Connected: 1 time" in detail
    assert client.get("/people/999").status_code == 404
    assert client.post("/people", data=form(token, name="Sam")).status_code == 409


def test_steps_plan_done_skip_and_routines(client: TestClient, token: str, ctx: Context) -> None:
    r = client.post(
        "/steps", data=form(token, title="Send Lea a short message", level="1", person="Lea")
    )
    assert "Planned. Small is the right size." in r.text
    (s,) = service.list_steps(ctx)
    r = client.post(f"/steps/{s.id}/done", data=form(token), headers={"HX-Request": "true"})
    assert r.status_code == 200 and "you showed up for it" in r.text and "<html" not in r.text
    assert service.list_steps(ctx)[0].status == "done"
    t = service.plan_step(ctx, "Call Sam")
    r = client.post(f"/steps/{t.id}/skip", data=form(token))
    assert "Let go for now" in r.text
    assert client.post(f"/steps/{t.id}/jump", data=form(token)).status_code == 404
    assert client.post("/steps/999/done", data=form(token)).status_code == 404
    assert client.post("/steps", data=form(token, title="x", level="9")).status_code == 422
    r = client.post(
        "/routines", data=form(token, name="Evening walk", schedule="weekdays", time_of_day="19:30")
    )
    assert "Routine added." in r.text and "Evening walk" in r.text
    (rt,) = service.list_routines(ctx)
    assert client.post(f"/routines/{rt.id}/done", data=form(token)).status_code == 200
    assert client.post("/routines/999/done", data=form(token)).status_code == 404
    assert (
        client.post("/routines", data=form(token, name="x", schedule="sometimes")).status_code
        == 422
    )
    text = client.get("/steps").text
    assert "streak" not in text.lower()


def test_reflections_prompt_answer_and_history(
    client: TestClient, token: str, ctx: Context
) -> None:
    from ebbtide.domain.prompts import prompt_for_day

    p = prompt_for_day(ctx.today())
    assert p.text.replace("'", "&#39;") in client.get("/reflections").text
    r = client.post(
        "/reflections", data=form(token, prompt=p.text, code=p.code, answer="The walk helped.")
    )
    assert "Reflection saved." in r.text and "The walk helped." in r.text
    other = "enough" if p.code != "enough" else "gentle"
    assert f'value="{other}"' in client.get(f"/reflections?prompt={other}").text
    assert (
        client.post("/reflections", data=form(token, prompt=p.text, answer="")).status_code == 422
    )


def test_insights_page_with_a_report(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, ctx: Context
) -> None:
    from ebbtide.web import insights_view

    monkeypatch.setattr(insights_view, "load_report", lambda c: sample_report(c.today()))
    service.add_checkin(ctx, "connected")
    r = client.get("/insights")
    assert r.status_code == 200
    for name in ("states", "tide", "solitude", "relationships"):
        assert f'id="spec-{name}"' in r.text
    assert "Contact has picked up again" in r.text
    assert "Noor" in r.text and "not transforming" in r.text
    assert "A brief chat" in r.text and "Plan this step" in r.text


def test_load_report_reuses_the_cached_report(ctx: Context) -> None:
    from ebbtide.web.insights_view import load_report

    service.add_checkin(ctx, "connected")
    assert load_report(ctx) is load_report(ctx)


def test_unknown_page_is_a_gentle_404(client: TestClient) -> None:
    r = client.get("/nowhere")
    assert r.status_code == 404 and "There is nothing at this address." in r.text
    assert client.delete("/").status_code == 405

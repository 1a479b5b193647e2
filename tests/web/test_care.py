"""Help, the safety plan, questionnaires and crisis help on every saved text, in process."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.service import assessments, safety
from ebbtide.service.context import Context

CRISIS = "I want to die."
HELP = "help is available right now"


def form(token: str, **fields: object) -> dict[str, object]:
    return {"csrf_token": token, **fields}


def test_layout_links_to_help_on_every_page(client: TestClient) -> None:
    for path in ("/", "/timeline", "/questionnaires", "/report", "/safety-plan"):
        assert re.search(r'<a href="/help"[^>]*>Need help now\?</a>', client.get(path).text)


def test_help_page_shows_plan_first_then_lines(client: TestClient, ctx: Context) -> None:
    r = client.get("/help")
    assert r.status_code == 200 and "No safety plan yet" in r.text
    assert "988" in r.text and "116 123" in r.text and "13 11 14" in r.text
    safety.update_plan(ctx, helpers=["My sister Ana"])
    text = client.get("/help").text
    assert text.index("My sister Ana") < text.index("People you can reach now")


def test_region_narrows_the_lines(client: TestClient, token: str, ctx: Context) -> None:
    r = client.post("/help/region", data=form(token, region="gb"))
    assert r.status_code == 200 and "Region saved." in r.text
    assert "116 123" in r.text and "988" not in r.text
    assert safety.get_region(ctx) == "GB"
    assert client.post("/help/region", data=form(token, region="12")).status_code == 422
    assert client.post("/help/region", data={"region": "US"}).status_code == 403


def test_safety_plan_round_trip(client: TestClient, token: str, ctx: Context) -> None:
    r = client.get("/safety-plan")
    assert r.status_code == 200 and r.text.count("<textarea") == 6
    r = client.post(
        "/safety-plan", data=form(token, warning_signs="I stop answering\n\nI skip meals", safer="")
    )
    assert r.status_code == 200 and "Your safety plan is saved." in r.text
    assert safety.get_plan(ctx).plan.warning_signs == ("I stop answering", "I skip meals")
    assert "I stop answering\nI skip meals</textarea>" in client.get("/safety-plan").text
    too_long = form(token, coping="x" * 501)
    assert client.post("/safety-plan", data=too_long).status_code == 422
    assert safety.get_plan(ctx).plan.coping == ()


@pytest.mark.parametrize(
    ("path", "fields", "saved"),
    [
        ("/checkin", {"state": "shut-down"}, "Check-in saved."),
        ("/contact", {"people": "Sam"}, "Contact saved."),
        ("/solitude", {"activity": "nature"}, "Time alone saved."),
    ],
)
def test_crisis_language_in_a_note_shows_help_in_the_same_response(
    client: TestClient, token: str, ctx: Context, path: str, fields: dict[str, str], saved: str
) -> None:
    safety.update_plan(ctx, coping=["Put on the kettle"])
    r = client.post(path, data=form(token, note=CRISIS, **fields))
    assert r.status_code == 200 and saved in r.text
    assert HELP in r.text and r.text.index("Put on the kettle") < r.text.index("988")
    calm = client.post(path, data=form(token, note="a quiet day", **fields))
    assert HELP not in calm.text


def test_reflection_and_edit_show_help(client: TestClient, token: str, ctx: Context) -> None:
    r = client.post("/reflections", data=form(token, prompt="How?", answer=CRISIS))
    assert HELP in r.text
    e = service.add_checkin(ctx, "connected").record
    r = client.post(f"/timeline/checkin/{e.id}/edit", data=form(token, note=CRISIS))
    assert r.status_code == 200 and HELP in r.text and "Entry updated." in r.text
    assert service.get_entry(ctx, "checkin", e.id or 0).record.note == CRISIS
    r = client.post(
        f"/timeline/checkin/{e.id}/edit", data=form(token, note="slept well, tea in the garden")
    )
    assert r.status_code == 200 and HELP not in r.text  # redirected to the timeline


def test_step_and_routine_texts_show_help(client: TestClient, token: str, ctx: Context) -> None:
    r = client.post("/steps", data=form(token, title=CRISIS))
    assert r.status_code == 200 and HELP in r.text
    rt = service.add_routine(ctx, "Walk")
    r = client.post(f"/routines/{rt.id}/done", data=form(token))
    assert r.status_code == 200 and HELP not in r.text


def test_api_saves_carry_help(client: TestClient, hdr: dict[str, str], ctx: Context) -> None:
    r = client.post("/api/checkins", json={"state": "shut-down", "note": CRISIS}, headers=hdr)
    assert r.status_code == 201 and HELP in r.json()["notices"][0]
    entry_id = r.json()["id"]
    calm = client.patch(
        f"/api/entries/checkin/{entry_id}", json={"changes": {"note": "ok"}}, headers=hdr
    )
    assert calm.status_code == 200 and calm.json()["notices"] == []
    r = client.patch(
        f"/api/entries/checkin/{entry_id}", json={"changes": {"note": CRISIS}}, headers=hdr
    )
    assert r.status_code == 200 and HELP in r.json()["notices"][0]
    r = client.post("/api/steps", json={"title": "Call Sam", "note": CRISIS}, headers=hdr)
    assert r.status_code == 201 and r.json()["notices"]
    r = client.post("/api/sessions", json={"day": "2026-11-20", "note": CRISIS}, headers=hdr)
    assert r.status_code == 201 and r.json()["help"]


def test_questionnaire_pages(client: TestClient, token: str, ctx: Context) -> None:
    r = client.get("/questionnaires")
    assert r.status_code == 200 and "PHQ-9" in r.text
    ins = assessments.get_instrument("phq9")
    r = client.get(f"/questionnaires/{ins.code}")
    assert r.status_code == 200
    assert r.text.count("<fieldset") == len(ins.items)
    assert r.text.count('type="radio"') == len(ins.items) * len(ins.options)
    answers = {f"q-{item.id}": "1" for item in ins.items}
    r = client.post(f"/questionnaires/{ins.code}", data=form(token, **answers))
    assert r.status_code == 200 and "not a diagnosis" in r.text
    (a,) = assessments.assessment_history(ctx, ins.code)
    assert a.result.total == len(ins.items) and a.result.band is not None
    assert a.result.band.label in r.text
    assert HELP not in r.text and "thoughts of being better off dead" in r.text  # item 9 = 1
    r = client.get(f"/questionnaires/{ins.code}/history")
    assert r.status_code == 200 and 'id="spec-history"' in r.text


def test_questionnaire_errors(client: TestClient, token: str) -> None:
    assert client.get("/questionnaires/nope").status_code == 404
    assert client.get("/questionnaires/nope/history").status_code == 404
    r = client.post("/questionnaires/phq9", data=form(token, **{"q-1": "7"}))
    assert r.status_code == 422
    assert client.post("/questionnaires/phq9", data={"q-1": "1"}).status_code == 403


def test_questionnaire_api(client: TestClient, hdr: dict[str, str]) -> None:
    listed = client.get("/api/questionnaires").json()
    phq = next(q for q in listed if q["code"] == "phq9")
    assert client.get("/api/questionnaires/phq9").json() == phq
    zeros = [0] * len(phq["items"])
    r = client.post("/api/questionnaires/phq9", json={"answers": zeros}, headers=hdr)
    assert r.status_code == 201 and r.json()["help"] == []
    assert r.json()["assessment"]["total"] == 0
    item9 = [*zeros[:-1], 2]
    r = client.post("/api/questionnaires/phq9", json={"answers": item9}, headers=hdr)
    assert r.status_code == 201 and "findahelpline.com" in "\n".join(r.json()["help"])
    assert [h["total"] for h in client.get("/api/questionnaires/phq9/history").json()] == [0, 2]
    bad = client.post("/api/questionnaires/phq9", json={"answers": [0]}, headers=hdr)
    assert bad.status_code == 422
    assert client.post("/api/questionnaires/phq9", json={"answers": zeros}).status_code == 403
    assert client.get("/api/questionnaires/none").status_code == 404


def test_plan_and_region_api(client: TestClient, hdr: dict[str, str]) -> None:
    assert client.get("/api/safety-plan").json()["coping"] == []
    r = client.put("/api/safety-plan", json={"coping": ["Call Ana", " "]}, headers=hdr)
    assert r.status_code == 200 and r.json()["coping"] == ["Call Ana"]
    bad = client.put("/api/safety-plan", json={"colour": ["blue"]}, headers=hdr)
    assert bad.status_code == 422
    r = client.put("/api/help/region", json={"region": "AU"}, headers=hdr)
    assert r.json()["region"] == "AU"
    assert [(x["tel"], x["sms"]) for x in r.json()["lines"]] == [("tel:131114", "sms:0477131114")]
    assert "Call Ana" in "\n".join(client.get("/api/help").json()["help"])
    assert client.put("/api/help/region", json={"region": "XYZ"}, headers=hdr).status_code == 422
    assert client.put("/api/help/region", json={"region": None}).status_code == 403


def test_help_lines_are_tappable_with_region_names(
    client: TestClient, token: str, ctx: Context
) -> None:
    text = client.get("/help").text
    for href in ('href="tel:988"', 'href="sms:988"', 'href="tel:116123"', 'href="tel:131114"'):
        assert href in text
    assert ">Ireland</option>" in text and ">United Kingdom</option>" in text
    assert ">IE</option>" not in text
    r = client.post("/help/region", data=form(token, region="IE"))
    assert "Samaritans Ireland" in r.text and "Samaritans (UK)" not in r.text
    assert 'href="tel:116123"' in r.text and 'href="sms:50808"' in r.text
    assert 'href="tel:112"' in r.text


def test_crisis_box_links_the_plan_page_and_numbers(client: TestClient, token: str) -> None:
    r = client.post("/checkin", data=form(token, state="shut-down", note=CRISIS))
    box = r.text[r.text.index("help-now") :]
    assert 'href="/safety-plan"' in box and "ebbtide safety-plan edit" not in box
    assert 'href="tel:988"' in box and 'href="sms:988"' in box

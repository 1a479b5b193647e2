"""The JSON API, operation by operation, including the 4xx answers."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.service.context import Context
from tests.web.sample_report import sample_report


def test_session_gives_the_csrf_token(client: TestClient, token: str) -> None:
    assert client.get("/api/session").json() == {"csrf_token": token}


def test_checkin_roundtrip(client: TestClient, hdr: dict[str, str]) -> None:
    r = client.post(
        "/api/checkins",
        json={"state": "shut down", "intensity": 4, "body": ["heaviness"], "note": "slow day"},
        headers=hdr,
    )
    assert r.status_code == 201
    out = r.json()
    assert out["kind"] == "checkin" and out["day"] == "2026-11-21"
    assert out["record"]["state"] == "shut-down" and out["record"]["body"] == ["heaviness"]
    assert out["summary"] == "Shut down · intensity 4 · heaviness"
    today = client.get("/api/today").json()
    assert today["day"] == "2026-11-21" and [e["id"] for e in today["entries"]] == [out["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"state": "sleepy"}, "state"),
        ({"state": "connected", "intensity": 0}, "intensity"),
        ({"state": "connected", "colour": "blue"}, "colour"),
        ({"state": "connected", "when": "tomorrow"}, "when"),
        ({}, "state"),
    ],
)
def test_bad_checkins_are_422_with_the_field(
    client: TestClient, hdr: dict[str, str], body: dict[str, Any], field: str
) -> None:
    r = client.post("/api/checkins", json=body, headers=hdr)
    assert r.status_code == 422
    assert r.json()["field"] == field and r.json()["detail"]
    assert client.get("/api/today").json()["entries"] == []


def test_contact_needs_known_people_unless_asked(client: TestClient, hdr: dict[str, str]) -> None:
    r = client.post("/api/contacts", json={"people": ["Lea"]}, headers=hdr)
    assert r.status_code == 404 and "'Lea' is not in your people yet" in r.json()["detail"]
    r = client.post(
        "/api/contacts",
        json={"people": ["Lea"], "create_missing": True, "channel": "call", "safety": 5},
        headers=hdr,
    )
    assert r.status_code == 201 and r.json()["record"]["people"] == ["Lea"]
    assert client.post("/api/contacts", json={"people": []}, headers=hdr).status_code == 422


def test_solitude_boundary_reflection(client: TestClient, hdr: dict[str, str]) -> None:
    r = client.post("/api/solitude", json={"activity": "nature", "minutes": 60}, headers=hdr)
    assert r.status_code == 201 and r.json()["record"]["chosen"] is True
    r = client.post(
        "/api/boundaries",
        json={
            "person": "Sam",
            "asked": "Text first",
            "received": "dismissed",
            "create_missing": True,
        },
        headers=hdr,
    )
    assert r.status_code == 201 and r.json()["record"]["person"] == "Sam"
    assert (
        client.post(
            "/api/boundaries", json={"person": "Sam", "asked": "x", "received": "meh"}, headers=hdr
        ).status_code
        == 422
    )
    prompt = client.get("/api/reflections/prompt").json()
    r = client.post(
        "/api/reflections", json={"prompt": prompt["text"], "answer": "Quiet."}, headers=hdr
    )
    assert r.status_code == 201
    assert (
        client.post(
            "/api/reflections", json={"prompt": "p", "answer": " "}, headers=hdr
        ).status_code
        == 422
    )


def test_entries_filter_get_patch_delete(
    client: TestClient, hdr: dict[str, str], ctx: Context
) -> None:
    a = service.add_checkin(ctx, "mobilized", when="3 hours ago").record
    service.add_contact(ctx, ["Lea"], create_missing=True, note="tea")
    assert len(client.get("/api/entries").json()) == 2
    assert [e["kind"] for e in client.get("/api/entries?kind=contact").json()] == ["contact"]
    assert len(client.get("/api/entries?person=Lea").json()) == 1
    assert len(client.get("/api/entries?q=tea").json()) == 1
    assert len(client.get("/api/entries?limit=1&offset=1").json()) == 1
    assert client.get("/api/entries?kind=feeling").status_code == 422
    assert client.get("/api/entries?since=2026-11-22&until=2026-11-01").status_code == 422
    assert client.get("/api/entries?person=Nobody").status_code == 404
    assert client.get(f"/api/entries/checkin/{a.id}").json()["record"]["state"] == "mobilized"
    assert client.get("/api/entries/checkin/999").status_code == 404
    r = client.patch(
        f"/api/entries/checkin/{a.id}",
        json={"changes": {"state": "connected", "intensity": 2}},
        headers=hdr,
    )
    assert r.status_code == 200 and r.json()["record"]["state"] == "connected"
    for bad in ({"state": 3}, {"colour": "x"}, {"intensity": 7}):
        assert (
            client.patch(
                f"/api/entries/checkin/{a.id}", json={"changes": bad}, headers=hdr
            ).status_code
            == 422
        )
    assert client.delete(f"/api/entries/checkin/{a.id}", headers=hdr).status_code == 204
    assert client.delete(f"/api/entries/checkin/{a.id}", headers=hdr).status_code == 404
    assert client.delete(f"/api/entries/checkin/{a.id}").status_code == 403


def test_people(client: TestClient, hdr: dict[str, str], ctx: Context) -> None:
    r = client.post("/api/people", json={"name": "Noor", "relation": "family"}, headers=hdr)
    assert r.status_code == 201
    pid = r.json()["id"]
    taken = client.post("/api/people", json={"name": "noor"}, headers=hdr)
    assert (taken.status_code, taken.json()["field"]) == (409, "name")  # the name is taken
    assert (
        client.post("/api/people", json={"name": "X", "relation": "pet"}, headers=hdr).status_code
        == 422
    )
    service.add_contact(ctx, ["Noor"], safety=2, reciprocity=3, after="shut-down")
    (p,) = client.get("/api/people").json()
    assert p["name"] == "Noor" and p["contacts"] == 1
    d = client.get(f"/api/people/{pid}").json()
    assert d["months"] == [
        {"month": "2026-11-01", "contacts": 1, "safety": 2.0, "reciprocity": 3.0}
    ]
    assert d["left_in"] == {"shut-down": 1}
    assert client.get("/api/people/999").status_code == 404


def test_steps_and_routines(client: TestClient, hdr: dict[str, str]) -> None:
    r = client.post(
        "/api/steps", json={"title": "Say hi to the neighbour", "level": 2}, headers=hdr
    )
    assert r.status_code == 201
    sid = r.json()["id"]
    assert client.post(f"/api/steps/{sid}/done", headers=hdr).json()["record"]["status"] == "done"
    other = client.post("/api/steps", json={"title": "Call Sam"}, headers=hdr).json()["id"]
    assert (
        client.post(f"/api/steps/{other}/skip", headers=hdr).json()["record"]["status"] == "skipped"
    )
    assert [s["id"] for s in client.get("/api/steps?status=done").json()] == [sid]
    assert client.get("/api/steps?status=maybe").status_code == 422
    assert client.post("/api/steps/999/done", headers=hdr).status_code == 404
    assert (
        client.post("/api/steps", json={"title": "x", "level": 6}, headers=hdr).status_code == 422
    )
    r = client.post(
        "/api/routines",
        json={"name": "Friday dinner", "schedule": "fri", "time_of_day": "19:00"},
        headers=hdr,
    )
    assert r.status_code == 201 and r.json()["schedule"] == "fri"
    rid = r.json()["id"]
    assert client.post(f"/api/routines/{rid}/done", headers=hdr).status_code == 201
    assert [x["name"] for x in client.get("/api/routines").json()] == ["Friday dinner"]
    assert (
        client.post(
            "/api/routines", json={"name": "x", "time_of_day": "25:00"}, headers=hdr
        ).status_code
        == 422
    )
    assert client.post("/api/routines/999/done", headers=hdr).status_code == 404


def test_insights_api(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from ebbtide.service.insights import clear_cache
    from ebbtide.web import insights_view

    clear_cache()  # the page data is cached while the records are unchanged
    monkeypatch.setattr(insights_view, "load_report", lambda c: sample_report(c.today()))
    body = client.get("/api/insights").json()
    assert body["report"]["as_of"] == "2026-11-21"
    assert set(body["charts"]) == {"tide", "solitude", "relationships"}
    assert body["charts"]["tide"]["$schema"].startswith("https://vega.github.io/schema/vega-lite/")

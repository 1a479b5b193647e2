"""The therapist report page, its sandboxed preview and downloads, sessions, the calendar."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.service import therapy_sessions
from ebbtide.service.context import Context
from ebbtide.web.security import PREVIEW_CSP


def test_report_page_offers_sections_notes_and_a_sandboxed_preview(
    client: TestClient, ctx: Context
) -> None:
    r = service.add_reflection(ctx, "What helped?", "Walking with Noor by the river").record
    page = client.get("/report")
    assert page.status_code == 200
    assert page.text.count('name="sections"') == 8
    assert f'value="reflection:{r.id}"' in page.text and "Walking with Noor" in page.text
    assert '<iframe class="preview" title="Report preview" sandbox src="/report/view?' in page.text
    assert "frame-src 'self'" in page.headers["content-security-policy"]


def test_preview_fragment_and_frame(client: TestClient, ctx: Context) -> None:
    service.add_contact(ctx, ["Wilhelmina"], create_missing=True, safety=4)
    q = "sections=boundaries&sections=plans&initials=true"
    frag = client.get(f"/report/preview?{q}", headers={"HX-Request": "true"})
    assert frag.status_code == 200 and frag.text.startswith("<iframe")
    assert "/report/view?sections=boundaries&amp;sections=plans&amp;initials=true" in frag.text
    assert client.get(f"/report/preview?{q}", follow_redirects=False).status_code == 303
    view = client.get(f"/report/view?{q}")
    assert view.status_code == 200 and view.text.lstrip().lower().startswith("<!doctype html")
    assert view.headers["content-security-policy"] == PREVIEW_CSP
    assert view.headers["x-frame-options"] == "SAMEORIGIN"
    assert "Wilhelmina" not in view.text  # initials only


def test_report_choices_that_do_not_fit_are_422(client: TestClient) -> None:
    hx = {"HX-Request": "true"}
    assert client.get("/report/preview?sections=nope", headers=hx).status_code == 422
    assert client.get("/report/view?start=2026-13-01").status_code == 422
    assert client.get("/report/view?start=2026-11-20&end=2026-11-01").status_code == 422
    assert client.get("/report/view?note=reflection:x").status_code == 422
    assert client.get("/report/view?since_last_session=true").status_code == 404
    assert client.get("/report/download.doc").status_code == 404


def test_downloads(client: TestClient) -> None:
    html = client.get("/report/download.html?sections=plans")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert html.headers["content-disposition"].startswith('attachment; filename="ebbtide-report-')
    pdf = client.get("/report/download.pdf?sections=plans")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"


def test_sessions_add_list_delete(client: TestClient, token: str, ctx: Context) -> None:
    r = client.post("/sessions", data={"csrf_token": token, "day": "2026-11-10", "note": "first"})
    assert r.status_code == 200 and "Session saved." in r.text and "10 Nov 2026" in r.text
    (s,) = therapy_sessions.list_therapy_sessions(ctx)
    assert (s.day, s.note) == (date(2026, 11, 10), "first")
    assert client.get("/report/view?since_last_session=true").status_code == 200
    twice = client.post("/sessions", data={"csrf_token": token, "day": "2026-11-10"})
    assert twice.status_code == 409 and "already recorded" in twice.text
    assert len(therapy_sessions.list_therapy_sessions(ctx)) == 1
    future = {"csrf_token": token, "day": "2030-01-01"}
    assert client.post("/sessions", data=future).status_code == 422
    assert client.post("/sessions", data={"day": "2026-11-10"}).status_code == 403
    r = client.post(f"/sessions/{s.id}/delete", data={"csrf_token": token})
    assert r.status_code == 200 and "Session removed." in r.text
    assert client.post(f"/sessions/{s.id}/delete", data={"csrf_token": token}).status_code == 404


def test_sessions_api(client: TestClient, hdr: dict[str, str]) -> None:
    r = client.post("/api/sessions", json={"day": "2026-11-02", "note": ""}, headers=hdr)
    assert r.status_code == 201 and r.json()["help"] == []
    assert [s["day"] for s in client.get("/api/sessions").json()] == ["2026-11-02"]
    assert client.post("/api/sessions", json={"day": "2099-01-01"}, headers=hdr).status_code == 422
    assert client.post("/api/sessions", json={"day": "2026-11-02"}).status_code == 403
    sid = r.json()["id"]
    # The same day again clashes with the stored session: 409 Conflict, one sentence.
    again = client.post("/api/sessions", json={"day": "2026-11-02"}, headers=hdr)
    assert again.status_code == 409
    assert again.json() == {"detail": "a session on 2026-11-02 is already recorded", "field": "day"}
    assert [s["day"] for s in client.get("/api/sessions").json()] == ["2026-11-02"]
    assert client.delete(f"/api/sessions/{sid}", headers=hdr).status_code == 204
    assert client.delete(f"/api/sessions/{sid}", headers=hdr).status_code == 404


def test_calendar_is_served_and_linked(client: TestClient, ctx: Context) -> None:
    service.add_routine(ctx, "Evening walk", time_of_day="19:00")
    service.plan_step(ctx, "Call Sam", planned_for=date(2026, 11, 23))
    assert 'href="/calendar.ics"' in client.get("/steps").text
    r = client.get("/calendar.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in r.content and b"Evening walk" in r.content
    assert b"Call Sam" in r.content and b"VALARM" in r.content
    assert b"VALARM" not in client.get("/calendar.ics?alarms=false").content


def test_calendar_is_loopback_only(app: object) -> None:
    from fastapi import FastAPI

    assert isinstance(app, FastAPI)
    with TestClient(app, base_url="http://example.com") as outside:
        assert outside.get("/calendar.ics").status_code == 400

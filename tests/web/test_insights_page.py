"""The Insights page: nothing guessed on an empty history, away periods, plain labels."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from ebbtide.service.away import list_away
from ebbtide.service.context import Context


def test_an_empty_history_shows_no_phase_and_no_tide(client: TestClient) -> None:
    r = client.get("/insights")
    assert r.status_code == 200
    assert "No daily phases yet" in r.text
    assert "Lately:" not in r.text
    assert 'id="spec-tide"' not in r.text
    assert "Connected" not in r.text


def test_away_periods_are_added_listed_escaped_and_removed(
    client: TestClient, token: str, ctx: Context
) -> None:
    client.post("/checkin", data={"csrf_token": token, "state": "connected"})
    form = {"csrf_token": token, "from": "2026-08-01", "to": "2026-08-14", "note": "<i>sea</i>"}
    r = client.post("/away", data=form, follow_redirects=False)
    assert r.status_code == 303
    assert [(p.first, p.last) for p in list_away(ctx)] == [(date(2026, 8, 1), date(2026, 8, 14))]
    page = client.get("/insights").text
    assert "01 Aug 2026 – 14 Aug 2026: &lt;i&gt;sea&lt;/i&gt;" in page
    bad = client.post("/away", data=form | {"to": "2026-07-01"}, follow_redirects=False)
    assert bad.status_code == 422
    assert "must not be before the first" in bad.text
    assert client.post("/away", data=form | {"csrf_token": "x"}).status_code == 403
    assert client.post("/away/1/delete", data={"csrf_token": token}).status_code == 200
    assert list_away(ctx) == []
    assert client.post("/away/1/delete", data={"csrf_token": token}).status_code == 422

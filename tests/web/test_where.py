"""Where a check-in or time alone happened, from the Today forms and the JSON API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.service.context import Context


def test_today_forms_offer_and_save_where(client: TestClient, token: str, ctx: Context) -> None:
    page = client.get("/").text
    assert page.count('name="where"') == 2  # the check-in form and the time-alone form
    assert '<option value="someone-elses-place">Someone else&#39;s place</option>' in page
    r = client.post("/checkin", data={"csrf_token": token, "state": "connected", "where": "work"})
    assert r.status_code == 200
    r = client.post("/solitude", data={"csrf_token": token, "activity": "rest", "where": ""})
    assert r.status_code == 200
    places = {e.kind: e.record.where for e in service.today(ctx).entries}
    assert places == {"checkin": "work", "solitude": None}
    r = client.post("/checkin", data={"csrf_token": token, "state": "connected", "where": "moon"})
    assert r.status_code == 422 and "unknown place" in r.text
    assert len(service.today(ctx).entries) == 2


def test_the_api_takes_where_and_edits_it(client: TestClient, hdr: dict[str, str]) -> None:
    r = client.post("/api/checkins", json={"state": "fawning", "where": "online"}, headers=hdr)
    assert r.status_code == 201 and r.json()["record"]["where"] == "online"
    rid = r.json()["id"]
    r = client.patch(
        f"/api/entries/checkin/{rid}", json={"changes": {"where": "Transit"}}, headers=hdr
    )
    assert r.status_code == 200 and r.json()["record"]["where"] == "transit"
    r = client.patch(f"/api/entries/checkin/{rid}", json={"changes": {"where": ""}}, headers=hdr)
    assert r.status_code == 200 and r.json()["record"]["where"] is None
    r = client.post("/api/solitude", json={"activity": "rest", "where": "garden"}, headers=hdr)
    assert r.status_code == 422 and r.json()["field"] == "where"

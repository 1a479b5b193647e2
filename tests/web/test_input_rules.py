"""The domain's rules hold on the web too: dates in range, one text rule, no 500s."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.service.context import Context


@pytest.mark.parametrize(
    "path",
    [
        "/api/entries?since=9999-12-31",
        "/api/entries?until=9999-12-31",
        "/api/entries?since=0001-01-01",
        "/timeline?until=9999-12-31",
        "/report/view?start=0001-01-01",
        "/report/preview?end=9999-12-31",
        "/report/download.html?start=0001-01-01",
    ],
)
def test_extreme_dates_are_a_clear_4xx(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 422, (path, r.status_code)
    assert "between 1900 and 2100" in r.text


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00", "2999-01-01 10:00", "9999-12-31"])
def test_a_check_in_outside_the_range_is_refused_and_listing_still_works(
    client: TestClient, hdr: dict[str, str], when: str
) -> None:
    r = client.post("/api/checkins", json={"state": "connected", "when": when}, headers=hdr)
    assert r.status_code == 422
    assert client.get("/api/entries?limit=1000").status_code == 200


def test_a_nul_in_the_safety_plan_is_refused_by_form_and_api_alike(
    client: TestClient, hdr: dict[str, str], token: str, ctx: Context
) -> None:
    r = client.put("/api/safety-plan", json={"coping": ["tea\x00"]}, headers=hdr)
    assert r.status_code == 422
    form = client.post("/safety-plan", data={"csrf_token": token, "coping": "tea\x00\nwalk"})
    assert form.status_code == 422
    form = client.post("/safety-plan", data={"csrf_token": token, "coping": "tea\x0bwalk"})
    assert form.status_code == 422 and "control character" in form.text
    assert client.get("/api/safety-plan").status_code == 200
    from ebbtide.service import safety

    assert safety.get_plan(ctx).plan.empty


def test_the_api_and_the_pages_agree_on_control_characters(
    client: TestClient, hdr: dict[str, str], token: str, ctx: Context
) -> None:
    api = client.post("/api/checkins", json={"state": "connected", "note": "a\x07b"}, headers=hdr)
    page = client.post(
        "/checkin", data={"csrf_token": token, "state": "connected", "note": "a\x07b"}
    )
    assert api.status_code == page.status_code == 422
    assert "control character (U+0007)" in api.json()["detail"]
    assert "control character (U+0007)" in page.text
    # Line breaks as a browser sends them are kept the Unix way, on both paths.
    client.post("/api/checkins", json={"state": "connected", "note": "a\r\nb"}, headers=hdr)
    client.post("/checkin", data={"csrf_token": token, "state": "connected", "note": "c\r\nd"})
    assert sorted(e.record.note for e in service.today(ctx).entries) == ["a\nb", "c\nd"]


def test_a_step_can_be_planned_for_a_date_through_the_api(
    client: TestClient, hdr: dict[str, str]
) -> None:
    r = client.post(
        "/api/steps", json={"title": "Call Sam", "planned_for": "2026-11-28"}, headers=hdr
    )
    assert r.status_code == 201, r.text
    assert r.json()["record"]["planned_for"] == "2026-11-28"
    for bad in ("2026-02-31", "9999-01-01", 1700000000, "28.11.2026"):
        r = client.post("/api/steps", json={"title": "Call", "planned_for": bad}, headers=hdr)
        assert r.status_code == 422, bad

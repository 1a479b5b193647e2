"""A person's page: the felt-safety chart, rename, merge a duplicate, log a boundary."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.service.context import Context


def _form(token: str, **fields: str) -> dict[str, str]:
    return {"csrf_token": token, **fields}


def _spec(page: str) -> dict[str, object]:
    m = re.search(r'<script type="application/json" id="spec-trend">(.*?)</script>', page, re.S)
    assert m, "no trend chart on the page"
    spec: dict[str, object] = json.loads(m.group(1))
    return spec


def test_the_page_charts_felt_safety_and_reciprocity_month_by_month(
    client: TestClient, ctx: Context
) -> None:
    service.add_contact(
        ctx, ["Lea"], create_missing=True, safety=2, reciprocity=3, when="40 days ago"
    )
    service.add_contact(ctx, ["Lea"], safety=4, reciprocity=5)
    lea = service.get_person(ctx, "Lea")
    page = client.get(f"/people/{lea.id}").text
    spec = _spec(page)
    values = spec["data"]["values"]  # type: ignore[index]
    assert {(v["measure"], v["value"]) for v in values} == {  # type: ignore[union-attr]
        ("Felt safe", 2.0),
        ("Mutual", 3.0),
        ("Felt safe", 4.0),
        ("Mutual", 5.0),
    }
    assert "felt safe 4.0" in str(spec["description"]) and "mutual 5.0" in str(spec["description"])
    assert 'role="img"' in page and "How contact has felt over time" in page


def test_no_chart_before_any_contact(client: TestClient, ctx: Context) -> None:
    p = service.add_person(ctx, "Noor")
    page = client.get(f"/people/{p.id}").text
    assert "spec-trend" not in page and "No contacts logged with Noor yet." in page


def test_rename_from_the_page(client: TestClient, token: str, ctx: Context) -> None:
    p = service.add_person(ctx, "Sam")
    r = client.post(
        f"/people/{p.id}/rename",
        data=_form(token, name="  Samuel  ", relation="friend"),
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/people/{p.id}?saved=renamed"
    assert service.get_person(ctx, p.id).name == "Samuel"
    assert "Renamed." in client.get(r.headers["location"]).text
    # bad input: a clear 4xx, nothing changed
    assert client.post(f"/people/{p.id}/rename", data=_form(token, name=" ")).status_code == 422
    assert (
        client.post(
            f"/people/{p.id}/rename", data=_form(token, name="X", relation="boss")
        ).status_code
        == 422
    )
    assert service.get_person(ctx, p.id).name == "Samuel"
    assert client.post(f"/people/{p.id}/rename", data={"name": "Y"}).status_code == 403


def test_merge_a_duplicate_into_this_person(client: TestClient, token: str, ctx: Context) -> None:
    service.add_contact(ctx, ["Lea"], create_missing=True, safety=4)
    service.add_contact(ctx, ["Lea M"], create_missing=True, safety=2)
    lea, dup = service.get_person(ctx, "Lea"), service.get_person(ctx, "Lea M")
    page = client.get(f"/people/{lea.id}").text
    assert f'<option value="{dup.id}">Lea M</option>' in page
    assert f'<option value="{lea.id}">' not in page  # not offered to merge with themself
    r = client.post(
        f"/people/{lea.id}/merge", data=_form(token, other=str(dup.id)), follow_redirects=False
    )
    assert r.status_code == 303
    assert [s.person.name for s in service.list_people(ctx)] == ["Lea"]
    assert [s.contacts for s in service.list_people(ctx)] == [2]
    same = client.post(f"/people/{lea.id}/merge", data=_form(token, other=str(lea.id)))
    assert same.status_code == 422 and "someone other" in same.text
    assert (
        client.post(f"/people/{lea.id}/merge", data=_form(token, other="9999")).status_code == 404
    )


def test_log_a_boundary_from_the_page(client: TestClient, token: str, ctx: Context) -> None:
    p = service.add_person(ctx, "Mara")
    r = client.post(
        f"/people/{p.id}/boundary",
        data=_form(
            token, asked="Please ask before visiting", received="dismissed", after="shut-down"
        ),
        follow_redirects=False,
    )
    assert r.status_code == 303
    (b,) = [e.record for e in service.log(ctx, kinds=["boundary"])]
    assert (b.asked, b.received, b.after, b.person_id) == (
        "Please ask before visiting",
        "dismissed",
        "shut-down",
        p.id,
    )
    page = client.get(r.headers["location"]).text
    assert "Please ask before visiting" in page and "Boundary saved." in page
    bad = client.post(f"/people/{p.id}/boundary", data=_form(token, asked="x", received="maybe"))
    assert bad.status_code == 422
    assert len(service.log(ctx, kinds=["boundary"])) == 1
    # crisis words: the help is shown right away, and the boundary is saved as usual
    help_page = client.post(
        f"/people/{p.id}/boundary",
        data=_form(token, asked="I want to die if this goes on", received="honoured"),
    )
    assert help_page.status_code == 200 and 'role="alert"' in help_page.text
    assert len(service.log(ctx, kinds=["boundary"])) == 2


def test_user_text_on_the_person_page_is_data(client: TestClient, token: str, ctx: Context) -> None:
    service.add_contact(ctx, ["<b>Bo</b>"], create_missing=True, safety=3, reciprocity=3)
    p = service.get_person(ctx, "<b>Bo</b>")
    page = client.get(f"/people/{p.id}").text
    assert "<b>Bo</b>" not in page and "&lt;b&gt;Bo&lt;/b&gt;" in page
    assert "</script>" not in _spec_text(page)


def _spec_text(page: str) -> str:
    m = re.search(r'id="spec-trend">(.*?)</script>', page, re.S)
    return m.group(1) if m else ""

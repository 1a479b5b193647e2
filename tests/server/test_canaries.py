"""Field-level: strings seeded where no granted scope reaches never appear in any JSON,
HTML or FHIR output a grantee (or the audit export) can get; positive controls show the
same search finds what was granted."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ebbtide import service
from ebbtide.cli.main import run
from ebbtide.server import ServerDB, vocab
from ebbtide.server.repo import account_by_uid
from ebbtide.server.shared import client_context
from tests.server.conftest import Clock, User, login, make_user, new_client
from tests.server.world import CANARY_PERSON, NEVER, seed_records

pytestmark = pytest.mark.postgres

CHOSEN = "CHOSEN-reflection-shared-e7c1"
NAME_PARTS = ("Zoltanna", "Quirrelby", CANARY_PERSON)


def _client(sdb: ServerDB, clock: Clock) -> tuple[User, str]:
    client = make_user(sdb, "ana@example.org", "client")
    seed_records(sdb, client)
    with sdb.reading() as conn:
        account = account_by_uid(conn, client.uid)
    assert account is not None
    ctx = client_context(sdb, account)
    chosen = service.add_reflection(ctx, "What felt good?", CHOSEN, when="2 days ago")
    return client, chosen.record.uid


def _everything(tc: TestClient, doc_tc: TestClient, uid: str, tmp: Path, url: str) -> str:
    """Every output a grantee can fetch, the client's FHIR export, and the audit export."""
    parts = [doc_tc.get("/api/clients").text, doc_tc.get("/clinic").text]
    parts.append(doc_tc.get(f"/clinic/{uid}").text)
    for scope in vocab.SCOPES:
        parts.append(doc_tc.get(f"/api/clients/{uid}/{scope}").text)
    parts.append(tc.get("/api/me/consents/fhir").text)
    out = tmp / "audit.json"
    assert run(["server", "audit", "export", "--fhir", "-o", str(out), "--db", url]) == 0
    parts.append(out.read_text())
    return "\n".join(parts)


def _share(tc: TestClient, doc: User, scopes: list[str], reflections: list[str]) -> None:
    body = {
        "grantee": doc.email,
        "scopes": scopes,
        "purpose": "treatment",
        "until": "2027-06-30",
        "reflections": reflections,
    }
    res = tc.post("/api/me/consents", json=body)
    assert res.status_code == 201, res.text


def test_canaries_never_leak(
    sdb: ServerDB, app_client: TestClient, clock: Clock, server_url: str, tmp_path: Path
) -> None:
    client, chosen_uid = _client(sdb, clock)
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    login(app_client, client, clock)
    everything_but_detail = [s for s in vocab.SCOPES if s != "contacts.detail"]
    _share(app_client, doc, everything_but_detail, [chosen_uid])
    doc_tc = new_client(app_client)
    login(doc_tc, doc, clock)
    text = _everything(app_client, doc_tc, client.uid, tmp_path, server_url)
    for canary in (*NEVER, *NAME_PARTS):
        assert canary not in text, canary
    # positive controls: what was shared is there, in the same outputs
    assert CHOSEN in text
    assert '"person":"ZQ"' in text  # initials, written without full stops since the report change
    assert '"state":"mobilized"' in text


def test_contacts_detail_shows_names_but_never_notes(
    sdb: ServerDB, app_client: TestClient, clock: Clock, server_url: str, tmp_path: Path
) -> None:
    client, _chosen = _client(sdb, clock)
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    login(app_client, client, clock)
    _share(app_client, doc, list(vocab.SCOPES), [])
    doc_tc = new_client(app_client)
    login(doc_tc, doc, clock)
    text = _everything(app_client, doc_tc, client.uid, tmp_path, server_url)
    assert CANARY_PERSON in text  # granted: full names
    for canary in NEVER:
        assert canary not in text, canary
    assert CHOSEN not in text  # reflections.chosen, but none was picked


def test_nothing_is_shared_by_default(sdb: ServerDB, app_client: TestClient, clock: Clock) -> None:
    client, _chosen = _client(sdb, clock)
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    doc_tc = new_client(app_client)
    login(doc_tc, doc, clock)
    assert doc_tc.get("/api/clients").json() == []
    for scope in vocab.SCOPES:
        res = doc_tc.get(f"/api/clients/{client.uid}/{scope}")
        assert res.status_code == 403
        assert "mobilized" not in res.text


# Phone figures no other output holds (two decimals: never part of a uid or a token).
PHONE_CANARIES = {
    "passive.comm.daily": {"calls_out": 9173.41, "texted": 8264.52, "people": 7355.63},
    "passive.gps.daily": {"gps_h": 6446.74, "home_h": 5537.85},
}


def test_ungranted_phone_figures_never_appear(
    sdb: ServerDB, app_client: TestClient, clock: Clock, tmp_path: Path, server_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import polars as pl

    client, _ = _client(sdb, clock)
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    with sdb.reading() as conn:
        account = account_by_uid(conn, client.uid)
    assert account is not None
    today = client_context(sdb, account).today()
    days = [today.fromordinal(today.toordinal() - n) for n in (3, 2, 1)]
    figures = {k: v for scope in PHONE_CANARIES.values() for k, v in scope.items()}
    frame = pl.DataFrame(
        {"day": days, "covered_h": [20.0] * 3, **{k: [v] * 3 for k, v in figures.items()}}
    )
    monkeypatch.setattr(service, "passive_days", lambda _ctx: frame)
    login(app_client, client, clock)
    doc_tc = new_client(app_client)
    login(doc_tc, doc, clock)

    def shown(scope: str, text: str) -> list[str]:
        return [f"{v:g}" for v in PHONE_CANARIES[scope].values() if f"{v:g}" in text]

    _share(app_client, doc, ["checkins"], [])
    page = doc_tc.get(f"/clinic/{client.uid}")
    assert page.status_code == 200 and 'data-section="passive.' not in page.text
    everything = _everything(app_client, doc_tc, client.uid, tmp_path, server_url)
    assert shown("passive.comm.daily", everything) == shown("passive.gps.daily", everything) == []

    _share(app_client, doc, ["passive.comm.daily"], [])
    page = doc_tc.get(f"/clinic/{client.uid}")
    assert 'data-section="passive.comm.daily"' in page.text
    assert "Phone calls and texts per day" in page.text
    assert 'data-section="passive.gps.daily"' not in page.text
    assert len(shown("passive.comm.daily", page.text)) == 3  # the positive control
    everything = _everything(app_client, doc_tc, client.uid, tmp_path, server_url)
    assert shown("passive.gps.daily", everything) == []

    _share(app_client, doc, ["passive.gps.daily"], [])
    page = doc_tc.get(f"/clinic/{client.uid}")
    assert 'data-section="passive.gps.daily"' in page.text
    assert len(shown("passive.gps.daily", page.text)) == 2


def test_clinician_page_shows_real_phone_days_when_granted(
    sdb: ServerDB, app_client: TestClient, clock: Clock
) -> None:
    from tests.server.world import seed_phone_data

    client = make_user(sdb, "ana@example.org", "client")
    seed_phone_data(sdb, client)
    doc = make_user(sdb, "dr.lee@example.org", "clinician")
    login(app_client, client, clock)
    _share(app_client, doc, ["passive.gps.daily", "passive.comm.daily"], [])
    doc_tc = new_client(app_client)
    login(doc_tc, doc, clock)
    rows = doc_tc.get(f"/api/clients/{client.uid}/passive.gps.daily").json()["rows"]
    assert rows
    page = doc_tc.get(f"/clinic/{client.uid}").text
    assert "Phone location per day" in page and "Phone calls and texts per day" in page
    assert all(f"<td>{r['day']}</td>" in page for r in rows)

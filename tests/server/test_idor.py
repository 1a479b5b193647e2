"""IDOR fuzz (Hypothesis): any uid in any route, as a clinician and as a client, never
reaches data without a live grant, never names another person's data, never a 5xx."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebbtide.server import vocab
from tests.server.world import GRANTED, OUT_OF_SCOPE, World

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
random_uid = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
    min_size=1,
    max_size=64,
)
odd_text = st.text(max_size=80).filter(lambda s: "/" not in s and "?" not in s and "#" not in s)


def _uids(world: World) -> list[str]:
    people = [*world.clients.values(), *world.research.values(), world.me, world.clinician]
    return [u.uid for u in people] + [world.study.uid, world.other_study.uid]


def _readable(world: World, uid: str, scope: str) -> bool:
    """What clinician A may read: the written-out truth of the world's grants."""
    if uid == world.clients[("own", "granted")].uid:
        return scope in GRANTED
    if uid == world.clients[("own", "out-of-scope")].uid:
        return scope in OUT_OF_SCOPE
    return False


@FUZZ
@given(data=st.data())
def test_clinician_reads_only_live_grants(
    world: World, browsers: dict[str, TestClient], data: st.DataObject
) -> None:
    tc = browsers["clinician"]
    uid = data.draw(st.one_of(st.sampled_from(_uids(world)), random_uid))
    scope = data.draw(st.one_of(st.sampled_from(list(vocab.SCOPES)), odd_text))
    res = tc.get(f"/api/clients/{uid}/{quote(scope, safe='')}")
    assert res.status_code < 500
    if scope in vocab.SCOPES and _readable(world, uid, scope):
        assert res.status_code == 200 and res.json()["client"] == uid
    else:
        assert res.status_code in (403, 404, 422)
    page = tc.get(f"/clinic/{uid}")
    readable_page = uid in (
        world.clients[("own", "granted")].uid,
        world.clients[("own", "out-of-scope")].uid,
    )
    assert page.status_code == (200 if readable_page else 403)


@FUZZ
@given(data=st.data())
def test_client_reaches_only_their_own(
    world: World, browsers: dict[str, TestClient], data: st.DataObject
) -> None:
    tc = browsers["client"]
    others = [g for uid, g in world.grants.items() if uid != world.me.uid]
    grant = data.draw(st.one_of(st.sampled_from(others), random_uid))
    res = tc.post(f"/api/me/consents/{grant}/revoke")
    assert res.status_code in (404, 422)
    uid = data.draw(st.one_of(st.sampled_from(_uids(world)), random_uid))
    for path in (f"/api/clients/{uid}/checkins", f"/clinic/{uid}", f"/study/{uid}"):
        assert tc.get(path).status_code == 403
    assert tc.get(f"/api/studies/{uid}/aggregates").status_code == 403


@FUZZ
@given(uid=st.one_of(random_uid, st.just("")))
def test_study_admin_reaches_only_their_study(
    world: World, browsers: dict[str, TestClient], uid: str
) -> None:
    tc = browsers["study-admin"]
    res = tc.get(f"/api/studies/{uid}/aggregates")
    if uid == world.study.uid:
        assert res.status_code == 200
    else:
        assert res.status_code in (403, 404)

"""The personal web app's routes in the authorization matrix: what each call needs.

For a route on one record (an entry, a step, a person …) the case's side picks whose
record the URL names: "own" makes a fresh one for the acting client, "other" one for
another client, which the acting client must get a 404 for (their pages read their own
records only). Staff and nobody are refused before any record is looked at.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta

from ebbtide import service
from ebbtide.server.repo import account_by_uid
from ebbtide.server.shared import client_context
from tests.server.world import World

_n = itertools.count(1)
Made = tuple[dict[str, str], dict[str, str]]
"""(path parameters, form body) for one call."""
Maker = Callable[[World, str, str], Made]
"""(world, side, state) -> what the call needs."""


def owner_ctx(world: World, side: str, state: str) -> service.Context:
    """The service context of the client whose record the URL names."""
    user = world.me if side == "own" else world.clients[("other", state)]
    with world.db.reading() as conn:
        account = account_by_uid(conn, user.uid)
    assert account is not None
    return client_context(world.db, account)


def _today(world: World) -> str:
    return (world.clock().date() - timedelta(days=1)).isoformat()


def _past(world: World) -> date:
    """A different past day each call (one session a day)."""
    return world.clock().date() - timedelta(days=100 + next(_n))


def plain(body: dict[str, str] | None = None) -> Maker:
    """A call with fixed path parameters and body."""
    return lambda _w, _s, _t: ({}, dict(body or {}))


def checkin(world: World, side: str, state: str) -> Made:
    e = service.add_checkin(owner_ctx(world, side, state), "connected")
    return {"kind": "checkin", "record_id": str(e.record.id)}, {"state": "mobilized"}


def step(world: World, side: str, state: str) -> Made:
    s = service.plan_step(owner_ctx(world, side, state), f"Say hello {next(_n)}")
    return {"step_id": str(s.id), "action": "skip"}, {}


def routine(world: World, side: str, state: str) -> Made:
    r = service.add_routine(owner_ctx(world, side, state), f"Stretch {next(_n)}")
    return {"routine_id": str(r.id)}, {}


def routine_by_name(world: World, _side: str, _state: str) -> Made:
    r = service.add_routine(owner_ctx(world, "own", ""), f"Walk {next(_n)}")
    return {}, {"routine": r.name}


def person(world: World, side: str, state: str) -> Made:
    p = service.add_person(owner_ctx(world, side, state), f"Pat {next(_n)}")
    return {"person_id": str(p.id)}, {}


def rename(world: World, side: str, state: str) -> Made:
    ids, _ = person(world, side, state)
    return ids, {"name": f"Robin {next(_n)}"}


def merge(world: World, side: str, state: str) -> Made:
    ids, _ = person(world, side, state)
    other, _ = person(world, side, state)
    return ids, {"other": other["person_id"]}


def person_boundary(world: World, side: str, state: str) -> Made:
    ids, _ = person(world, side, state)
    return ids, {"asked": "some quiet", "received": "honoured"}


def session(world: World, side: str, state: str) -> Made:
    ctx = owner_ctx(world, side, state)
    s = service.add_therapy_session(ctx, _past(world))
    return {"session_id": str(s.id)}, {}


def away(world: World, _side: str, _state: str) -> Made:
    ctx = owner_ctx(world, "own", "")
    day = ctx.today() - timedelta(days=40)
    service.add_away(ctx, day, day)
    return {"number": str(len(service.list_away(ctx)))}, {}


def questionnaire(_world: World, _side: str, _state: str) -> Made:
    ins = service.get_instrument("gad7")
    return {"code": "gad7"}, {f"q-{item.id}": "0" for item in ins.items}


def day_page(world: World, _side: str, _state: str) -> Made:
    return {"day": _today(world)}, {}


def new_person(_world: World, _side: str, _state: str) -> Made:
    return {}, {"name": f"Kim {next(_n)}"}


def new_routine(_world: World, _side: str, _state: str) -> Made:
    return {}, {"name": f"Read {next(_n)}"}


def new_session(world: World, _side: str, _state: str) -> Made:
    return {}, {"day": _past(world).isoformat()}


def new_away(world: World, _side: str, _state: str) -> Made:
    day = (world.clock().date() - timedelta(days=60)).isoformat()
    return {}, {"from": day, "to": day}


def open_day(world: World, _side: str, _state: str) -> Made:
    return {"?": f"day={_today(world)}"}, {}


# (method, path) -> (client's status, whose record: "record" when a side's record, maker)
PERSONAL: dict[tuple[str, str], tuple[int, bool, Maker]] = {
    ("GET", "/checkin"): (303, False, plain()),
    ("GET", "/contact"): (303, False, plain()),
    ("GET", "/solitude"): (303, False, plain()),
    ("GET", "/boundary"): (303, False, plain()),
    ("GET", "/routines"): (303, False, plain()),
    ("POST", "/checkin"): (200, False, plain({"state": "connected"})),
    ("POST", "/contact"): (200, False, plain({"people": "Sam", "channel": "call"})),
    ("POST", "/solitude"): (200, False, plain({"activity": "nature"})),
    ("POST", "/boundary"): (
        200,
        False,
        plain({"person": "Sam", "asked": "a pause", "received": "honoured"}),
    ),
    ("GET", "/timeline"): (200, False, plain()),
    ("GET", "/timeline/{kind}/{record_id}/edit"): (200, True, checkin),
    ("POST", "/timeline/{kind}/{record_id}/edit"): (303, True, checkin),
    ("POST", "/timeline/{kind}/{record_id}/delete"): (303, True, checkin),
    ("GET", "/insights"): (200, False, plain()),
    ("POST", "/away"): (303, False, new_away),
    ("POST", "/away/{number}/delete"): (303, False, away),
    ("POST", "/insights/phone-signals"): (303, False, plain({"on": "1"})),
    ("GET", "/people"): (200, False, plain()),
    ("POST", "/people"): (303, False, new_person),
    ("GET", "/steps"): (200, False, plain()),
    ("POST", "/steps"): (200, False, plain({"title": "Wave to a neighbour"})),
    ("POST", "/steps/{step_id}/{action}"): (200, True, step),
    ("POST", "/routines"): (200, False, new_routine),
    ("POST", "/routines/done"): (200, False, routine_by_name),
    ("POST", "/routines/{routine_id}/delete"): (200, True, routine),
    ("POST", "/routines/{routine_id}/done"): (200, True, routine),
    ("GET", "/reflections"): (200, False, plain()),
    ("POST", "/reflections"): (200, False, plain({"prompt": "What helped?", "answer": "A walk"})),
    ("GET", "/help"): (200, False, plain()),
    ("POST", "/help/region"): (200, False, plain({"region": ""})),
    ("GET", "/safety-plan"): (200, False, plain()),
    ("POST", "/safety-plan"): (200, False, plain({"coping": "a walk"})),
    ("GET", "/questionnaires"): (200, False, plain()),
    ("GET", "/questionnaires/{code}"): (200, False, questionnaire),
    ("POST", "/questionnaires/{code}"): (200, False, questionnaire),
    ("GET", "/questionnaires/{code}/history"): (200, False, questionnaire),
    ("GET", "/report"): (200, False, plain()),
    ("GET", "/report/preview"): (303, False, plain()),
    ("GET", "/report/view"): (200, False, plain()),
    ("GET", "/report/download.{fmt}"): (200, False, lambda _w, _s, _t: ({"fmt": "html"}, {})),
    ("POST", "/sessions"): (200, False, new_session),
    ("POST", "/sessions/{session_id}/delete"): (200, True, session),
    ("GET", "/calendar.ics"): (200, False, plain()),
    ("GET", "/day"): (303, False, open_day),
    ("GET", "/day/{day}"): (200, False, day_page),
    ("GET", "/people/{person_id}"): (200, True, person),
    ("POST", "/people/{person_id}/rename"): (303, True, rename),
    ("POST", "/people/{person_id}/merge"): (303, True, merge),
    ("POST", "/people/{person_id}/boundary"): (303, True, person_boundary),
}


def fill(path: str, made: Made) -> str:
    """The path with a call's parameters (and query) filled in."""
    params, _body = made
    url = path
    for name, value in params.items():
        if name != "?":
            url = url.replace("{" + name + "}", value)
    return url + (f"?{params['?']}" if "?" in params else "")

"""From a lived life to what got logged: lived events, a logging filter, an export document."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from .life import (
    CHANNELS,
    NUMBING,
    RESTORATIVE,
    STATES,
    Life,
    Member,
    Traits,
    UidSource,
    _ou,
)
from .world import BoolArray, FloatArray, IntArray, World

# Typical minutes by channel (in-person, call, video, text, social).
CHANNEL_MINUTES = np.array([70.0, 18.0, 35.0, 6.0, 4.0])
# How likely a contact on this channel is to be remembered and logged.
CHANNEL_RECALL = np.array([1.0, 0.85, 0.9, 0.45, 0.25])
DRIFT_CHANNELS = np.array([0.08, 0.12, 0.05, 0.5, 0.25])
ACTIVITY_MINUTES = {
    "rest": 30.0,
    "nature": 90.0,
    "meditation": 15.0,
    "creative": 60.0,
    "reading": 40.0,
    "movement": 45.0,
    "music": 30.0,
    "cooking": 40.0,
    "screen-binge": 150.0,
    "scrolling": 40.0,
    "over-organizing": 60.0,
    "overworking": 170.0,
    "sleeping-off": 220.0,
    "other": 45.0,
}
RETREAT_BOOST = np.array([1.0, 2.5, 2.0, 2.0, 2.0, 1.5, 1.2, 1.0])
BODY = {
    "connected": ("warmth", "open-chest", "steady-breath", "soft-belly"),
    "mobilized": (
        "tight-chest",
        "shallow-breath",
        "clenched-jaw",
        "racing-heart",
        "tense-shoulders",
        "knot-in-stomach",
        "restless",
    ),
    "shut-down": ("heaviness", "numbness", "foggy", "tearful"),
    "fawning": ("knot-in-stomach", "tense-shoulders", "tight-chest", "shallow-breath"),
}
CHECKIN_NOTES = {
    "connected": ("Good day.", "Slept well.", "Felt like myself.", "Calm morning.", "Nice walk."),
    "mobilized": (
        "Too much on.",
        "Wired.",
        "Deadline week.",
        "Couldn't settle.",
        "Snapped at someone.",
    ),
    "shut-down": (
        "Flat.",
        "Stayed in.",
        "Didn't want to see anyone.",
        "Heavy day.",
        "Couldn't get going.",
    ),
    "fawning": ("Said yes again.", "Kept the peace.", "Didn't say what I wanted."),
}
GOOD_CONTACT = ("Good to catch up.", "Laughed a lot.", "Felt easy.", "Really listened.")
POOR_CONTACT = (
    "Kept it short.",
    "Drained after.",
    "Said yes when I meant no.",
    "Went through the motions.",
)
ASKS = (
    "I need an evening to myself this week.",
    "Please call before coming over.",
    "I can't talk about work tonight.",
    "I'd like you to stop commenting on my food.",
    "I need you to ask before borrowing things.",
    "Please don't bring that up again.",
    "I'll leave at ten.",
    "I can't lend money this time.",
)
PROMPTS = (
    "What did time alone give you today?",
    "Who felt safe this week?",
    "What are you avoiding, if anything?",
    "What would a small step toward someone be?",
    "When did you feel most like yourself?",
)
ANSWERS = {
    "neutral": (
        "Not much to say, an ordinary week.",
        "Work, food, sleep. Fine.",
        "Mixed. Some good moments.",
        "I noticed I was tired but okay.",
    ),
    "good": (
        "A long walk alone, and then dinner with friends. Both felt right.",
        "Quiet time filled me up; I wanted to see people afterwards.",
        "Talking to my sister helped.",
    ),
    "retreat": (
        "The quiet is doing me good. I'll be ready to see people soon.",
        "Reading and walking. I chose this and it helps.",
        "Phone off, mind clearer.",
    ),
    "low": (
        "I keep cancelling plans and then feel worse.",
        "Days blur. I don't answer messages.",
        "I told myself I needed rest, but it feels more like hiding.",
        "Everyone seems far away.",
    ),
    "recovering": (
        "Sent a message to an old friend. It went fine.",
        "Small steps. Had coffee with someone.",
        "A bit more like myself this week.",
    ),
}
SOLITUDE_NOTES = (
    "Needed that.",
    "Lost track of time.",
    "Felt better after.",
    "Couldn't stop.",
    "Just numbing out.",
)
ROUTINES = (
    ("Morning walk", "daily", "07:30", "out-of-bed", frozenset(range(7))),
    ("Text one person", "weekdays", None, "first-contact", frozenset(range(5))),
    ("Call family", "sun", "18:00", None, frozenset({6})),
    ("Dinner without screens", "daily", None, "dinner", frozenset(range(7))),
    ("Stretch before bed", "daily", "22:30", "bed", frozenset(range(7))),
    ("Sit outside for ten minutes", "weekends", None, None, frozenset({5, 6})),
    ("Gym", "mon,wed,fri", "18:30", None, frozenset({0, 2, 4})),
)
ANCHOR_HOURS = {
    "out-of-bed": 7.5,
    "first-contact": 9.5,
    "start-work": 9.0,
    "dinner": 19.0,
    "bed": 22.8,
    "other": 13.0,
}
STEP_TITLES = (
    "Send {} a short message",
    "A brief chat with {}",
    "Call {}",
    "Meet {} somewhere easy to leave",
    "Tell {} how the week really was",
)
STEP_ANON = (
    "Send someone a short message",
    "A brief chat with a neighbour",
    "A short call with someone safe",
    "Meet someone somewhere easy to leave",
    "Tell someone how the week really was",
)


class Clock:
    """Local wall-clock hours on a simulated day to UTC instants, zone by zone."""

    def __init__(self, world: World, zones: list[str]) -> None:
        cache: dict[str, ZoneInfo] = {}
        self._midnight: list[datetime] = []
        for d, name in zip(world.dates, zones, strict=True):
            zi = cache.setdefault(name, ZoneInfo(name))
            self._midnight.append(datetime(d.year, d.month, d.day, tzinfo=zi))
        self.first = datetime(
            world.start.year, world.start.month, world.start.day, tzinfo=cache[zones[0]]
        )

    def at(self, day: int, hours: float) -> str:
        """The UTC instant of `hours` after local midnight of `day` (wall clock)."""
        local = self._midnight[day] + timedelta(seconds=int(hours * 3600.0))
        return _z(local.astimezone(UTC))

    def before_start(self, days_before: float) -> str:
        """An instant some days before the window opens."""
        return _z((self.first - timedelta(days=days_before)).astimezone(UTC))


def _z(u: datetime) -> str:
    """UTC as YYYY-MM-DDTHH:MM:SSZ."""
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}Z"


def _softmax(x: FloatArray) -> FloatArray:
    """Row-wise softmax."""
    e = np.exp(x - x.max(axis=1, keepdims=True))
    out: FloatArray = e / e.sum(axis=1, keepdims=True)
    return out


def _pick(rng: np.random.Generator, probs: FloatArray) -> IntArray:
    """One categorical draw per row of a probability matrix."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(probs.shape[0]) * cum[:, -1]
    out: IntArray = np.minimum((cum < u[:, None]).sum(axis=1), probs.shape[1] - 1)
    return out.astype(np.int64)


def _cap(rng: np.random.Generator, day: IntArray, budget: IntArray) -> BoolArray:
    """Keep at most budget[d] items per day (random ones) and spend the budget."""
    n = day.size
    if n == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((rng.random(n), day))
    sd = day[order]
    rank = np.arange(n) - np.searchsorted(sd, sd, side="left")
    keep = np.empty(n, dtype=bool)
    keep[order] = rank < budget[sd]
    budget -= np.bincount(day[keep], minlength=budget.size)
    return keep


def _opt(pyr: random.Random, p: float, value: Any) -> Any:
    """The value if the person bothered to fill the field, else None."""
    return value if pyr.random() < p else None


@dataclass(slots=True)
class Days:
    """Per-day conditions shared by every kind of record."""

    z: FloatArray
    ret: FloatArray
    sick: FloatArray
    hol: FloatArray
    weekend: BoolArray
    ret_prog: FloatArray
    state_p: FloatArray
    session: BoolArray
    n_sessions: IntArray


def build_export(
    rng: np.random.Generator,
    world: World,
    traits: Traits,
    members: list[Member],
    life: Life,
    code: str,
    uid: UidSource,
) -> dict[str, Any]:
    """Simulate lived days and the logging filter, then write the export document."""
    pyr = random.Random(int(rng.integers(0, 1 << 62)))
    clock = Clock(world, life.zone)
    dd = _days(rng, world, traits, life)
    budget = np.full(world.days, traits.max_per_day, dtype=np.int64)
    doc: dict[str, Any] = {
        "format": "ebbtide-export",
        "version": 1,
        "subject": {"code": code, "tz": life.home},
        "people": [],
        "routines": [],
        "checkins": [],
        "contacts": [],
        "solitude": [],
        "boundaries": [],
        "routine_done": [],
        "steps": [],
        "reflections": [],
        "assessments": [],
        "therapy_sessions": [],
        "safety_plan": None,
        "settings": {},
    }
    _checkins(rng, pyr, world, traits, life, dd, clock, uid, budget, doc)
    _boundaries(rng, pyr, traits, members, life, dd, clock, uid, budget, doc)
    _contacts(rng, pyr, world, traits, members, life, dd, clock, uid, budget, doc)
    _solitude(rng, pyr, world, traits, life, dd, clock, uid, budget, doc)
    _routines(rng, pyr, world, life, dd, clock, uid, budget, doc)
    _reflections(rng, pyr, traits, life, dd, clock, uid, budget, doc)
    _steps(rng, pyr, world, traits, members, life, dd, clock, uid, doc)
    for m in members:
        if m.added >= world.days - 1:
            continue
        created = (
            clock.before_start(pyr.uniform(0.2, 20.0))
            if m.added < 0
            else clock.at(m.added, pyr.uniform(9.0, 22.0))
        )
        doc["people"].append(
            {
                "uid": m.uid,
                "name": m.name,
                "relation": m.relation,
                "note": "",
                "created_at": created,
            }
        )
    for d in sorted(set(life.therapy)):
        if 0 <= d < world.days:
            doc["therapy_sessions"].append(
                {"uid": uid.next(), "day": world.dates[d].isoformat(), "note": ""}
            )
    for key in ("people", "routines"):
        doc[key].sort(key=lambda i: (i["created_at"], i["uid"]))
    for key in ("checkins", "contacts", "solitude", "boundaries", "routine_done", "reflections"):
        doc[key].sort(key=lambda i: (i["at"], i["uid"]))
    doc["steps"].sort(key=lambda i: (i["created_at"], i["uid"]))
    doc["therapy_sessions"].sort(key=lambda i: (i["day"], i["uid"]))
    return doc


def _days(rng: np.random.Generator, world: World, traits: Traits, life: Life) -> Days:
    """Day-level state probabilities and the sticky, fatiguing logging sessions."""
    days = world.days
    t = np.arange(days, dtype=np.float64)
    z = life.z
    ret = life.retreat.astype(np.float64)
    sick = life.sick.astype(np.float64)
    hol = life.holiday.astype(np.float64)
    weekend = world.weekday >= 5
    prog = np.zeros(days)
    for s, e in life.retreats:
        prog[s : e + 1] = (np.arange(s, e + 1) - s) / max(1, e - s)
    shift = np.array([-3.0, 1.2 * (0.5 + traits.anxious), 2.6, 0.6 + 1.5 * traits.fawner])
    logits = (
        traits.temperament[None, :]
        + z[:, None] * shift[None, :]
        + ret[:, None] * np.array([1.3, -0.7, -0.5, -0.5])[None, :]
        + sick[:, None] * np.array([-0.6, 0.0, 1.1, 0.0])[None, :]
        + 0.2 * world.weather[:, None] * np.array([1.0, 0.0, -1.0, 0.0])[None, :]
        + rng.normal(0.0, 0.45, (days, 4))
    )
    fatigue = traits.fatigue_floor + (1.0 - traits.fatigue_floor) * np.exp(-t / traits.fatigue_tau)
    novelty = 1.0 + traits.novelty * np.exp(-t / 10.0)
    motivation = np.exp(_ou(rng, days, 0.97, 0.05))
    retreat_log = float(rng.uniform(0.65, 1.25))
    pi = (
        traits.log_base
        * fatigue
        * novelty
        * motivation
        * life.thin
        * (1.0 - 0.6 * traits.log_withdraw * z)
        * np.where(life.holiday, 0.45, 1.0)
        * np.where(life.sick, 0.6, 1.0)
        * np.where(life.retreat, retreat_log, 1.0)
        * np.where(weekend, 0.9, 1.0)
    )
    pi = np.clip(pi, 0.0, 0.97)
    pi[life.nolog] = 0.0
    session = np.zeros(days, dtype=bool)
    u = rng.random(days)
    rho = traits.sticky
    prev = True
    for d in range(days):
        p = float(pi[d])
        q = p + rho * (1.0 - p) if prev else p * (1.0 - rho)
        prev = bool(u[d] < q) and p > 0.0
        session[d] = prev
    n_sessions = session.astype(np.int64) * (1 + (rng.random(days) < traits.two_sessions))
    return Days(z, ret, sick, hol, weekend, prog, _softmax(logits), session, n_sessions)


def _checkins(
    rng: np.random.Generator,
    pyr: random.Random,
    world: World,
    traits: Traits,
    life: Life,
    dd: Days,
    clock: Clock,
    uid: UidSource,
    budget: IntArray,
    doc: dict[str, Any],
) -> None:
    """Check-ins: state, intensity, body, energy and social appetite."""
    days = world.days
    n = (rng.random(days) < traits.checkin_p).astype(np.int64) * dd.session
    n += (dd.n_sessions == 2) & (rng.random(days) < traits.checkin_p)
    n += dd.session & (rng.random(days) < max(0.0, -traits.log_withdraw) * dd.z)
    day = np.repeat(np.arange(days), n)
    day = day[_cap(rng, day, budget)]
    if day.size == 0:
        return
    state = _pick(rng, dd.state_p[day])
    z = dd.z[day]
    offset = float(rng.normal(0.0, 0.4))
    energy = np.clip(
        np.rint(
            3.2
            + offset
            - 1.7 * z
            - 1.3 * dd.sick[day]
            + 0.7 * dd.ret_prog[day]
            + 0.25 * world.weather[day]
            + rng.normal(0.0, 0.75, day.size)
        ),
        1,
        5,
    )
    intensity = np.where(
        state == 0,
        2.0 + rng.normal(0.0, 0.8, day.size),
        2.8 + 1.6 * z + rng.normal(0.0, 0.8, day.size),
    )
    intensity = np.clip(np.rint(intensity), 1, 5)
    want = 0.45 - 0.3 * z - 0.3 * dd.ret[day]
    need = 0.4 + 0.1 * z + 0.4 * dd.ret[day] + 0.2 * dd.sick[day]
    avoid = 0.15 + 0.35 * z
    appetite = _pick(rng, np.stack([want.clip(0.02), need, avoid], axis=1))
    fill_app = np.clip(traits.fill_appetite * (1.0 + 0.4 * dd.ret[day]), 0.0, 1.0)
    # Hours: one or two sessions a day; drifting evenings slide later, past midnight.
    second = np.r_[False, day[1:] == day[:-1]]
    hours = np.where(
        second,
        rng.normal(21.5, 1.2, day.size),
        rng.normal(traits.chrono, traits.chrono_sd, day.size),
    )
    first_of_two = np.r_[day[1:] == day[:-1], False]
    hours = np.where(first_of_two, rng.normal(8.3, 1.0, day.size), hours)
    late = traits.late_drift * z * np.abs(rng.normal(2.0, 1.2, day.size))
    hours = np.clip(hours + np.where(hours > 17.0, late, 0.0), 5.0, 27.9)
    apps = ("want-company", "need-solitude", "avoiding")
    for i in range(day.size):
        s = STATES[int(state[i])]
        nb = sum(pyr.random() < traits.body_p for _ in range(3))
        body = pyr.sample(BODY[s], nb) if nb else []
        note = pyr.choice(CHECKIN_NOTES[s]) if pyr.random() < traits.note_p else ""
        d = int(day[i])
        doc["checkins"].append(
            {
                "uid": uid.next(),
                "at": clock.at(d, float(hours[i])),
                "tz": life.zone[d],
                "state": s,
                "intensity": _opt(pyr, traits.fill_intensity, int(intensity[i])),
                "body": body,
                "energy": _opt(pyr, traits.fill_energy, int(energy[i])),
                "appetite": _opt(pyr, float(fill_app[i]), apps[int(appetite[i])]),
                "note": note,
            }
        )


def _after_probs(q: FloatArray, z: FloatArray, ret: FloatArray, fawner: float) -> FloatArray:
    """State after an encounter from its felt safety q (0..1), withdrawal and retreat."""
    connected = np.clip(0.1 + 0.75 * q - 0.3 * z + 0.1 * ret, 0.02, None)
    mobilized = 0.08 + 0.35 * (1.0 - q) + 0.1 * z
    shut = 0.04 + 0.45 * z + 0.1 * (1.0 - q)
    fawning = 0.03 + 0.4 * (1.0 - q) * fawner
    p = np.stack([connected, mobilized, shut, fawning], axis=1)
    out: FloatArray = p / p.sum(axis=1, keepdims=True)
    return out


def _contacts(
    rng: np.random.Generator,
    pyr: random.Random,
    world: World,
    traits: Traits,
    members: list[Member],
    life: Life,
    dd: Days,
    clock: Clock,
    uid: UidSource,
    budget: IntArray,
    doc: dict[str, Any],
) -> None:
    """Lived contacts (negative binomial, bursty, AR-correlated) and the ones logged."""
    days = world.days
    t = np.arange(days)
    z = dd.z
    rel = [m.relation for m in members]
    weight = np.array([m.weight for m in members])
    close = np.array([m.closeness for m in members])
    safety = np.array([m.safety for m in members])
    added = np.array([m.added for m in members])
    gone = np.array([m.gone for m in members])
    remote = np.array([m.remote_from for m in members])
    is_col = np.array([r == "colleague" for r in rel])
    is_fam = np.array([r in ("family", "partner") for r in rel])
    is_pro = np.array([r == "professional" for r in rel])
    alive = (t[:, None] > added[None, :]) & (t[:, None] < gone[None, :]) & ~is_pro[None, :]
    w = weight[None, :] * alive
    off = dd.weekend | life.holiday
    w = w * np.where(is_col[None, :] & off[:, None], 0.03, 1.0)
    w = w * np.where(is_fam[None, :] & life.holiday[:, None], 2.0, 1.0)
    w = w * np.exp(-traits.intimacy_avoid * z[:, None] * close[None, :])
    w = w * (1.0 + 2.0 * traits.fawner * z[:, None] * (safety[None, :] < 2.8))
    w = w * np.where(
        life.retreat[:, None], 3.0 * (safety[None, :] / 5.0) ** 3 * close[None, :] ** 1.5, 1.0
    )
    ar = _ou(rng, days, traits.ar_phi, traits.ar_sigma)
    mu = (
        traits.contact_base
        * traits.weekday_profile[world.weekday]
        * np.exp(traits.weather_sens * world.weather + ar)
        * (1.0 - traits.drift_drop * z)
        * np.where(life.retreat, float(rng.uniform(0.4, 0.75)), 1.0)
        * np.where(life.sick, 0.35, 1.0)
        * np.where(world.festive, 1.25, 1.0)
        + life.support
    )
    mu = np.clip(mu, 0.0, None)
    count = rng.negative_binomial(traits.nb_k, traits.nb_k / (traits.nb_k + mu))
    rowsum = w.sum(axis=1)
    count[rowsum <= 0] = 0
    day = np.repeat(t, count).astype(np.int64)
    if day.size:
        probs = w[day] / rowsum[day][:, None]
        who = _pick(rng, probs)
        chans = np.stack([members[int(j)].channels for j in who])
        far = day >= remote[who]
        chans[:, 0] *= np.where(far, 0.03, 1.0) * np.where(life.sick[day], 0.3, 1.0)
        zz = z[day][:, None]
        chans = (1.0 - 0.5 * zz) * chans / chans.sum(
            axis=1, keepdims=True
        ) + 0.5 * zz * DRIFT_CHANNELS
        if far.any():
            chans[far, 0] = 0.0
        ch = _pick(rng, chans)
    else:
        who = np.zeros(0, dtype=np.int64)
        ch = np.zeros(0, dtype=np.int64)
    # Logging filter: recall depends on channel; some contacts are back-filled next day.
    nxt = np.r_[dd.session[1:], False]
    r = rng.random(day.size)
    logged = (dd.session[day] & (r < traits.recall_contact * CHANNEL_RECALL[ch])) | (
        ~dd.session[day]
        & nxt[day]
        & (r < traits.backfill * traits.recall_contact * CHANNEL_RECALL[ch])
    )
    # Bursts: parties, family gatherings, team outings with several people at once.
    burst = rng.random(days) < (
        traits.burst_p
        * np.where(dd.weekend, 1.6, 0.8)
        * np.exp(0.4 * world.weather)
        * (1.0 - 0.9 * z)
        * (1.0 - 0.8 * dd.ret)
        * (1.0 - 0.7 * dd.sick)
    )
    extra: list[tuple[int, list[int]]] = []
    for d in map(int, np.flatnonzero(burst & dd.session)):
        pool = np.flatnonzero(alive[d])
        if pool.size >= 2:
            k = min(pool.size, int(rng.integers(2, 6)))
            extra.append((d, [int(x) for x in rng.choice(pool, k, replace=False)]))
    pro = np.flatnonzero(is_pro)
    for d in sorted(set(life.therapy)):
        if pro.size and 0 <= d < days and dd.session[d] and pyr.random() < 0.7:
            extra.append((d, [int(pro[0])]))
    sel = np.flatnonzero(logged)
    all_day = np.r_[day[sel], np.array([e[0] for e in extra], dtype=np.int64)]
    all_who = [[int(who[i])] for i in sel] + [e[1] for e in extra]
    all_ch = np.r_[ch[sel], np.zeros(len(extra), dtype=np.int64)]
    for i, (_d, group) in enumerate(extra):
        if is_pro[group[0]] and pyr.random() < 0.35:
            all_ch[sel.size + i] = 2
    keep = _cap(rng, all_day.astype(np.int64), budget)
    n = all_day.size
    if n == 0:
        return
    zc = z[all_day]
    first = np.array([g[0] for g in all_who])
    big = np.array([len(g) > 1 for g in all_who])
    base_min = CHANNEL_MINUTES[all_ch] * np.array([members[j].minutes_scale for j in first])
    base_min *= np.where(big, 2.5, 1.0) * np.where(is_pro[first], 0.0, 1.0)
    base_min += np.where(is_pro[first], 50.0, 0.0)
    minutes = np.clip(np.rint(base_min * (1.0 - 0.45 * zc) * rng.lognormal(0.0, 0.55, n)), 1, 900)
    minutes = np.where(is_pro[first], 50.0, minutes)
    m_safety = np.array([members[j].safety for j in first])
    m_recip = np.array([members[j].reciprocity for j in first])
    m_auth = np.array([members[j].authenticity for j in first])
    lift = 0.3 * dd.ret[all_day]
    drop = traits.quality_drop * zc * np.where(is_pro[first], 0.3, 1.0)
    s_lat = np.clip(m_safety + lift - drop + rng.normal(0.0, 0.55, n), 1.0, 5.0)
    rec = np.clip(np.rint(m_recip + lift - 0.8 * drop + rng.normal(0.0, 0.6, n)), 1, 5)
    auth = np.clip(np.rint(m_auth + lift - 1.2 * drop + rng.normal(0.0, 0.6, n)), 1, 5)
    me = np.clip(0.38 - 0.28 * zc, 0.05, None)
    both = np.clip(0.2 - 0.06 * zc, 0.05, None)
    them = 1.0 - me - both
    init = _pick(rng, np.stack([me, them, both], axis=1))
    before = _pick(rng, dd.state_p[all_day])
    after = _pick(rng, _after_probs((s_lat - 1.0) / 4.0, zc, dd.ret[all_day], traits.fawner))
    hours = np.where(
        is_col[first],
        rng.normal(12.5, 2.3, n),
        np.where(dd.weekend[all_day], rng.normal(15.0, 3.2, n), rng.normal(18.8, 2.3, n)),
    )
    hours = np.clip(hours, 7.0, 23.7)
    inits = ("me", "them", "both")
    fill_min = traits.fill_minutes
    for i in map(int, np.flatnonzero(keep)):
        d = int(all_day[i])
        c = int(all_ch[i])
        good = s_lat[i] >= 3.5
        note = ""
        if pyr.random() < traits.note_p * 0.6:
            note = pyr.choice(GOOD_CONTACT if good else POOR_CONTACT)
        doc["contacts"].append(
            {
                "uid": uid.next(),
                "at": clock.at(d, float(hours[i])),
                "tz": life.zone[d],
                "people": [members[j].uid for j in all_who[i]],
                "channel": CHANNELS[c],
                "minutes": _opt(pyr, fill_min * (0.5 if c >= 3 else 1.0), int(minutes[i])),
                "initiated": _opt(pyr, traits.fill_initiated, inits[int(init[i])]),
                "safety": _opt(pyr, traits.fill_quality, round(float(s_lat[i]))),
                "reciprocity": _opt(pyr, traits.fill_quality * 0.8, int(rec[i])),
                "authenticity": _opt(pyr, traits.fill_quality * 0.7, int(auth[i])),
                "before": _opt(pyr, traits.fill_states, STATES[int(before[i])]),
                "after": _opt(pyr, traits.fill_states * 1.1, STATES[int(after[i])]),
                "note": note,
            }
        )


def _solitude(
    rng: np.random.Generator,
    pyr: random.Random,
    world: World,
    traits: Traits,
    life: Life,
    dd: Days,
    clock: Clock,
    uid: UidSource,
    budget: IntArray,
    doc: dict[str, Any],
) -> None:
    """Time alone: restorative or numbing, chosen or not, and how it left the person."""
    days = world.days
    z = dd.z
    mu = (
        traits.sol_base
        * (1.0 + 0.9 * z)
        * (1.0 + 1.0 * dd.ret)
        * (1.0 + 0.6 * dd.sick)
        * np.where(life.holiday, 0.8, 1.0)
        * np.where(dd.weekend, 1.2, 1.0)
    )
    count = rng.negative_binomial(2.5, 2.5 / (2.5 + mu))
    day = np.repeat(np.arange(days), count).astype(np.int64)
    n = day.size
    if n == 0:
        return
    zd = z[day]
    rd = dd.ret[day]
    sd = dd.sick[day]
    p_numb = np.clip(
        traits.numb_base
        + (0.85 - traits.numb_base) * traits.numb_gain * zd
        + 0.25 * sd
        - 0.8 * traits.numb_base * rd,
        0.0,
        0.97,
    )
    numb = rng.random(n) < p_numb
    rest_p = np.where(
        rd[:, None] > 0, traits.restorative_pref * RETREAT_BOOST, traits.restorative_pref[None, :]
    )
    rest_p = np.broadcast_to(rest_p, (n, len(RESTORATIVE)))
    r_act = _pick(rng, np.ascontiguousarray(rest_p))
    numb_p = np.broadcast_to(traits.numbing_pref, (n, len(NUMBING))).copy()
    numb_p[:, 4] += 1.5 * sd
    n_act = _pick(rng, numb_p)
    names = [NUMBING[int(n_act[i])] if numb[i] else RESTORATIVE[int(r_act[i])] for i in range(n)]
    for i in range(n):
        if pyr.random() < 0.03:
            names[i] = "other"
    med = np.array([ACTIVITY_MINUTES[a] for a in names])
    minutes = np.clip(
        np.rint(med * (1.0 + 0.7 * zd) * (1.0 + 0.5 * rd) * rng.lognormal(0.0, 0.55, n)), 5, 1440
    )
    r = rng.random(n)
    logged = dd.session[day] & (
        r < traits.recall_solitude * (0.6 + 0.4 * np.minimum(minutes / 90.0, 1.0))
    )
    keep = np.zeros(n, dtype=bool)
    idx = np.flatnonzero(logged)
    keep[idx] = _cap(rng, day[idx], budget)
    p_chosen = np.where(numb, 0.7 - 0.45 * zd, 0.93 - 0.3 * zd)
    p_chosen = np.where(sd > 0, 0.3, p_chosen)
    chosen = rng.random(n) < p_chosen
    before = _pick(rng, dd.state_p[day])
    q = np.where(numb, 0.55 if traits.numb_ok else 0.3, 0.8) * (1.0 - 0.3 * zd)
    after = _pick(rng, _after_probs(q, zd * np.where(numb, 1.2, 0.8), rd, traits.fawner))
    hours = np.where(dd.weekend[day], rng.normal(14.0, 3.5, n), rng.normal(18.0, 3.0, n))
    late = np.array([a in ("screen-binge", "scrolling") for a in names])
    hours = np.where(late, rng.normal(21.5, 1.8, n) + 1.5 * zd, hours)
    hours = np.clip(hours, 6.0, 26.5)
    for i in map(int, np.flatnonzero(keep)):
        d = int(day[i])
        note = pyr.choice(SOLITUDE_NOTES) if pyr.random() < traits.note_p * 0.5 else ""
        doc["solitude"].append(
            {
                "uid": uid.next(),
                "at": clock.at(d, float(hours[i])),
                "tz": life.zone[d],
                "activity": names[i],
                "minutes": _opt(pyr, traits.fill_minutes, int(minutes[i])),
                "chosen": bool(chosen[i]),
                "before": _opt(pyr, traits.fill_states, STATES[int(before[i])]),
                "after": _opt(pyr, traits.fill_states * 1.1, STATES[int(after[i])]),
                "note": note,
            }
        )


def _boundaries(
    rng: np.random.Generator,
    pyr: random.Random,
    traits: Traits,
    members: list[Member],
    life: Life,
    dd: Days,
    clock: Clock,
    uid: UidSource,
    budget: IntArray,
    doc: dict[str, Any],
) -> None:
    """Boundaries asked of people, met or not according to how safe they are."""
    days = dd.z.size
    p = traits.boundary_p * (1.0 - 0.5 * dd.z) * np.where(life.retreat, 0.5, 1.0)
    events: list[tuple[int, int, str]] = []
    for d in map(int, np.flatnonzero(dd.session & (rng.random(days) < p))):
        pool = [
            i
            for i, m in enumerate(members)
            if m.added < d < m.gone and m.relation not in ("professional", "group")
        ]
        if not pool:
            continue
        j = pool[int(rng.integers(len(pool)))]
        q = (members[j].safety - 1.0) / 4.0
        probs = np.array([0.15 + 0.6 * q, 0.25, 0.25 * (1 - q), 0.15 * (1 - q), 0.1 * (1 - q)])
        events.append(
            (
                d,
                j,
                ("honoured", "negotiated", "dismissed", "refused", "punished")[
                    int(rng.choice(5, p=probs / probs.sum()))
                ],
            )
        )
    for d, j in life.conflicts:
        if pyr.random() < 0.8 and d < days:
            events.append((d, j, "punished" if pyr.random() < 0.5 else "refused"))
    if not events:
        return
    day = np.array([e[0] for e in events], dtype=np.int64)
    keep = _cap(rng, day, budget)
    for (d, j, received), k in zip(events, keep, strict=True):
        if not k:
            continue
        met = received in ("honoured", "negotiated")
        after = (
            pyr.choice(["connected", "connected", "mobilized"])
            if met
            else pyr.choice(["mobilized", "shut-down", "fawning", "mobilized"])
        )
        doc["boundaries"].append(
            {
                "uid": uid.next(),
                "at": clock.at(d, pyr.uniform(9.0, 22.5)),
                "tz": life.zone[d],
                "person": members[j].uid,
                "asked": pyr.choice(ASKS),
                "received": received,
                "after": _opt(pyr, 0.8, after),
                "note": "",
            }
        )


def _routines(
    rng: np.random.Generator,
    pyr: random.Random,
    world: World,
    life: Life,
    dd: Days,
    clock: Clock,
    uid: UidSource,
    budget: IntArray,
    doc: dict[str, Any],
) -> None:
    """A few small anchors, done less often as withdrawal deepens."""
    if pyr.random() > 0.4:
        return
    chosen = pyr.sample(ROUTINES, pyr.choice([1, 1, 2]))
    for name, schedule, tod, anchor, weekdays in chosen:
        r_uid = uid.next()
        started = 0 if pyr.random() < 0.7 else pyr.randrange(0, max(1, world.days // 2))
        stopped = world.days
        if pyr.random() < 0.15:
            stopped = pyr.randrange(started + 1, world.days + 1)
        doc["routines"].append(
            {
                "uid": r_uid,
                "name": name,
                "schedule": schedule,
                "time_of_day": tod,
                "anchor": anchor,
                "tz": life.zone[started],
                "active": stopped == world.days,
                "created_at": clock.at(started, 8.0) if started else clock.before_start(1.0),
            }
        )
        adherence = pyr.uniform(0.4, 0.9)
        hour = (int(tod[:2]) + int(tod[3:]) / 60.0) if tod else ANCHOR_HOURS.get(anchor or "", 12.0)
        scheduled = np.array([d.weekday() in weekdays for d in world.dates])
        span = (np.arange(world.days) > started) & (np.arange(world.days) < stopped)
        p = adherence * (1.0 - 0.6 * dd.z) * (1.0 - 0.7 * dd.sick) * (1.0 - 0.5 * dd.hol) * 0.9
        done = scheduled & span & dd.session & (rng.random(world.days) < p)
        day = np.flatnonzero(done).astype(np.int64)
        keep = _cap(rng, day, budget)
        for d in map(int, day[keep]):
            doc["routine_done"].append(
                {
                    "uid": uid.next(),
                    "routine": r_uid,
                    "at": clock.at(d, min(27.5, max(5.0, hour + pyr.gauss(0.0, 0.5)))),
                    "tz": life.zone[d],
                    "note": "",
                }
            )


def _reflections(
    rng: np.random.Generator,
    pyr: random.Random,
    traits: Traits,
    life: Life,
    dd: Days,
    clock: Clock,
    uid: UidSource,
    budget: IntArray,
    doc: dict[str, Any],
) -> None:
    """Occasional written reflections, more on retreat, phrased after the phase."""
    days = dd.z.size
    p = (
        traits.reflect_p
        * (1.0 + 1.5 * dd.ret)
        * np.clip(1.0 - 0.5 * dd.z * traits.log_withdraw, 0.2, 2.0)
    )
    day = np.flatnonzero(dd.session & (rng.random(days) < p)).astype(np.int64)
    keep = _cap(rng, day, budget)
    for d in map(int, day[keep]):
        label = life.truth[d]
        if pyr.random() < 0.5:
            tone = "neutral"
        elif label == "retreat":
            tone = "retreat"
        elif label in ("drift", "isolated"):
            tone = "low"
        elif label == "recovery":
            tone = "recovering"
        else:
            tone = "good" if pyr.random() < 0.7 else "neutral"
        doc["reflections"].append(
            {
                "uid": uid.next(),
                "at": clock.at(d, min(27.5, max(5.0, pyr.gauss(21.5, 1.5)))),
                "tz": life.zone[d],
                "prompt": pyr.choice(PROMPTS),
                "answer": pyr.choice(ANSWERS[tone]),
            }
        )


def _steps(
    rng: np.random.Generator,
    pyr: random.Random,
    world: World,
    traits: Traits,
    members: list[Member],
    life: Life,
    dd: Days,
    clock: Clock,
    uid: UidSource,
    doc: dict[str, Any],
) -> None:
    """Steps back toward people: tried in drift, climbed through recovery."""
    days = world.days
    rate = np.full(days, 0.01 if traits.steps_user else 0.0)
    progress = np.zeros(days)
    for k, onset in enumerate(life.onsets):
        end = life.ends[k]
        start = onset + pyr.randrange(7, 40)
        stop = end if end is not None else days
        rate[start:stop] = np.maximum(rate[start:stop], 0.05)
        if end is not None:
            labels = [i for i in range(end, days) if life.truth[i] == "recovery"]
            if labels:
                a, b = labels[0], labels[-1] + 1
                rate[a:b] = 0.15
                progress[a:b] = np.linspace(0.0, 1.0, b - a)
    day = np.flatnonzero(dd.session & (rng.random(days) < rate))
    safe = np.array([m.safety for m in members]) ** 3
    for d in map(int, day):
        label = life.truth[d]
        prog = float(progress[d])
        if label == "recovery":
            level = min(5, max(1, 1 + round(prog * 4 + pyr.gauss(0.0, 0.7))))
        elif label in ("drift", "isolated"):
            level = pyr.choice([1, 1, 2])
        else:
            level = pyr.choice([2, 3, 4, 5])
        pool = [
            i
            for i, m in enumerate(members)
            if m.added < d < m.gone and m.relation != "professional"
        ]
        person: Member | None = None
        if pool and pyr.random() < 0.8:
            w = safe[pool] / safe[pool].sum()
            person = members[pool[int(rng.choice(len(pool), p=w))]]
        title = STEP_TITLES[level - 1].format(person.name) if person else STEP_ANON[level - 1]
        planned = d + pyr.randrange(0, 5)
        made = pyr.uniform(18.0, 22.5) if planned > d else pyr.uniform(7.0, 11.0)
        status, done_at = "planned", None
        if planned < days:
            p_done = 0.3 + 0.55 * prog - 0.25 * float(dd.z[d]) + (0.3 if label == "ordinary" else 0)
            if pyr.random() < p_done:
                when = pyr.uniform(made + 0.5, 23.0) if planned == d else pyr.uniform(10.0, 21.0)
                status, done_at = "done", clock.at(planned, when)
            elif pyr.random() < 0.8:
                status = "skipped"
        doc["steps"].append(
            {
                "uid": uid.next(),
                "title": title,
                "level": level,
                "planned_for": (world.dates[d] + timedelta(days=planned - d)).isoformat(),
                "status": status,
                "person": person.uid if person else None,
                "created_at": clock.at(d, made),
                "done_at": done_at,
                "tz": life.zone[d],
                "note": "",
            }
        )

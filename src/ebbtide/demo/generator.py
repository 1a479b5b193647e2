"""Simulated histories with known truth, for the demo, tests and benchmarks.

Each simulated person lives a day-by-day timeline drawn from an *archetype*. The
timeline sets, per local day, how sociable they are, how much of their solitude is an
escape, how their nervous system tends to sit, and how likely they are to log at all
(people log less as they withdraw). Events are then sampled from those rates with
NumPy, vectorised over days, so 10,000 people × 2 years stays fast.

The same sampled arrays give either columns (for batch analytics) or domain records
(for a demo database); ``Truth`` says what really happened, day by day.

Archetypes:
- ``story`` — the demo persona's year: a chosen restorative retreat, a depleting
  relationship whose boundaries are refused, a slow drift into isolation with logging
  thinning out, and a recovery through small steps and routines.
- ``stable`` — steady connection, ordinary ups and downs.
- ``retreat`` — one to three chosen, restorative retreats; never a drift.
- ``drift-gradual`` / ``drift-abrupt`` — a drift into isolation from a known day,
  over about a month or within days; some recover.
- ``logs-stop`` — steady life, but logging stops at a known day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from ebbtide.demo import texts
from ebbtide.domain import vocab
from ebbtide.domain.prompts import prompt_for_day
from ebbtide.domain.records import (
    Boundary,
    CheckIn,
    Contact,
    Person,
    Reflection,
    Routine,
    RoutineDone,
    Solitude,
    Step,
)
from ebbtide.domain.timekeeping import zone

ARCHETYPES = ("story", "stable", "retreat", "drift-gradual", "drift-abrupt", "logs-stop")
# Truth phases per day, as in the insights: index into PHASES.
PHASES = ("connected", "restoring", "drifting", "isolated")
CONNECTED, RESTORING, DRIFTING, ISOLATED = range(4)

STATES = vocab.STATES.codes  # connected, mobilized, shut-down, fawning
CHANNELS = vocab.CHANNELS.codes
INITIATORS = vocab.INITIATORS.codes
ACTIVITIES = vocab.SOLITUDE_ACTIVITIES.codes
RESPONSES = vocab.BOUNDARY_RESPONSES.codes
_RESTFUL = np.array(
    [
        ACTIVITIES.index(a)
        for a in (
            "rest",
            "nature",
            "meditation",
            "creative",
            "reading",
            "movement",
            "music",
            "cooking",
        )
    ]
)
_NUMBING = np.array([ACTIVITIES.index(a) for a in sorted(vocab.NUMBING_ACTIVITIES)])

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Truth:
    """What really happened to a simulated person."""

    subject: str
    archetype: str
    start: date
    days: int
    tz: str
    phases: npt.NDArray[np.int8]
    drift_onset: date | None = None
    isolation_onset: date | None = None
    recovery_start: date | None = None
    retreats: tuple[tuple[date, date], ...] = ()
    logging_stops: date | None = None
    depleting_person: str | None = None
    # The simulation's own daily rates, for oracle detectors in benchmarks: the
    # sociability multiplier, the share of solitude that is an escape, the chance the
    # day is logged at all, and the person's base rate of contacts per day.
    sociability: npt.NDArray[np.float64] | None = None
    escape_share: npt.NDArray[np.float64] | None = None
    log_prob: npt.NDArray[np.float64] | None = None
    contact_rate: float | None = None

    def phase_on(self, day: date) -> str:
        """The true phase of a day."""
        return PHASES[int(self.phases[(day - self.start).days])]


@dataclass
class History:
    """One simulated person's logged history (columns) and its truth."""

    truth: Truth
    people: list[tuple[str, str]]
    columns: dict[str, dict[str, npt.NDArray[Any]]]
    routines: list[tuple[str, str, str, str]] = field(default_factory=list)
    routine_done: list[tuple[int, int]] = field(default_factory=list)  # (routine idx, epoch)
    steps: list[tuple[int, str, int, int, str]] = field(default_factory=list)
    reflections: list[tuple[int, int]] = field(default_factory=list)  # (epoch, text idx)

    def count(self) -> int:
        """How many records the history holds."""
        n = sum(len(c["at"]) for c in self.columns.values())
        return n + len(self.routine_done) + len(self.steps) + len(self.reflections)

    def records(self, tz: str | None = None) -> Iterator[Any]:
        """Domain records (people first, then everything else) for a demo database.

        Contacts, boundaries and steps refer to people by their position in
        ``self.people`` plus one, which is their id in a fresh database.
        """
        zone_name = tz or self.truth.tz
        yield from (Person(name=n, relation=r) for n, r in self.people)
        c = self.columns["checkin"]
        for i in range(len(c["at"])):
            yield CheckIn(
                at=_dt(c["at"][i]),
                tz=zone_name,
                state=STATES[c["state"][i]],
                intensity=int(c["intensity"][i]),
                appetite=_appetite(int(c["appetite"][i])),
                body=_body(int(c["state"][i]), int(c["intensity"][i])),
                note=texts.CHECKIN_NOTES[int(c["note"][i])],
            )
        k = self.columns["contact"]
        for i in range(len(k["at"])):
            yield Contact(
                at=_dt(k["at"][i]),
                tz=zone_name,
                person_ids=(int(k["person"][i]) + 1,),
                channel=CHANNELS[k["channel"][i]],
                minutes=int(k["minutes"][i]),
                initiated=INITIATORS[k["initiated"][i]],
                safety=int(k["safety"][i]),
                reciprocity=int(k["reciprocity"][i]),
                authenticity=int(k["authenticity"][i]),
                before=STATES[k["before"][i]],
                after=STATES[k["after"][i]],
            )
        s = self.columns["solitude"]
        for i in range(len(s["at"])):
            yield Solitude(
                at=_dt(s["at"][i]),
                tz=zone_name,
                activity=ACTIVITIES[s["activity"][i]],
                minutes=int(s["minutes"][i]),
                chosen=bool(s["chosen"][i]),
                before=STATES[s["before"][i]],
                after=STATES[s["after"][i]],
            )
        b = self.columns["boundary"]
        for i in range(len(b["at"])):
            yield Boundary(
                at=_dt(b["at"][i]),
                tz=zone_name,
                person_id=int(b["person"][i]) + 1,
                asked=_ASKS[int(b["ask"][i])],
                received=RESPONSES[b["received"][i]],
                after=STATES[b["after"][i]],
            )
        for epoch, idx in self.reflections:
            at = _dt(epoch)
            yield Reflection(
                at=at,
                tz=zone_name,
                prompt=prompt_for_day(at.date()).text,
                answer=texts.REFLECTIONS[idx % len(texts.REFLECTIONS)],
            )
        for name, schedule, hhmm, anchor in self.routines:
            yield Routine(
                name=name, schedule=schedule, time_of_day=hhmm, anchor=anchor, tz=zone_name
            )
        for ridx, epoch in self.routine_done:
            yield RoutineDone(routine_id=ridx + 1, at=_dt(epoch), tz=zone_name)
        for level, title, created, done, status in self.steps:
            yield Step(
                title=title,
                level=level,
                status=status,
                created_at=_dt(created),
                done_at=_dt(done) if status == "done" else None,
                tz=zone_name,
                planned_for=(_dt(created) + timedelta(days=3)).date(),
            )


_ASKS = (
    "I asked not to be called after ten at night",
    "I said I could not host this weekend",
    "I asked to talk about it another time",
    "I asked them to stop commenting on my weight",
    "I said I needed a few days to myself",
    "I asked for my share of the bill to be fair",
)


def _dt(epoch: Any) -> datetime:
    return datetime.fromtimestamp(int(epoch), UTC)


def _appetite(code: int) -> str | None:
    return None if code < 0 else vocab.APPETITES.codes[code]


_BODY_BY_STATE = {
    0: ("open-chest", "steady-breath", "warmth", "soft-belly"),
    1: ("tight-chest", "shallow-breath", "clenched-jaw", "racing-heart", "tense-shoulders"),
    2: ("heaviness", "numbness", "foggy"),
    3: ("knot-in-stomach", "tense-shoulders", "shallow-breath"),
}


def _body(state: int, intensity: int) -> tuple[str, ...]:
    options = _BODY_BY_STATE[state]
    return tuple(options[(intensity + j) % len(options)] for j in range(min(2, intensity // 2)))


@lru_cache(maxsize=64)
def _noon_offsets(tz: str, start: date, days: int) -> IntArray:
    """UTC offset in seconds at local noon for each day (DST-aware)."""
    z = zone(tz)
    return np.array(
        [
            int(datetime(d.year, d.month, d.day, 12, tzinfo=z).utcoffset().total_seconds())  # type: ignore[union-attr]
            for d in (start + timedelta(days=i) for i in range(days))
        ],
        dtype=np.int64,
    )


@dataclass
class _Timeline:
    m: FloatArray  # sociability multiplier
    esc: FloatArray  # share of solitude that is an escape
    states: FloatArray  # (days, 4) state probabilities
    logp: FloatArray  # probability the day is logged at all
    phase: npt.NDArray[np.int8]
    depleting: npt.NDArray[np.bool_]


_BASE_STATES = np.array([0.58, 0.22, 0.12, 0.08])
_RETREAT_STATES = np.array([0.45, 0.15, 0.35, 0.05])
_DRIFT_STATES = np.array([0.15, 0.25, 0.55, 0.05])
_ISOLATED_STATES = np.array([0.07, 0.2, 0.68, 0.05])
_DEPLETED_STATES = np.array([0.35, 0.35, 0.12, 0.18])


def _ramp(a: float, b: float, n: int) -> FloatArray:
    return np.linspace(a, b, max(n, 1))[:n]


def _timeline(
    archetype: str, days: int, rng: np.random.Generator
) -> tuple[_Timeline, dict[str, Any]]:
    m = np.ones(days)
    esc = np.full(days, 0.18)
    st = np.tile(_BASE_STATES, (days, 1))
    logp = np.full(days, 0.93)
    phase = np.zeros(days, dtype=np.int8)
    depleting = np.zeros(days, dtype=bool)
    info: dict[str, Any] = {}

    def retreat(a: int, length: int) -> None:
        b = min(days, a + length)
        n = b - a
        m[a:b] = 0.25
        esc[a:b] = 0.05
        # A retreat that refuels: states heavy at first, steadily lighter.
        w = _ramp(0.0, 1.0, n)[:, None]
        st[a:b] = (1 - w) * _RETREAT_STATES + w * np.array([0.75, 0.1, 0.1, 0.05])
        logp[a:b] = 0.85
        phase[a:b] = RESTORING
        info.setdefault("retreats", []).append((a, b - 1))

    def drift(t0: int, ramp_len: int, iso_len: int, recover: bool) -> None:
        t1 = min(days, t0 + ramp_len)
        n = t1 - t0
        w = _ramp(0.0, 1.0, n)
        m[t0:t1] = 1 - 0.85 * w
        esc[t0:t1] = 0.2 + 0.6 * w
        st[t0:t1] = (1 - w[:, None]) * _BASE_STATES + w[:, None] * _DRIFT_STATES
        logp[t0:t1] = 0.93 - 0.45 * w
        phase[t0:t1] = DRIFTING
        t2 = min(days, t1 + iso_len)
        m[t1:t2] = 0.12
        esc[t1:t2] = 0.82
        st[t1:t2] = _ISOLATED_STATES
        logp[t1:t2] = 0.45
        phase[t1:t2] = ISOLATED
        info["drift_onset"] = t0
        info["isolation_onset"] = t1 if t1 < days else None
        if recover and t2 < days:
            n3 = min(days - t2, 45)
            w3 = _ramp(0.0, 1.0, n3)
            m[t2 : t2 + n3] = 0.2 + 0.7 * w3
            esc[t2 : t2 + n3] = 0.8 - 0.55 * w3
            st[t2 : t2 + n3] = (1 - w3[:, None]) * _DRIFT_STATES + w3[:, None] * _BASE_STATES
            logp[t2 : t2 + n3] = 0.5 + 0.4 * w3
            m[t2 + n3 :] = 0.95
            info["recovery_start"] = t2
        elif t2 < days:
            m[t2:] = 0.12
            esc[t2:] = 0.82
            st[t2:] = _ISOLATED_STATES
            logp[t2:] = 0.45
            phase[t2:] = ISOLATED

    if archetype == "stable":
        pass
    elif archetype == "retreat":
        k = int(rng.integers(1, 4))
        slots = (
            np.sort(
                rng.choice(
                    np.arange(30, max(31, days - 20), 40),
                    size=min(k, max(1, (days - 50) // 40)),
                    replace=False,
                )
            )
            if days > 80
            else np.array([days // 3])
        )
        for a in slots:
            retreat(int(a), int(rng.integers(5, 15)))
    elif archetype in ("drift-gradual", "drift-abrupt"):
        t0 = int(rng.integers(int(days * 0.35), max(int(days * 0.35) + 1, int(days * 0.7))))
        gradual = archetype == "drift-gradual"
        drift(
            t0,
            int(rng.integers(21, 36)) if gradual else 2,
            int(rng.integers(20, 61)),
            recover=bool(rng.random() < 0.5),
        )
        if gradual and t0 > 70 and rng.random() < 0.5:
            retreat(int(rng.integers(20, t0 - 40)), int(rng.integers(5, 12)))
    elif archetype == "logs-stop":
        ts = int(rng.integers(int(days * 0.4), max(int(days * 0.4) + 1, int(days * 0.8))))
        logp[ts:] = 0.0
        info["logging_stops"] = ts
    elif archetype == "story":
        retreat(int(days * 0.2), max(3, int(days * 0.035)))
        d0, d1 = int(days * 0.3), int(days * 0.5)
        depleting[d0:d1] = True
        st[d0:d1] = _DEPLETED_STATES
        drift(int(days * 0.52), max(2, int(days * 0.08)), max(2, int(days * 0.12)), recover=True)
    else:
        raise ValueError(f"unknown archetype {archetype!r}; choose from {', '.join(ARCHETYPES)}")
    return _Timeline(m, esc, st, logp, phase, depleting), info


def _sample_states(rng: np.random.Generator, probs: FloatArray) -> IntArray:
    cum = probs.cumsum(axis=1)
    u = rng.random(len(probs))[:, None]
    out: IntArray = np.minimum((u > cum).sum(axis=1), 3).astype(np.int64)
    return out


def generate(
    archetype: str = "story",
    *,
    days: int = 365,
    end: date | None = None,
    seed: int = 7,
    tz: str = "Europe/Berlin",
    subject: str = "demo",
    day_start_hour: int = 4,
    now: datetime | None = None,
) -> History:
    """Simulate one person's logged history ending on local day ``end`` (default today).

    Nothing is dated after ``now`` (default: the real clock when ``end`` is not given), so
    a demo made today holds only what could have been logged by now.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    rng = np.random.default_rng(
        [seed, ARCHETYPES.index(archetype) if archetype in ARCHETYPES else 99, days]
    )
    last = end or datetime.now(zone(tz)).date()
    start = last - timedelta(days=days - 1)
    tl, info = _timeline(archetype, days, rng)
    offsets = _noon_offsets(tz, start, days)
    # Local midnight of each day as a UTC epoch (offsets taken at local noon, so a DST
    # change during the night shifts early-morning events by at most an hour): event
    # times below are "midnight + local hour".
    day_epoch = (
        np.datetime64(start, "s").astype(np.int64) + np.arange(days, dtype=np.int64) * 86400
    ) - offsets

    # People: a pool of named people, each nourishing, mixed or (for the story) depleting.
    n_named = int(rng.integers(4, 8))
    pick = rng.choice(len(texts.NAMES), size=n_named, replace=False)
    people = [texts.NAMES[i] for i in sorted(pick)]
    people += list(texts.GROUPS)
    quality = np.concatenate(
        [rng.choice([4.4, 4.0, 3.2], size=n_named, p=[0.45, 0.35, 0.2]), np.array([3.6, 3.9])]
    )
    weights = np.concatenate([rng.uniform(0.6, 1.6, n_named), np.array([0.35, 0.25])])
    depleting_idx = -1
    if archetype == "story":
        people.append(texts.DEPLETING)
        quality = np.append(quality, 1.7)
        weights = np.append(weights, 0.2)
        depleting_idx = len(people) - 1

    logged = rng.random(days) < tl.logp
    keep_p = np.where(tl.phase >= DRIFTING, 0.75, 0.92)

    def event_days(rate: FloatArray) -> IntArray:
        counts = rng.poisson(rate)
        idx = np.repeat(np.arange(days), counts)
        return idx[logged[idx] & (rng.random(len(idx)) < keep_p[idx])]

    def times(idx: IntArray, lo: float, hi: float) -> IntArray:
        hours = rng.uniform(lo, hi, len(idx))
        return day_epoch[idx] + (hours * 3600).astype(np.int64)

    cols: dict[str, dict[str, npt.NDArray[Any]]] = {}

    # Check-ins: morning and evening, some after midnight (still the evening's day).
    ci = event_days(np.full(days, 1.5))
    state = _sample_states(rng, tl.states[ci])
    evening = rng.random(len(ci)) < 0.5
    hours_lo = np.where(evening, 19.0, 7.0)
    at = day_epoch[ci] + ((hours_lo + rng.uniform(0, 6.5, len(ci))) * 3600).astype(np.int64)
    appetite = np.where(state == 0, 0, np.where(state == 3, 2, 1))
    appetite = np.where(rng.random(len(ci)) < 0.35, -1, appetite)
    cols["checkin"] = {
        "day": ci,
        "at": at,
        "state": state,
        "intensity": rng.integers(1, 6, len(ci)),
        "appetite": appetite,
        "note": rng.integers(0, len(texts.CHECKIN_NOTES), len(ci)),
    }

    # Contacts.
    lam0 = rng.uniform(0.9, 1.8)
    co = event_days(lam0 * tl.m)
    w = np.tile(weights, (len(co), 1))
    if depleting_idx >= 0:
        w[:, depleting_idx] = np.where(tl.depleting[co], 1.6, 0.15)
    w /= w.sum(axis=1, keepdims=True)
    person = (rng.random(len(co))[:, None] > w.cumsum(axis=1)).sum(axis=1)
    person = np.minimum(person, len(people) - 1)
    q = quality[person]
    withdrawn = tl.m[co] < 0.6
    chan_p = np.where(
        withdrawn[:, None], [[0.1, 0.15, 0.05, 0.55, 0.15]], [[0.45, 0.2, 0.1, 0.2, 0.05]]
    )
    channel = (rng.random(len(co))[:, None] > chan_p.cumsum(axis=1)).sum(axis=1)
    channel = np.minimum(channel, 4)
    base_min = np.array([90, 25, 35, 8, 5])[channel]
    minutes = np.maximum(1, (base_min * rng.lognormal(0, 0.45, len(co)))).astype(np.int64)
    me_p = np.clip(0.2 + 0.35 * tl.m[co], 0.05, 0.6)
    u = rng.random(len(co))
    initiated = np.where(u < me_p, 0, np.where(u < me_p + 0.4, 1, 2))

    def scale(mean: FloatArray, sd: float) -> IntArray:
        return np.clip(np.rint(mean + rng.normal(0, sd, len(mean))), 1, 5).astype(np.int64)

    safety = scale(q, 0.6)
    reciprocity = scale(q - 0.2, 0.7)
    authenticity = scale(q - 0.3, 0.7)
    before = _sample_states(rng, tl.states[co])
    good = q >= 3.8
    after = np.where(
        good,
        np.where(rng.random(len(co)) < 0.78, 0, before),
        np.where(
            q < 2.5,
            rng.choice([1, 3, 2, 0], size=len(co), p=[0.45, 0.3, 0.15, 0.1]),
            np.where(rng.random(len(co)) < 0.45, 0, before),
        ),
    )
    cols["contact"] = {
        "day": co,
        "at": times(co, 9, 21.5),
        "person": person,
        "channel": channel,
        "minutes": minutes,
        "initiated": initiated,
        "safety": safety,
        "reciprocity": reciprocity,
        "authenticity": authenticity,
        "before": before,
        "after": after,
    }

    # Solitude: chosen time that refuels, or an escape that numbs.
    so = event_days(0.8 + 0.9 * (1 - tl.m))
    chosen = rng.random(len(so)) >= tl.esc[so]
    activity = np.where(chosen, rng.choice(_RESTFUL, len(so)), rng.choice(_NUMBING, len(so)))
    s_min = np.where(chosen, rng.integers(20, 121, len(so)), rng.integers(60, 241, len(so)))
    s_before = _sample_states(rng, tl.states[so])
    s_after = np.where(
        chosen,
        np.where(rng.random(len(so)) < 0.72, 0, s_before),
        np.where(rng.random(len(so)) < 0.62, 2, s_before),
    )
    cols["solitude"] = {
        "day": so,
        "at": times(so, 8, 22),
        "activity": activity,
        "minutes": s_min,
        "chosen": chosen,
        "before": s_before,
        "after": s_after,
    }

    # Boundaries: the depleting person refuses them; others mostly honour them.
    bd_rate = np.full(days, 0.025)
    if depleting_idx >= 0:
        bd_rate = np.where(tl.depleting, 0.16, bd_rate)
    bd = event_days(bd_rate)
    at_depleted = tl.depleting[bd] & (depleting_idx >= 0)
    b_person = np.where(at_depleted, depleting_idx, rng.integers(0, n_named, len(bd)))
    received = np.where(
        at_depleted,
        rng.choice([2, 3, 4], len(bd), p=[0.3, 0.5, 0.2]),
        rng.choice([0, 1, 2], len(bd), p=[0.6, 0.3, 0.1]),
    )
    cols["boundary"] = {
        "day": bd,
        "at": times(bd, 10, 21),
        "person": b_person,
        "received": received,
        "ask": rng.integers(0, len(_ASKS), len(bd)),
        "after": np.where(received >= 2, rng.choice([1, 2, 3], len(bd)), 0),
    }

    history = History(
        truth=_truth(
            archetype,
            subject,
            start,
            days,
            tz,
            tl,
            info,
            texts.DEPLETING[0] if depleting_idx >= 0 else None,
            float(lam0),
        ),
        people=people,
        columns=cols,
    )
    rf = event_days(np.full(days, 0.12))
    history.reflections = [(int(day_epoch[d] + 22 * 3600 + 1800), int(i)) for i, d in enumerate(rf)]
    if archetype == "story":
        _story_plans(history, rng, day_epoch, info, days)
    cutoff = now if now is not None else (datetime.now(UTC) if end is None else None)
    if cutoff is not None:
        _drop_after(history, int(cutoff.timestamp()))
    return history


def _drop_after(h: History, limit: int) -> None:
    """Remove everything dated after ``limit`` (epoch seconds); a late step stays planned."""
    for name, col in h.columns.items():
        keep = col["at"] <= limit
        h.columns[name] = {k: v[keep] for k, v in col.items()}
    h.routine_done = [(r, at) for r, at in h.routine_done if at <= limit]
    h.reflections = [(at, i) for at, i in h.reflections if at <= limit]
    h.steps = [
        (level, title, created, done, "planned" if done > limit else status)
        for level, title, created, done, status in h.steps
        if created <= limit
    ]


def _story_plans(
    h: History, rng: np.random.Generator, day_epoch: IntArray, info: dict[str, Any], days: int
) -> None:
    """Recovery through small steps and routines, from the start of recovery on."""
    r0 = int(info.get("recovery_start", int(days * 0.72)))
    h.routines = list(texts.ROUTINES)
    for ridx, (_name, schedule, hhmm, _anchor) in enumerate(h.routines):
        hh, mm = (int(x) for x in hhmm.split(":"))
        start = r0 + ridx * 5
        for d in range(start, days):
            # Local noon falls on the same UTC date for every real offset (±12 h).
            weekday = int(((day_epoch[d] + 43200) // 86400 + 3) % 7)
            if schedule == "fri" and weekday != 4:
                continue
            if rng.random() < 0.7:
                jitter = int(rng.normal(0, 25))
                h.routine_done.append((ridx, int(day_epoch[d] + (hh * 60 + mm + jitter) * 60)))
    planned_day = r0
    for level, title in texts.STEP_TITLES:
        if planned_day >= days:
            break
        created = int(day_epoch[planned_day] + 10 * 3600)
        done_day = min(days - 1, planned_day + int(rng.integers(1, 5)))
        status = "skipped" if rng.random() < 0.2 else "done"
        if done_day >= days - 2:
            status = "planned"
        h.steps.append((level, title, created, int(day_epoch[done_day] + 18 * 3600), status))
        planned_day += int(rng.integers(5, 10))


def _truth(
    archetype: str,
    subject: str,
    start: date,
    days: int,
    tz: str,
    tl: _Timeline,
    info: dict[str, Any],
    depleting: str | None,
    contact_rate: float,
) -> Truth:
    def day(i: Any) -> date | None:
        return None if i is None else start + timedelta(days=int(i))

    return Truth(
        subject=subject,
        archetype=archetype,
        start=start,
        days=days,
        tz=tz,
        phases=tl.phase,
        drift_onset=day(info.get("drift_onset")),
        isolation_onset=day(info.get("isolation_onset")),
        recovery_start=day(info.get("recovery_start")),
        retreats=tuple(
            (start + timedelta(days=a), start + timedelta(days=b))
            for a, b in info.get("retreats", [])
        ),
        logging_stops=day(info.get("logging_stops")),
        depleting_person=depleting,
        sociability=tl.m,
        escape_share=tl.esc,
        log_prob=tl.logp,
        contact_rate=contact_rate,
    )


def generate_cohort(
    n: int,
    *,
    days: int = 730,
    end: date | None = None,
    seed: int = 7,
    tz: str = "Europe/Berlin",
    mix: dict[str, float] | None = None,
    now: datetime | None = None,
) -> Iterator[History]:
    """Simulate ``n`` people, archetypes drawn from ``mix`` (shares by archetype)."""
    shares = mix or {
        "stable": 0.3,
        "retreat": 0.2,
        "drift-gradual": 0.2,
        "drift-abrupt": 0.1,
        "logs-stop": 0.1,
        "story": 0.1,
    }
    names = list(shares)
    p = np.array([shares[k] for k in names], dtype=float)
    rng = np.random.default_rng(seed)
    kinds = rng.choice(len(names), size=n, p=p / p.sum())
    last = end or datetime.now(zone(tz)).date()
    for i in range(n):
        yield generate(
            names[kinds[i]],
            days=days,
            end=last,
            seed=seed * 100_003 + i,
            tz=tz,
            subject=f"demo-{i + 1}",
            now=now if now is not None else (datetime.now(UTC) if end is None else None),
        )

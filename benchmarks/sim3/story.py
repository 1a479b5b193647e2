"""sim3's lived storylines: who a person is and what happens to them, day by day.

Nothing here knows about logging; the diary decides what of this gets written down.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .world import ZONE_INFO, ZONES, clip, season

KINDS: dict[str, float] = {
    "never-drift": 35,
    "gradual-drift": 14,
    "seasonal-drift": 8,
    "abrupt-drift": 10,
    "relapsing-drift": 5,
    "retreat": 12,
    "retreat-into-drift": 5,
    "dropout": 8,
    "busy-not-isolated": 3,
}
DRIFT_KINDS = frozenset(
    {"gradual-drift", "seasonal-drift", "abrupt-drift", "relapsing-drift", "retreat-into-drift"}
)
ISOLATED_LEVEL = 0.72
ISOLATED_RUN = 14
RECOVERED_LEVEL = 0.1


@dataclass
class Traits:
    """Stable ways of living and of logging, drawn independently of the storyline."""

    hemisphere: int
    latitude: float
    employed: bool
    remote_worker: bool
    shift: str | None  # None, "4on4off" or "rotating"
    shift_offset: int
    live_in_partner: bool
    partner_silent: bool  # lives with a partner and almost never logs them
    online_first: bool  # most friendships are online-only
    caregiver: bool  # looks after someone every day: busy, not isolated
    seasonal: float  # depth of a personal winter low (0 for most)
    log_style: str  # "steady", "sparse", "bad-days", "good-days", "batch"
    batch_weekday: int
    base_log: float
    mood_logging: float  # how distress moves the wish to log (+ logs more when low)
    recall: float
    fatigue: float
    fatigue_days: float
    item_cap: int
    screens_fine: bool
    fawn_prone: float
    shut_bias: float
    chronotype: float
    routines: int
    step_user: bool
    reflector: bool
    marks_away: bool
    fill: dict[str, float]

    def labels(self) -> list[str]:
        out = []
        if self.shift:
            out.append(f"shift-{self.shift}")
        if self.caregiver:
            out.append("caregiver")
        if self.live_in_partner:
            out.append("partner-silent" if self.partner_silent else "live-in-partner")
        if self.online_first:
            out.append("online-first")
        if self.seasonal > 0:
            out.append("seasonal-low")
        if self.remote_worker:
            out.append("remote-worker")
        if not self.employed:
            out.append("not-working")
        out.append(f"logs-{self.log_style}")
        return out


def draw_zone(rng: random.Random, avoid: str | None = None) -> str:
    choices = [(z, w) for z, w, _, _ in ZONES if z != avoid]
    total = sum(w for _, w in choices)
    r = rng.random() * total
    for z, w in choices:
        r -= w
        if r <= 0:
            return z
    return choices[-1][0]


def draw_traits(rng: random.Random, tz: str, kind: str) -> Traits:
    hemisphere, latitude = ZONE_INFO[tz]
    employed = rng.random() < 0.8
    shift = None
    if employed and rng.random() < 0.14:
        shift = "4on4off" if rng.random() < 0.5 else "rotating"
    live_in = rng.random() < 0.4
    r = rng.random()
    if r < 0.15:
        style = "sparse"
        base = rng.uniform(0.05, 0.2)
    elif r < 0.3:
        style = "bad-days"
        base = rng.uniform(0.25, 0.55)
    elif r < 0.38:
        style = "good-days"
        base = rng.uniform(0.5, 0.85)
    elif r < 0.46:
        style = "batch"
        base = rng.uniform(0.7, 0.95)
    else:
        style = "steady"
        base = rng.uniform(0.45, 0.95)
    mood = {"bad-days": rng.uniform(2.5, 5.0), "good-days": rng.uniform(-5.0, -2.5)}.get(
        style, rng.gauss(-1.2, 1.0)
    )
    seasonal = 0.0
    if rng.random() < 0.06 + 0.2 * latitude:
        seasonal = rng.uniform(0.15, 0.45) * max(0.3, latitude)
    return Traits(
        hemisphere=hemisphere,
        latitude=latitude,
        employed=employed,
        remote_worker=employed and shift is None and rng.random() < 0.25,
        shift=shift,
        shift_offset=rng.randrange(21),
        live_in_partner=live_in,
        partner_silent=live_in and rng.random() < 0.6,
        online_first=rng.random() < 0.1,
        caregiver=kind == "busy-not-isolated" or rng.random() < 0.07,
        seasonal=seasonal,
        log_style=style,
        batch_weekday=rng.randrange(7),
        base_log=base,
        mood_logging=mood,
        recall=rng.uniform(0.5, 1.0),
        fatigue=rng.uniform(0.0, 1.2),
        fatigue_days=rng.uniform(30, 200),
        item_cap=rng.randint(2, 9),
        screens_fine=rng.random() < 0.2,
        fawn_prone=rng.random() ** 2,
        shut_bias=rng.uniform(0.3, 0.8),
        chronotype=rng.gauss(0, 1),
        routines=rng.choice((0, 0, 0, 1, 1, 2, 3)),
        step_user=rng.random() < 0.3,
        reflector=rng.random() < 0.35,
        marks_away=rng.random() < 0.4,
        fill={
            k: rng.uniform(lo, hi)
            for k, lo, hi in (
                ("minutes", 0.3, 0.95),
                ("initiated", 0.1, 0.8),
                ("safety", 0.2, 0.9),
                ("reciprocity", 0.05, 0.7),
                ("authenticity", 0.05, 0.7),
                ("before", 0.2, 0.9),
                ("after", 0.3, 0.95),
                ("intensity", 0.2, 0.9),
                ("body", 0.1, 0.8),
                ("energy", 0.1, 0.8),
                ("appetite", 0.2, 0.9),
                ("note", 0.0, 0.15),
            )
        },
    )


@dataclass
class Story:
    """The lived life on the window's days (index 0 = start)."""

    kind: str
    start: date
    days: int
    w: list[float]  # withdrawal, 0..1 (drives contacts, states, solitude)
    patch: list[float]  # ordinary rough patches: not drift
    care: list[float]  # caregiving load 0..1
    phase: list[str]  # drift-type label or "" per day
    onsets: list[int] = field(default_factory=list)
    ends: list[int | None] = field(default_factory=list)
    retreats: list[tuple[int, int, str]] = field(default_factory=list)  # first, last, style
    holidays: list[tuple[int, int]] = field(default_factory=list)
    sick: set[int] = field(default_factory=set)
    dropouts: list[tuple[int, int]] = field(default_factory=list)
    events: list[tuple[int, str]] = field(default_factory=list)
    moves: list[tuple[int, str]] = field(default_factory=list)
    therapy_from: int | None = None
    hemisphere: int = 1

    def retreat_style(self, t: int) -> str | None:
        for a, b, style in self.retreats:
            if a <= t <= b:
                return style
        return None

    def on_holiday(self, t: int) -> bool:
        return any(a <= t <= b for a, b in self.holidays)

    def dropped(self, t: int) -> bool:
        return any(a <= t <= b for a, b in self.dropouts)

    def truth(self) -> list[str]:
        out = []
        for t in range(self.days):
            if self.phase[t]:
                out.append(self.phase[t])
            elif self.retreat_style(t):
                out.append("retreat")
            elif t in self.sick:
                out.append("sick")
            elif self.on_holiday(t):
                out.append("holiday")
            elif self.dropped(t):
                out.append("dropout")
            else:
                out.append("ordinary")
        return out


def _free(story: Story, a: int, b: int, gap: int = 3) -> bool:
    if a < 0 or b >= story.days:
        return False
    for t in range(max(0, a - gap), min(story.days, b + gap + 1)):
        if story.phase[t] or story.retreat_style(t) or story.on_holiday(t):
            return False
    return True


def _gradual(
    rng: random.Random,
    story: Story,
    t0: int,
    tau: float,
    wmax: float,
    hazard: float,
    seasonal: bool,
) -> int | None:
    """A slow logistic slide from t0; returns the day after recovery ends (or None)."""
    n = story.days
    recover_ok = rng.random() < 0.65
    noise = 0.0
    tr: int | None = None
    level = 0.0
    for t in range(t0, n):
        noise = 0.85 * noise + rng.gauss(0, 0.03)
        level = wmax / (1 + math.exp(-(t - t0 - 3 * tau) / tau))
        story.w[t] = clip(max(story.w[t], level + noise))
        story.phase[t] = "drift"
        if recover_ok and t > t0 + 4 * tau:
            h = hazard
            if seasonal:
                h = (
                    1 / 20
                    if season(story.start + timedelta(t), story.hemisphere) > 0.2
                    else 1 / 400
                )
            if rng.random() < h:
                tr = t
                break
    if tr is None:
        return None
    return _recover(rng, story, tr)


def _recover(rng: random.Random, story: Story, tr: int) -> int | None:
    """A linear climb back from the turning point; labelled recovery until w < 0.1."""
    story.ends[-1] = tr
    w0 = story.w[tr - 1] if tr > 0 else 0.6
    length = rng.randint(14, 60)
    t = tr
    while t < story.days:
        level = w0 * (1 - (t - tr + 1) / length) + rng.gauss(0, 0.025)
        story.w[t] = clip(level)
        if level < RECOVERED_LEVEL:
            return t
        story.phase[t] = "recovery"
        t += 1
    return None


def _abrupt(rng: random.Random, story: Story, t0: int, cause: str) -> int | None:
    n = story.days
    wmax = rng.uniform(0.5, 0.95)
    course = rng.choice(("hold", "deepen", "ease"))
    recover_ok = rng.random() < 0.7
    noise = 0.0
    for t in range(t0, n):
        age = t - t0
        noise = 0.85 * noise + rng.gauss(0, 0.03)
        level = wmax * (1 - math.exp(-(age + 1) / 1.5))
        if course == "deepen":
            level = min(0.98, level + 0.002 * age)
        elif course == "ease":
            level = level * math.exp(-age / 240)
        story.w[t] = clip(level + noise)
        story.phase[t] = "drift"
        if recover_ok and age > 14 and rng.random() < 1 / 50:
            return _recover(rng, story, t)
    return None


def make_story(rng: random.Random, kind: str, start: date, days: int, traits: Traits) -> Story:
    n = days
    story = Story(kind, start, n, [0.0] * n, [0.0] * n, [0.0] * n, [""] * n)
    story.hemisphere = traits.hemisphere or 1
    lo, hi = min(30, n // 4), max(min(30, n // 4) + 1, n - 20)

    def onset_day() -> int:
        return rng.randint(lo, hi - 1)

    if kind in ("gradual-drift", "relapsing-drift"):
        t0 = onset_day() if kind == "gradual-drift" else rng.randint(lo, max(lo + 1, n // 2))
        story.onsets.append(t0)
        story.ends.append(None)
        story.events.append((t0, "drift-onset"))
        back = _gradual(
            rng, story, t0, rng.uniform(3, 20), rng.uniform(0.45, 0.95), 1 / 45, seasonal=False
        )
        if kind == "relapsing-drift" and back is not None and back + 30 < n - 10:
            t1 = rng.randint(back + 30, n - 10)
            story.onsets.append(t1)
            story.ends.append(None)
            story.events.append((t1, "relapse"))
            _gradual(
                rng, story, t1, rng.uniform(2, 10), rng.uniform(0.55, 0.95), 1 / 60, seasonal=False
            )
    elif kind == "seasonal-drift":
        # The slide begins in local autumn and hides inside the personal winter low.
        traits.seasonal = max(traits.seasonal, rng.uniform(0.2, 0.4))
        autumn = [
            t
            for t in range(lo, hi)
            if -0.6 < season(start + timedelta(t), traits.hemisphere or 1) < 0.1
            and season(start + timedelta(t + 7), traits.hemisphere or 1)
            < season(start + timedelta(t), traits.hemisphere or 1)
        ]
        t0 = rng.choice(autumn) if autumn else onset_day()
        story.onsets.append(t0)
        story.ends.append(None)
        story.events.append((t0, "drift-onset"))
        _gradual(rng, story, t0, rng.uniform(8, 20), rng.uniform(0.4, 0.75), 1 / 60, seasonal=True)
    elif kind == "abrupt-drift":
        t0 = onset_day()
        cause = rng.choice(("loss", "breakup", "conflict", "job-loss", "relocation"))
        story.onsets.append(t0)
        story.ends.append(None)
        story.events.append((t0, cause))
        if cause == "relocation":
            story.moves.append((t0, ""))  # the new zone is filled in by the diary
        _abrupt(rng, story, t0, cause)
    elif kind == "retreat-into-drift":
        r0 = rng.randint(lo, max(lo + 1, n - 60))
        length = rng.randint(8, 20)
        r1 = min(n - 2, r0 + length - 1)
        story.retreats.append((r0, r1, rng.choice(("cabin", "homebody"))))
        t0 = r1 + 1
        story.onsets.append(t0)
        story.ends.append(None)
        story.events.append((r0, "retreat"))
        story.events.append((t0, "drift-onset"))
        for t in range(t0, n):
            story.w[t] = 0.35
        _gradual(rng, story, t0, rng.uniform(3, 8), rng.uniform(0.6, 0.9), 1 / 50, seasonal=False)
        for t in range(t0, min(n, t0 + 10)):
            story.w[t] = max(story.w[t], 0.35)

    # Chosen retreats: 1-3 for retreaters, sometimes one for anybody else.
    wanted = rng.randint(1, 3) if kind == "retreat" else int(rng.random() < 0.06)
    placed = 0
    for _ in range(wanted * 20):
        if placed >= wanted:
            break
        length = int(clip(round(math.exp(rng.gauss(math.log(12), 0.6))), 4, 45))
        a = rng.randint(0, max(1, n - length))
        b = a + length - 1
        if _free(story, a, b, gap=7):
            style = rng.choices(("silent", "cabin", "homebody"), (2, 4, 4))[0]
            story.retreats.append((a, b, style))
            story.events.append((a, "retreat"))
            placed += 1
    story.retreats.sort()

    # Holidays: summer and the year's end are likelier.
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3)) * max(1, n // 365)):
        for _attempt in range(30):
            a = rng.randint(0, max(1, n - 5))
            s = season(start + timedelta(a), traits.hemisphere or 1)
            d = start + timedelta(a)
            festive = (d.month == 12 and d.day >= 18) or (d.month == 1 and d.day <= 2)
            if rng.random() > 0.25 + 0.5 * max(0.0, s) + (0.6 if festive else 0.0):
                continue
            b = min(n - 1, a + rng.randint(3, 15))
            allowed = _free(story, a, b, gap=2) or (kind in DRIFT_KINDS and rng.random() < 0.3)
            clash = any(x <= b and a <= y for x, y in story.holidays) or any(
                story.retreat_style(t) for t in range(a, b + 1)
            )
            if allowed and not clash:
                story.holidays.append((a, b))
                break
    story.holidays.sort()

    # Sickness: a winter-weighted hazard; caregivers catch more.
    t = 0
    while t < n:
        s = season(start + timedelta(t), traits.hemisphere or 1)
        hz = (1 / 160) * (1.8 if s < -0.4 else 1.0) * (1.4 if traits.caregiver else 1.0)
        if rng.random() < hz:
            length = rng.randint(2, 8)
            story.sick.update(range(t, min(n, t + length)))
            story.events.append((t, "sick"))
            t += length + 10
        t += 1

    # Rough patches that are not drift: a few days to two weeks, shallow.
    t = rng.randint(0, 40)
    while t < n:
        length = rng.randint(3, 12)
        depth = rng.uniform(0.1, 0.3)
        for i in range(t, min(n, t + length)):
            story.patch[i] = depth * math.sin(math.pi * (i - t + 0.5) / length)
        t += length + int(rng.expovariate(1 / 60)) + 10

    # Caregiving: a standing load for caregivers; a sudden heavy one for busy-not-isolated.
    if traits.caregiver:
        base = rng.uniform(0.4, 0.7)
        for i in range(n):
            story.care[i] = base
    if kind == "busy-not-isolated":
        c0 = rng.randint(lo, max(lo + 1, n - 60))
        c1 = min(n, c0 + rng.randint(60, 220))
        story.events.append((c0, "care-crisis"))
        for i in range(c0, c1):
            story.care[i] = 1.0

    # Deliberate stops of logging (a lived decision; the life goes on).
    if kind == "dropout":
        d0 = rng.randint(int(n * 0.3), int(n * 0.85))
        if rng.random() < 0.6:
            story.dropouts.append((d0, n - 1))
        else:
            story.dropouts.append((d0, min(n - 1, d0 + rng.randint(14, 60))))
        story.events.append((d0, "dropout"))
    elif rng.random() < 0.08:
        d0 = rng.randint(0, max(1, n - 25))
        story.dropouts.append((d0, min(n - 1, d0 + rng.randint(10, 25))))
        story.events.append((d0, "dropout"))

    # Some start therapy a few weeks into a drift.
    if story.onsets and rng.random() < 0.4:
        story.therapy_from = min(n - 1, story.onsets[0] + rng.randint(20, 60))
        story.events.append((story.therapy_from, "therapy"))

    # "isolated": drift days inside a run of at least ISOLATED_RUN days at or above the level.
    run: list[int] = []
    for t in range(n + 1):
        if t < n and story.phase[t] == "drift" and story.w[t] >= ISOLATED_LEVEL:
            run.append(t)
            continue
        if len(run) >= ISOLATED_RUN:
            for i in run:
                story.phase[i] = "isolated"
        run = []
    story.events.sort()
    return story

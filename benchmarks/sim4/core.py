"""sim4's lived life, truth labels and diary (see the package docstring for the assumptions)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

LABELS = ("ordinary", "retreat", "drift", "isolated", "recovery", "holiday", "sick", "dropout")
DRIFT_LABELS = frozenset({"drift", "isolated", "recovery"})
MIN_DAYS = 90
DAY_START = 4  # a local day runs 04:00-04:00
ISOLATED_W = 0.8
ISOLATED_RUN = 10
RECOVERED_W = 0.12

KINDS: dict[str, int] = {
    "never-drift": 35,
    "gradual-drift": 13,
    "abrupt-drift": 10,
    "quiet-drift": 7,
    "retreat": 12,
    "dropout": 8,
    "busy-not-isolated": 5,
    "low-contact": 5,
    "mover": 5,
}

ZONES = (
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Africa/Lagos",
    "Europe/Helsinki",
    "America/Halifax",
    "UTC",
)

NAMES = [
    "Ada",
    "Alex",
    "Ana",
    "Ben",
    "Bo",
    "Cai",
    "Chen",
    "Dana",
    "Dev",
    "Eli",
    "Emi",
    "Finn",
    "Gia",
    "Hana",
    "Ido",
    "Iris",
    "Jo",
    "Kai",
    "Kim",
    "Lea",
    "Leo",
    "Lin",
    "Mae",
    "Mia",
    "Milo",
    "Nia",
    "Noor",
    "Ola",
    "Omar",
    "Pia",
    "Rae",
    "Ravi",
    "Sam",
    "Sol",
    "Tam",
    "Tove",
    "Uma",
    "Vik",
    "Wren",
    "Yara",
    "Zoe",
]

# relation -> (base contacts/day, closeness, channel weights in-person/call/video/text/social)
TIES: dict[str, tuple[float, float, tuple[float, ...]]] = {
    "partner": (1.6, 1.0, (0.55, 0.15, 0.05, 0.23, 0.02)),
    "family": (0.18, 0.8, (0.25, 0.35, 0.15, 0.22, 0.03)),
    "friend": (0.22, 0.7, (0.40, 0.12, 0.06, 0.32, 0.10)),
    "colleague": (0.45, 0.3, (0.70, 0.05, 0.10, 0.15, 0.00)),
    "neighbour": (0.08, 0.4, (0.95, 0.0, 0.0, 0.05, 0.0)),
    "group": (0.12, 0.5, (0.80, 0.0, 0.15, 0.05, 0.0)),
    "acquaintance": (0.05, 0.2, (0.45, 0.05, 0.0, 0.2, 0.30)),
}
CHANNELS = ("in-person", "call", "video", "text", "social")
RESTORATIVE = (
    "rest",
    "nature",
    "meditation",
    "creative",
    "reading",
    "movement",
    "music",
    "cooking",
)
NUMBING = ("screen-binge", "scrolling", "over-organizing", "overworking", "sleeping-off")


@dataclass
class SimPerson:
    """One simulated subject: an ebbtide export and the lived truth behind it."""

    code: str
    kind: str
    tz: str
    start: date
    end: date
    truth: list[str]
    onsets: list[date]
    ends: list[date | None]
    export: dict[str, Any]
    retreats: list[tuple[date, date]]
    moves: list[tuple[date, str]] = field(default_factory=list)
    events: list[tuple[date, str]] = field(default_factory=list)
    traits: list[str] = field(default_factory=list)
    lived_contacts: list[int] = field(default_factory=list)
    logged: list[bool] = field(default_factory=list)
    life: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """sim4 extra: the hidden daily life (withdrawal, outings, contacts) the phone layer reads."""

    @property
    def days(self) -> int:
        """Length of the window in local days."""
        return len(self.truth)

    def day(self, i: int) -> date:
        """The local date of day index i."""
        return self.start + timedelta(days=i)

    def drifting(self) -> list[bool]:
        """Per day: is this a drift, isolated or recovery day."""
        return [t in DRIFT_LABELS for t in self.truth]

    def records(self) -> int:
        """How many records the export holds (people and routines not counted)."""
        sections = ("checkins", "contacts", "solitude", "boundaries", "routine_done", "steps")
        return sum(len(self.export[s]) for s in (*sections, "reflections"))

    def summary(self) -> dict[str, Any]:
        """The truth as plain JSON-able data."""
        return {
            "kind": self.kind,
            "tz": self.tz,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "onsets": [d.isoformat() for d in self.onsets],
            "ends": [d.isoformat() if d else None for d in self.ends],
            "retreats": [[a.isoformat(), b.isoformat()] for a, b in self.retreats],
            "moves": [[d.isoformat(), z] for d, z in self.moves],
            "events": [[d.isoformat(), e] for d, e in self.events],
            "traits": list(self.traits),
            "records": self.records(),
            "truth": list(self.truth),
        }


def person_rng(seed: int, index: int, days: int, end: date, part: int = 0) -> np.random.Generator:
    """An independent stream per (seed, person, window, part): no hash order, no neighbours."""
    return np.random.default_rng([4, seed, index, days, end.toordinal(), part])


def _kinds(seed: int, n: int) -> list[str]:
    """The storyline mix by largest-remainder rounding, shuffled by the seed."""
    total = sum(KINDS.values())
    quotas = {k: n * v / total for k, v in KINDS.items()}
    counts = {k: int(q) for k, q in quotas.items()}
    rest = sorted(KINDS, key=lambda k: (-(quotas[k] - counts[k]), k))
    for k in rest[: n - sum(counts.values())]:
        counts[k] += 1
    out = [k for k in KINDS for _ in range(counts[k])]
    order = np.random.default_rng([4, seed, n, 999]).permutation(n)
    return [out[i] for i in order]


_ZONES: dict[str, ZoneInfo] = {}


def instant(day: date, hour: float, tz: str) -> str:
    """The UTC ISO instant of local wall-clock ``hour`` (4 to 28) after ``day``'s midnight."""
    z = _ZONES.get(tz) or _ZONES.setdefault(tz, ZoneInfo(tz))
    local = datetime(day.year, day.month, day.day, tzinfo=z) + timedelta(hours=hour)
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- the storyline: withdrawal, episodes, interruptions --------------------------------


@dataclass
class Plan:
    """What happens to one person, before any day is lived."""

    w: np.ndarray  # hidden withdrawal per day, 0..1
    drift: np.ndarray  # bool: inside an episode (onset to turning point)
    recovery: np.ndarray  # bool: after a turning point until recovered
    retreat: np.ndarray  # 0 none, 1 cabin (away), 2 homebody, 3 silent
    holiday: np.ndarray
    sick: np.ndarray
    busy: np.ndarray
    stop: np.ndarray  # bool: decided not to log
    zone: list[str]
    onsets: list[int] = field(default_factory=list)
    ends: list[int | None] = field(default_factory=list)
    events: list[tuple[int, str]] = field(default_factory=list)
    retreats: list[tuple[int, int]] = field(default_factory=list)
    moves: list[tuple[int, str]] = field(default_factory=list)
    after_glow: np.ndarray | None = None


def _episode(
    rng: np.random.Generator,
    n: int,
    w: np.ndarray,
    drift: np.ndarray,
    rec: np.ndarray,
    onset: int,
    style: str,
    plan: Plan,
) -> int:
    """Write one drift episode from ``onset`` into w; return the first day after it."""
    if style == "abrupt":
        peak = rng.uniform(0.55, 0.97)
        rise = int(rng.integers(1, 4))
        cause = str(rng.choice(["bereavement", "breakup", "job-loss", "conflict", "burnout"]))
        plan.events.append((onset, f"blow:{cause}"))
        hold = int(rng.integers(14, 100))
        turns = rng.random() < 0.7
    else:
        peak = rng.uniform(0.45, 0.95) if style == "gradual" else rng.uniform(0.4, 0.8)
        rise = int(rng.integers(15, 80))
        plan.events.append((onset, f"slide:{style}"))
        hold = rise + int(rng.geometric(1 / 30))
        turns = rng.random() < 0.75
    turn = onset + hold if turns and onset + hold < n - 3 else None
    half = rng.uniform(4, 20)
    stop = n if turn is None else turn
    for d in range(onset, stop):
        k = d - onset
        ramp = min(1.0, (k + 1) / rise)
        if style == "abrupt" and k > rise:  # after the blow it drifts a little, either way
            ramp = 1.0 + 0.1 * np.sin(k / 17)
        w[d] = max(w[d], min(1.0, peak * ramp + rng.normal(0, 0.04)))
        drift[d] = True
    plan.onsets.append(onset)
    if turn is None:
        plan.ends.append(None)
        return n
    plan.ends.append(turn)
    plan.events.append((turn, "turning-point"))
    level = w[turn - 1]
    d = turn
    while d < n:
        level *= 0.5 ** (1 / half)
        w[d] = max(level + rng.normal(0, 0.03), 0.0)
        if level < RECOVERED_W:
            break
        rec[d] = True
        d += 1
    return d


def _spans(
    rng: np.random.Generator, n: int, rate: float, lo: int, hi: int
) -> list[tuple[int, int]]:
    """Random non-overlapping spans, about ``rate`` per day, lengths lo..hi."""
    spans: list[tuple[int, int]] = []
    d = int(rng.geometric(rate))
    while d < n:
        length = int(rng.integers(lo, hi + 1))
        spans.append((d, min(n, d + length)))
        d += length + int(rng.geometric(rate))
    return spans


def _plan(rng: np.random.Generator, kind: str, n: int, home: str) -> Plan:
    z = np.zeros(n)
    b = np.zeros(n, dtype=bool)
    plan = Plan(
        w=z.copy(),
        drift=b.copy(),
        recovery=b.copy(),
        retreat=np.zeros(n, dtype=int),
        holiday=b.copy(),
        sick=b.copy(),
        busy=b.copy(),
        stop=b.copy(),
        zone=[home] * n,
    )
    # ordinary wobble: an AR(1) around a small personal baseline, plus "low weeks"
    base = rng.uniform(0.0, 0.1)
    e = 0.0
    for d in range(n):
        e = 0.9 * e + rng.normal(0, 0.02)
        plan.w[d] = base + e
    for a, c in _spans(rng, n, 1 / 75, 3, 10):
        depth = rng.uniform(0.15, 0.38)
        for d in range(a, c):
            plan.w[d] += depth * np.sin(np.pi * (d - a + 0.5) / (c - a))
    plan.w = np.clip(plan.w, 0, 1)
    for a, c in _spans(rng, n, 1 / 120, 2, 6):
        plan.sick[a:c] = True
        plan.events.append((a, "sick"))
    for a, c in _spans(rng, n, 1 / 150, 5, 16):
        plan.holiday[a:c] = True
        plan.events.append((a, "holiday"))
    last_onset = n - 30
    if kind in ("gradual-drift", "abrupt-drift", "quiet-drift"):
        style = {"gradual-drift": "gradual", "abrupt-drift": "abrupt", "quiet-drift": "quiet"}[kind]
        onset = int(rng.integers(60, last_onset + 1))
        after = _episode(rng, n, plan.w, plan.drift, plan.recovery, onset, style, plan)
        # one in five has a second, separate episode if there is room
        if rng.random() < 0.2 and after + 30 <= last_onset:
            second = int(rng.integers(after + 30, last_onset + 1))
            _episode(rng, n, plan.w, plan.drift, plan.recovery, second, style, plan)
        # the episodes own their days: no holidays inside, sickness may still come
        plan.holiday[plan.drift | plan.recovery] = False
    if kind == "retreat" or (kind in ("never-drift", "mover") and rng.random() < 0.06):
        count = int(rng.integers(1, 4)) if kind == "retreat" else 1
        free = ~(plan.holiday | plan.sick)
        for _ in range(count):
            for _try in range(20):
                length = int(np.clip(rng.lognormal(np.log(10), 0.6), 3, 40))
                a = int(rng.integers(20, max(21, n - length - 5)))
                if free[max(0, a - 7) : a + length + 7].all():
                    retreat_style = int(rng.choice([1, 2, 3], p=[0.35, 0.4, 0.25]))
                    plan.retreat[a : a + length] = retreat_style
                    free[a : a + length] = False
                    plan.retreats.append((a, a + length - 1))
                    name = {1: "cabin", 2: "homebody", 3: "silent"}[retreat_style]
                    plan.events.append((a, f"retreat:{name}"))
                    # chosen solitude refuels: two weeks of lower withdrawal after
                    plan.w[a : a + length] = np.minimum(plan.w[a : a + length], base)
                    plan.w[a + length : a + length + 14] *= 0.5
                    break
        plan.retreats.sort()
    if kind == "busy-not-isolated":
        a = int(rng.integers(30, max(31, n - 60)))
        c = min(n, a + int(rng.integers(60, 180)))
        plan.busy[a:c] = True
        plan.events.append((a, "busy-start"))
    if kind == "dropout":
        a = int(rng.integers(90, max(91, n - 20)))
        c = n if rng.random() < 0.6 else min(n, a + int(rng.integers(14, 60)))
        plan.stop[a:c] = True
        plan.events.append((a, "stops-logging" if c == n else "logging-gap"))
    elif rng.random() < 0.05:
        a = int(rng.integers(10, n - 10))
        plan.stop[a : min(n, a + int(rng.integers(7, 21)))] = True
        plan.events.append((a, "logging-gap"))
    if kind == "mover" or (kind not in ("abrupt-drift",) and rng.random() < 0.04):
        m = int(rng.integers(20, n - 10))
        dest = str(rng.choice([z for z in ZONES if z != home]))
        for d in range(m, n):
            plan.zone[d] = dest
        plan.moves.append((m, dest))
        plan.events.append((m, f"move:{dest}"))
    plan.events.sort()
    return plan


def _labels(plan: Plan, n: int) -> list[str]:
    """Truth from the lived life only; first match wins."""
    severe = plan.w >= ISOLATED_W
    isolated = np.zeros(n, dtype=bool)
    d = 0
    while d < n:
        if severe[d] and plan.drift[d]:
            e = d
            while e < n and severe[e] and plan.drift[e]:
                e += 1
            if e - d >= ISOLATED_RUN:
                isolated[d:e] = True
            d = e
        else:
            d += 1
    out = []
    for d in range(n):
        if isolated[d]:
            out.append("isolated")
        elif plan.drift[d]:
            out.append("drift")
        elif plan.recovery[d]:
            out.append("recovery")
        elif plan.retreat[d]:
            out.append("retreat")
        elif plan.sick[d]:
            out.append("sick")
        elif plan.holiday[d]:
            out.append("holiday")
        elif plan.stop[d]:
            out.append("dropout")
        else:
            out.append("ordinary")
    return out


# --- the person: circle, traits, diary habits --------------------------------------------


@dataclass
class Tie:
    uid: str
    name: str
    relation: str
    rate: float
    closeness: float
    channels: np.ndarray
    safety: float
    difficult: bool = False
    local: bool = True
    logged_often: float = 1.0


def _circle(rng: np.random.Generator, code: str, kind: str, social: float) -> list[Tie]:
    ties: list[Tie] = []
    names = list(rng.permutation(NAMES))

    def add(rel: str, count: int) -> None:
        rate, close, ch = TIES[rel]
        for _ in range(count):
            i = len(ties)
            nm = f"{names[i % len(names)]}{'' if i < len(names) else i}"
            local = rel in ("partner", "colleague", "neighbour", "group") or rng.random() < 0.55
            chan = np.array(ch, dtype=float) * rng.uniform(0.5, 1.5, size=5)
            if not local:
                chan[0] *= 0.05
            ties.append(
                Tie(
                    uid=f"{code}-p{i:03d}",
                    name=nm,
                    relation=rel,
                    rate=rate * social * rng.lognormal(0, 0.5),
                    closeness=float(np.clip(close + rng.normal(0, 0.1), 0.05, 1)),
                    channels=chan / chan.sum(),
                    safety=float(np.clip(rng.normal(4.1, 0.5), 2.5, 5)),
                    local=local,
                )
            )

    if rng.random() < 0.5:
        add("partner", 1)
    add("family", int(rng.integers(1, 5)))
    add("friend", int(rng.integers(1, 8)))
    if rng.random() < 0.75 or kind == "busy-not-isolated":
        add("colleague", int(rng.integers(1, 7)))
    add("neighbour", int(rng.integers(0, 3)))
    if rng.random() < 0.4:
        add("group", 1)
    add("acquaintance", int(rng.integers(0, 4)))
    if rng.random() < 0.12:
        t = ties[int(rng.integers(0, len(ties)))]
        t.difficult = True
        t.safety = float(rng.uniform(1.5, 2.8))
    return ties


# --- living and logging --------------------------------------------------------------------


def _one(index: int, kind: str, seed: int, start: date, n: int, end: date) -> SimPerson:
    rng = person_rng(seed, index, n, end)
    code = f"sim4-{index + 1:04d}"
    home = str(rng.choice(ZONES))
    plan = _plan(rng, kind, n, home)
    truth = _labels(plan, n)

    # who they are
    social = float(rng.lognormal(0, 0.55))
    if kind == "low-contact":
        social = float(rng.uniform(0.05, 0.12))
    dispersion = float(rng.uniform(0.4, 3.0))  # negative-binomial shape: small = bursty
    profile_kind = str(
        rng.choice(["weekend-social", "weekday-social", "flat"], p=[0.45, 0.3, 0.25])
    )
    weekly = {
        "weekend-social": np.array([0.8, 0.8, 0.85, 0.9, 1.2, 1.5, 1.2]),
        "weekday-social": np.array([1.15, 1.15, 1.1, 1.1, 1.05, 0.7, 0.6]),
        "flat": np.ones(7),
    }[profile_kind] * rng.uniform(0.85, 1.15, size=7)
    weekly = weekly / weekly.mean()
    ties = _circle(rng, code, kind, social)
    employed = any(t.relation == "colleague" for t in ties)
    shift = employed and rng.random() < 0.1
    # how withdrawal shows: quantity (fewer contacts), quality (contacts feel unsafe), escape
    quiet = kind == "quiet-drift"
    avoid = rng.uniform(0.3, 0.8) if quiet else rng.uniform(1.6, 3.2)
    quality = rng.uniform(0.7, 1.0) if quiet else rng.uniform(0.15, 0.6)
    escape = rng.uniform(0.1, 0.9)
    mobilizer = rng.random() < 0.3  # shows withdrawal as anxious activation, not only numbness
    fawner = rng.random() < 0.1
    # diary habits
    log_base = float(rng.beta(4, 2))
    habit = str(rng.choice(["thins", "steady", "reaches"], p=[0.55, 0.3, 0.15]))
    checkin_only = rng.random() < 0.15
    recall = 0.04 if checkin_only else float(rng.uniform(0.35, 0.95))
    if rng.random() < 0.12:
        log_base *= 0.25  # a sparse logger
    weekday_logger = rng.random() < 0.2
    marks_away = rng.random() < 0.45
    partner_silent = rng.random() < 0.5
    solitude_logger = float(rng.uniform(0.1, 0.9))
    detail = float(rng.uniform(0.3, 1.0))  # share of optional fields filled
    traits = [
        f"social:{social:.2f}",
        f"weekly:{profile_kind}",
        f"habit:{habit}",
        "checkin-only" if checkin_only else f"recall:{recall:.2f}",
        "quality-drift" if quiet else f"avoid:{avoid:.1f}",
        f"escape:{escape:.1f}",
    ]
    if shift:
        traits.append("shift-work")
    if mobilizer:
        traits.append("mobilizer")
    if marks_away:
        traits.append("marks-away")
    if log_base < 0.25:
        traits.append("sparse")

    routines = []
    for r in range(int(rng.integers(0, 4))):
        name, anchor, hhmm = [
            ("Morning walk", "out-of-bed", "07:30"),
            ("Call someone", "first-contact", "18:00"),
            ("Cook dinner", "dinner", "19:00"),
            ("Wind down", "bed", "22:30"),
        ][r]
        routines.append(
            {
                "uid": f"{code}-r{r}",
                "name": name,
                "schedule": "daily",
                "time_of_day": hhmm,
                "anchor": anchor,
                "tz": home,
                "active": True,
                "created_at": instant(start, 9, home),
            }
        )

    checkins: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    solitude: list[dict[str, Any]] = []
    boundaries: list[dict[str, Any]] = []
    done: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    reflections: list[dict[str, Any]] = []
    count = 0

    def uid(tag: str) -> str:
        nonlocal count
        count += 1
        return f"{code}-{tag}{count:06d}"

    strength = np.ones(len(ties))
    rates = np.array([t.rate for t in ties])
    close = np.array([t.closeness for t in ties])
    rel = [t.relation for t in ties]
    is_col = np.array([r == "colleague" for r in rel])
    is_partner = np.array([r == "partner" for r in rel])
    is_family = np.array([r == "family" for r in rel])
    is_friend = np.array([r in ("friend", "group") for r in rel])
    local = np.array([t.local for t in ties])
    engagement = 0.0
    lived_contacts: list[int] = []
    logged: list[bool] = []
    life_days: list[dict[str, Any]] = []
    moved_at = plan.moves[0][0] if plan.moves else None
    blows = {d: e.split(":", 1)[1] for d, e in plan.events if e.startswith("blow:")}
    gone = np.ones(len(ties))
    blow_at: int | None = None
    rally_until: int | None = None
    leave_until: int | None = None

    for d in range(n):
        day = start + timedelta(days=d)
        tz = plan.zone[d]
        dow = day.weekday()
        w = float(plan.w[d])
        retreat = int(plan.retreat[d])
        sick, holiday, busy = bool(plan.sick[d]), bool(plan.holiday[d]), bool(plan.busy[d])
        if d in blows:
            cause = blows[d]
            blow_at = d
            if cause == "job-loss":
                employed = False
            elif cause == "breakup":
                gone[is_partner] = 0.02
            elif cause == "bereavement":
                rally_until = d + 7
            elif cause == "conflict" and is_friend.any():
                fi = int(rng.choice(np.flatnonzero(is_friend)))
                gone[fi] = 0.1
                ties[fi].difficult = True
                ties[fi].safety = 2.0
            elif cause == "burnout":
                leave_until = d + int(rng.integers(14, 60))
        on_leave = leave_until is not None and d < leave_until
        workday = employed and not holiday and not sick and not retreat and not on_leave
        workday = workday and ((d % 8) < 4 if shift else dow < 5)

        # --- lived contacts: negative binomial per tie, tie strength feeds back
        lam = rates * weekly[dow] * (0.4 + 0.6 * strength)
        lam = lam * np.exp(-avoid * w * (0.3 + close))  # close ties are avoided most
        work = rates * (2.2 if workday else 0.05) * (1.6 if busy else 1.0)
        lam = np.where(is_col, work * np.exp(-0.3 * avoid * w), lam)
        lam = np.where(is_partner, rates * (1 - 0.5 * w), lam)
        lam = lam * gone
        if rally_until is not None and blow_at is not None and blow_at <= d < rally_until:
            lam = np.where(is_family, lam * 3.0, lam)
        if moved_at is not None and d >= moved_at:
            lam = np.where(local & ~is_col & ~is_partner, lam * 0.25, lam)
        if busy:
            lam = np.where(is_friend, lam * 0.3, lam)
        if sick:
            lam = np.where(is_partner, lam, lam * 0.35)
        if holiday:
            lam = np.where(is_family | is_partner, lam * 2.0, lam * 0.4)
        if retreat:
            keep = 0.6 if retreat == 2 else 0.15
            lam = np.where(close >= 0.75, lam * keep, lam * 0.05)
        mix = rng.gamma(dispersion, 1 / dispersion, size=len(ties))
        counts = np.minimum(rng.poisson(lam * mix), 3)
        expected = np.maximum(rates * weekly[dow], 1e-3)
        strength = np.clip(0.97 * strength + 0.03 * np.minimum(counts / expected, 2.0), 0.2, 1.5)
        lived = []
        for ti in np.flatnonzero(counts):
            t = ties[ti]
            for _ in range(int(counts[ti])):
                ch = CHANNELS[int(rng.choice(5, p=t.channels))]
                if not t.local and ch == "in-person" and not holiday:
                    ch = "text"
                if w > 0.3 and ch == "in-person" and t.relation not in ("colleague", "partner"):
                    ch = "text" if rng.random() < 0.5 * w else ch  # withdrawal moves to screens
                p_me = 0.45 * (1 - 0.75 * w)
                u = rng.random()
                ini = "me" if u < p_me else ("them" if u < p_me + 0.4 + 0.3 * w else "both")
                hour = (
                    float(rng.uniform(9, 17))
                    if t.relation == "colleague"
                    else float(np.clip(rng.normal(15 + 2.5 * w, 3.5), 6, 27.5))
                )
                mins = int(
                    np.clip(rng.lognormal(np.log(35 if ch == "in-person" else 8), 0.8), 1, 600)
                )
                lived.append((ti, ch, ini, hour, mins))
        lived.sort(key=lambda x: x[3])
        lived_contacts.append(len(lived))

        # time alone lived
        alone_rate = 0.8 + 1.6 * w + (2.0 if retreat else 0) + (0.8 if sick else 0)
        n_alone = rng.poisson(0.4 if busy else alone_rate)
        numb_share = 0.0 if retreat else float(np.clip(0.15 + escape * 0.8 * w, 0, 0.95))
        out_h = 0.0
        if workday and not shift:
            out_h += rng.uniform(7, 10)
        elif workday:
            out_h += rng.uniform(9, 12)
        for ti, ch, _ini, _h, mins in lived:
            if ch == "in-person" and ties[ti].relation != "partner":
                out_h += mins / 60 if ties[ti].relation != "colleague" else 0.0
        errands = (0.4 if sick else 1.0) * (1 - 0.8 * w)
        out_h += float(rng.exponential(1.3 * errands))
        life_days.append(
            {
                "w": w,
                "tz": tz,
                "contacts": [(ties[ti].uid, ch, ini, h) for ti, ch, ini, h, _ in lived],
                "out_h": min(out_h, 20.0),
                "retreat": retreat,
                "sick": sick,
                "holiday": holiday,
                "workday": workday,
            }
        )

        # --- the diary
        engagement = 0.92 * engagement + rng.normal(0, 0.35)
        logit = np.log(log_base / (1 - log_base + 1e-9) + 1e-9) + engagement
        if habit == "thins":
            logit -= 3.0 * w
        elif habit == "reaches":
            logit += 1.2 * w
        if weekday_logger and dow >= 5:
            logit -= 1.5
        if holiday:
            logit -= 1.3
        if sick:
            logit -= 0.8
        if busy:
            logit -= 0.9
        if retreat == 3:
            logit -= 3.5
        p_log = 0.0 if plan.stop[d] else 1 / (1 + np.exp(-logit))
        # dropouts fade over the week before a decided stop
        if (
            not plan.stop[d]
            and d + 7 < n
            and plan.stop[d + 1 : d + 8].any()
            and not (d > 0 and plan.stop[d - 1])
        ):
            p_log *= 0.5
        if rng.random() >= p_log:
            logged.append(False)
            continue
        any_entry = False

        def state_now(
            w: float = w, retreat: int = retreat, sick: bool = sick, busy: bool = busy
        ) -> str:
            if retreat:
                u = rng.random()
                return "connected" if u < 0.8 else ("shut-down" if u < 0.87 else "mobilized")
            p_shut = 0.08 + 0.65 * w + (0.3 if sick else 0)
            p_mob = 0.1 + (0.35 * w if mobilizer else 0.1 * w) + (0.2 if busy else 0)
            p_fawn = (0.25 * w) if fawner else 0.02
            u = rng.random()
            if u < p_shut:
                return "shut-down"
            if u < p_shut + p_mob:
                return "mobilized"
            if u < p_shut + p_mob + p_fawn:
                return "fawning"
            return "connected"

        for k in range(1 + int(rng.random() < 0.35) + int(rng.random() < 0.1)):
            st = state_now()
            item: dict[str, Any] = {
                "uid": uid("k"),
                "at": instant(day, float(rng.uniform(7.5, 23.5)), tz),
                "tz": tz,
                "state": st,
            }
            if rng.random() < detail:
                item["intensity"] = int(np.clip(round(rng.normal(2.5 + 2 * w, 0.9)), 1, 5))
            if rng.random() < detail:
                item["energy"] = int(np.clip(round(rng.normal(3.6 - 2 * w - sick, 0.8)), 1, 5))
            if rng.random() < detail * 0.8:
                if retreat or (st == "connected" and rng.random() < 0.3):
                    item["appetite"] = (
                        "need-solitude" if retreat or rng.random() < 0.5 else "want-company"
                    )
                elif w > 0.35:
                    item["appetite"] = str(
                        rng.choice(
                            ["avoiding", "need-solitude", "want-company"], p=[0.45, 0.4, 0.15]
                        )
                    )
                else:
                    item["appetite"] = "want-company" if rng.random() < 0.6 else "need-solitude"
            if rng.random() < detail * 0.5:
                body = {
                    "shut-down": ["heaviness", "numbness", "foggy", "tearful"],
                    "mobilized": ["tight-chest", "racing-heart", "clenched-jaw", "restless"],
                    "fawning": ["knot-in-stomach", "tense-shoulders", "shallow-breath"],
                    "connected": ["warmth", "open-chest", "steady-breath", "soft-belly"],
                }[st]
                item["body"] = sorted(set(rng.choice(body, size=int(rng.integers(1, 3)))))
            if rng.random() < 0.15:
                item["where"] = (
                    "home" if w > 0.4 or sick else str(rng.choice(["home", "work", "outdoors"]))
                )
            if k == 0 and retreat and d > 0 and plan.retreat[d - 1] == 0 and rng.random() < 0.6:
                item["note"] = "A few quiet days for myself. Looking forward to it."
            checkins.append(item)
            any_entry = True

        if not checkin_only or rng.random() < 0.2:
            cap = int(rng.integers(2, 9))
            for ti, ch, ini, hour, mins in lived:
                t = ties[ti]
                p = (
                    recall
                    * {"in-person": 0.85, "call": 0.75, "video": 0.75, "text": 0.2, "social": 0.08}[
                        ch
                    ]
                )
                if t.relation == "partner" and partner_silent:
                    p *= 0.1
                if t.relation == "colleague":
                    p *= 0.35
                if rng.random() >= p or cap <= 0:
                    continue
                cap -= 1
                item = {
                    "uid": uid("c"),
                    "at": instant(day, hour, tz),
                    "tz": tz,
                    "people": [t.uid],
                    "channel": ch,
                }
                if rng.random() < detail:
                    item["minutes"] = mins
                if rng.random() < detail:
                    item["initiated"] = ini
                if rng.random() < detail:
                    safe = t.safety - 2.2 * quality * w + rng.normal(0, 0.6)
                    item["safety"] = int(np.clip(round(safe), 1, 5))
                if rng.random() < detail * 0.7:
                    item["reciprocity"] = int(
                        np.clip(round(rng.normal(3.8 - 1.5 * quality * w, 0.8)), 1, 5)
                    )
                if rng.random() < detail * 0.6:
                    item["authenticity"] = int(
                        np.clip(round(rng.normal(3.9 - 2 * quality * w, 0.8)), 1, 5)
                    )
                if rng.random() < detail * 0.6:
                    item["before"] = state_now()
                if rng.random() < detail * 0.7:
                    bad = 0.05 + 0.8 * quality * w + (0.4 if t.difficult else 0)
                    item["after"] = (
                        "shut-down"
                        if rng.random() < bad
                        else ("connected" if rng.random() < 0.8 else "mobilized")
                    )
                contacts.append(item)
                any_entry = True

        for _ in range(int(n_alone)):
            if rng.random() >= solitude_logger * (1.6 if retreat else 1.0):
                continue
            numb = rng.random() < numb_share
            act = str(rng.choice(NUMBING if numb else RESTORATIVE))
            if sick:
                act = "rest" if rng.random() < 0.6 else "sleeping-off"
            item = {
                "uid": uid("s"),
                "at": instant(day, float(rng.uniform(8, 26)), tz),
                "tz": tz,
                "activity": act,
            }
            if rng.random() < detail:
                item["minutes"] = int(
                    np.clip(rng.lognormal(np.log(90 if numb else 50), 0.6), 5, 900)
                )
            item["chosen"] = bool(not numb or rng.random() > 0.3 + 0.5 * w)
            if rng.random() < detail * 0.6:
                item["before"] = state_now()
            if rng.random() < detail * 0.8:
                if numb:
                    item["after"] = "shut-down" if rng.random() < 0.35 + 0.5 * w else "connected"
                else:
                    item["after"] = (
                        "connected"
                        if rng.random() < 0.85 - 0.3 * w * (not retreat)
                        else "shut-down"
                    )
            if retreat == 1 and rng.random() < 0.5:
                item["where"] = "outdoors"
            solitude.append(item)
            any_entry = True

        for routine in routines:
            p_done = 0.7 * (1 - 0.7 * w) * (0.5 if sick else 1)
            if rng.random() < p_done:
                hh, mm = (int(x) for x in str(routine["time_of_day"]).split(":"))
                h = max(4.1, hh + mm / 60 + rng.normal(0, 0.5) + (1.5 * w))
                done.append(
                    {
                        "routine": routine["uid"],
                        "uid": uid("d"),
                        "at": instant(day, h, tz),
                        "tz": tz,
                    }
                )
                any_entry = True

        # boundaries: rare; with a difficult person, more often unmet
        if rng.random() < 0.05 * (1 - 0.5 * w) and ties:
            tie_i = int(rng.integers(0, len(ties)))
            t = ties[tie_i]
            if t.difficult:
                got = str(rng.choice(["dismissed", "refused", "punished", "negotiated"]))
            else:
                got = str(rng.choice(["honoured", "negotiated", "dismissed"], p=[0.6, 0.3, 0.1]))
            boundaries.append(
                {
                    "uid": uid("b"),
                    "at": instant(day, float(rng.uniform(10, 22)), tz),
                    "tz": tz,
                    "person": t.uid,
                    "asked": str(
                        rng.choice(
                            [
                                "I need a quiet evening",
                                "Please call before coming over",
                                "Not this week, please",
                            ]
                        )
                    ),
                    "received": got,
                    "after": "connected" if got in ("honoured", "negotiated") else "mobilized",
                }
            )
            any_entry = True

        # steps: planned in drift (light rungs), higher in recovery; quiet drifters cancel
        p_step = 0.02 + (0.12 if plan.drift[d] else 0) + (0.15 if plan.recovery[d] else 0)
        if rng.random() < p_step and ties:
            level = int(rng.integers(1, 3)) if plan.drift[d] else int(rng.integers(2, 6))
            t = ties[int(rng.integers(0, len(ties)))]
            p_done = 0.7 - 0.6 * w * (1.3 if quiet else 1.0)
            status = (
                "done"
                if rng.random() < p_done
                else ("skipped" if rng.random() < 0.7 else "planned")
            )
            later = min(d + int(rng.integers(0, 3)), n - 1)
            item = {
                "uid": uid("t"),
                "title": [
                    "Message someone",
                    "A short chat",
                    "Call someone",
                    "Meet someone",
                    "Tell someone how I am",
                ][level - 1],
                "level": level,
                "planned_for": (start + timedelta(days=later)).isoformat(),
                "status": status,
                "person": t.uid,
                "created_at": instant(day, 12.0, tz),
                "tz": tz,
            }
            if status == "done":
                item["done_at"] = instant(start + timedelta(days=later), 19.0, plan.zone[later])
            steps.append(item)
            any_entry = True
        if rng.random() < 0.02:
            reflections.append(
                {
                    "uid": uid("f"),
                    "at": instant(day, 22.0, tz),
                    "tz": tz,
                    "prompt": "What did you need today?",
                    "answer": str(
                        rng.choice(
                            [
                                "Quiet.",
                                "Someone to talk to.",
                                "Sleep.",
                                "More of this.",
                                "To be left alone, honestly.",
                            ]
                        )
                    ),
                }
            )
            any_entry = True
        logged.append(any_entry)

    holidays = []
    on_holiday = plan.holiday
    d = 0
    while d < n:
        if on_holiday[d]:
            e = d
            while e < n and on_holiday[e]:
                e += 1
            holidays.append((d, e - 1))
            d = e
        else:
            d += 1
    settings: dict[str, str] = {}
    away = [(a, b, "Holiday") for a, b in holidays if marks_away]
    away += [(a, b, "Away") for a, b in plan.retreats if plan.retreat[a] == 1 and marks_away]
    if away:
        settings["away_periods"] = json.dumps(
            [
                {
                    "from": (start + timedelta(days=a)).isoformat(),
                    "to": (start + timedelta(days=b)).isoformat(),
                    "note": note,
                }
                for a, b, note in sorted(away)
            ]
        )
    people = [
        {
            "uid": t.uid,
            "name": t.name,
            "relation": t.relation,
            "created_at": instant(start, 8.0, home),
        }
        for t in ties
    ]

    def by_time(items: list[dict[str, Any]], key: str = "at") -> list[dict[str, Any]]:
        return sorted(items, key=lambda i: (i.get("done_at") or i[key], i["uid"]))

    export = {
        "format": "ebbtide-export",
        "version": 1,
        "subject": {"code": code, "tz": plan.zone[-1]},
        "people": people,
        "routines": routines,
        "checkins": by_time(checkins),
        "contacts": by_time(contacts),
        "solitude": by_time(solitude),
        "boundaries": by_time(boundaries),
        "routine_done": by_time(done),
        "steps": by_time(steps, "created_at"),
        "reflections": by_time(reflections),
        "assessments": [],
        "therapy_sessions": [],
        "safety_plan": None,
        "settings": settings,
    }

    def at(i: int) -> date:
        return start + timedelta(days=i)

    return SimPerson(
        code=code,
        kind=kind,
        tz=plan.zone[-1],
        start=start,
        end=end,
        truth=truth,
        onsets=[at(o) for o in plan.onsets],
        ends=[at(e) if e is not None else None for e in plan.ends],
        export=export,
        retreats=[(at(a), at(b)) for a, b in plan.retreats],
        moves=[(at(m), z) for m, z in plan.moves],
        events=[(at(e), s) for e, s in plan.events],
        traits=traits,
        lived_contacts=lived_contacts,
        logged=logged,
        life={
            "index": index,
            "home": home,
            "employed": employed,
            "days": life_days,
            "people": len(ties),
        },
    )


def simulate(
    n_people: int = 300,
    days: int = 400,
    seed: int = 7,
    end: date = date(2026, 11, 21),
    progress: Callable[[int, int], None] | None = None,
) -> list[SimPerson]:
    """Simulate n_people subjects over the `days` local days ending on `end`."""
    if days < MIN_DAYS:
        raise ValueError(f"sim4 needs a window of at least {MIN_DAYS} days (got {days})")
    if n_people < 0:
        raise ValueError("n_people must not be negative")
    start = end - timedelta(days=days - 1)
    kinds = _kinds(seed, n_people)
    people = []
    for i, kind in enumerate(kinds):
        people.append(_one(i, kind, seed, start, days, end))
        if progress:
            progress(i + 1, n_people)
    return people

"""Who a simulated person is: traits, their circle of people and the plot of their window."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .world import (
    HOME_ZONES,
    TRAVEL_ZONES,
    BoolArray,
    FloatArray,
    IntArray,
    World,
)

KINDS: tuple[tuple[str, float], ...] = (
    ("never-drift", 0.45),
    ("gradual-drift", 0.20),
    ("abrupt-drift", 0.10),
    ("retreat", 0.12),
    ("dropout", 0.10),
    ("mover", 0.03),
)
CHANNELS = ("in-person", "call", "video", "text", "social")
STATES = ("connected", "mobilized", "shut-down", "fawning")
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
DRIFT_LABELS = frozenset({"drift", "isolated", "recovery"})

FIRST_NAMES = (
    "Ana",
    "Ben",
    "Chiara",
    "Dev",
    "Elif",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kemal",
    "Lena",
    "Mira",
    "Noah",
    "Olu",
    "Pia",
    "Quentin",
    "Rosa",
    "Sami",
    "Tariq",
    "Uma",
    "Vik",
    "Wen",
    "Xenia",
    "Yusuf",
    "Zoe",
    "Aiko",
    "Bram",
    "Carmen",
    "Dario",
    "Esme",
    "Femi",
    "Gus",
    "Hana",
    "Ivo",
    "Jade",
    "Kofi",
    "Lior",
    "Maya",
    "Nils",
    "Orla",
    "Pavel",
    "Rhea",
    "Sven",
    "Tess",
    "Ugo",
    "Vera",
    "Wim",
    "Yara",
    "Zeno",
    "Amara",
    "Bo",
    "Cleo",
    "Dina",
    "Emil",
    "Freya",
    "Gil",
    "Hedda",
    "Ilse",
    "Joss",
    "Kira",
    "Luca",
    "Mads",
    "Nora",
    "Otto",
    "Priya",
    "Ravi",
    "Saoirse",
    "Timo",
    "Ulla",
    "Vasco",
    "Wanda",
    "Yves",
    "Zainab",
)
FAMILY_NAMES = (
    "Mum",
    "Dad",
    "Grandma",
    "Grandpa",
    "Auntie Jo",
    "Uncle Raj",
    "my sister",
    "my brother",
    "my cousin",
)
GROUP_NAMES = (
    "Book club",
    "Choir",
    "Climbing group",
    "Five-a-side",
    "Knitting circle",
    "Board game night",
    "Running club",
    "Allotment crew",
    "Support group",
)
# Channel preferences by relation: in-person, call, video, text, social.
RELATION_CHANNELS: dict[str, tuple[float, ...]] = {
    "partner": (0.75, 0.08, 0.02, 0.14, 0.01),
    "family": (0.30, 0.35, 0.10, 0.22, 0.03),
    "friend": (0.38, 0.12, 0.08, 0.32, 0.10),
    "colleague": (0.70, 0.05, 0.12, 0.13, 0.00),
    "neighbour": (0.92, 0.00, 0.00, 0.08, 0.00),
    "group": (0.88, 0.00, 0.07, 0.05, 0.00),
    "professional": (0.75, 0.05, 0.20, 0.00, 0.00),
    "acquaintance": (0.70, 0.02, 0.00, 0.15, 0.13),
}


@dataclass(slots=True)
class Member:
    """One person in the subject's circle."""

    uid: str
    name: str
    relation: str
    closeness: float
    weight: float
    safety: float
    reciprocity: float
    authenticity: float
    channels: FloatArray
    minutes_scale: float
    added: int = -1
    gone: int = 1 << 30
    remote_from: int = 1 << 30


@dataclass(slots=True)
class Traits:
    """Stable habits of living and of logging that make one person unlike another."""

    contact_base: float
    nb_k: float
    burst_p: float
    weekday_profile: FloatArray
    ar_phi: float
    ar_sigma: float
    weather_sens: float
    drift_drop: float
    quality_drop: float
    intimacy_avoid: float
    sol_base: float
    numb_base: float
    numb_gain: float
    numb_ok: bool
    temperament: FloatArray
    anxious: float
    fawner: float
    log_base: float
    fatigue_floor: float
    fatigue_tau: float
    novelty: float
    sticky: float
    two_sessions: float
    checkin_p: float
    recall_contact: float
    recall_solitude: float
    backfill: float
    max_per_day: int
    fill_minutes: float
    fill_quality: float
    fill_initiated: float
    fill_states: float
    fill_appetite: float
    fill_energy: float
    fill_intensity: float
    body_p: float
    note_p: float
    chrono: float
    chrono_sd: float
    late_drift: float
    log_withdraw: float
    boundary_p: float
    reflect_p: float
    steps_user: bool
    sick_base: float
    lapse_rate: float
    winter_low: float
    restorative_pref: FloatArray
    numbing_pref: FloatArray


@dataclass(slots=True)
class Life:
    """The plot of one person's window: latent withdrawal, episodes and the daily truth."""

    kind: str
    z: FloatArray
    truth: list[str]
    retreat: BoolArray
    holiday: BoolArray
    sick: BoolArray
    nolog: BoolArray
    thin: FloatArray
    support: FloatArray
    zone: list[str]
    home: str
    onsets: list[int] = field(default_factory=list)
    ends: list[int | None] = field(default_factory=list)
    retreats: list[tuple[int, int]] = field(default_factory=list)
    events: list[tuple[int, str]] = field(default_factory=list)
    moves: list[tuple[int, str]] = field(default_factory=list)
    conflicts: list[tuple[int, int]] = field(default_factory=list)
    therapy: list[int] = field(default_factory=list)


def _u(rng: np.random.Generator, lo: float, hi: float) -> float:
    """A uniform draw as a plain float."""
    return float(rng.uniform(lo, hi))


def assign_kinds(rng: np.random.Generator, n: int) -> list[str]:
    """Archetypes in the target mix (largest remainder), shuffled."""
    raw = [(k, w * n) for k, w in KINDS]
    counts = {k: math.floor(x) for k, x in raw}
    left = n - sum(counts.values())
    for k, _ in sorted(raw, key=lambda kx: kx[1] - math.floor(kx[1]), reverse=True)[:left]:
        counts[k] += 1
    kinds = [k for k, _ in KINDS for _ in range(counts[k])]
    order = rng.permutation(len(kinds))
    return [kinds[int(i)] for i in order]


def make_traits(rng: np.random.Generator, kind: str) -> Traits:
    """Draw one person's habits; retreaters lean introvert and reflective."""
    introvert = kind == "retreat" or rng.random() < 0.25
    base = float(rng.lognormal(math.log(1.3 if introvert else 2.4), 0.45))
    weekend = float(rng.uniform(0.6, 1.7))
    profile = np.array([1.0, 1.0, 1.0, 1.05, 1.15, weekend, weekend * 0.9])
    profile *= 7.0 / profile.sum()
    temperament = rng.normal([1.4, 0.0, -0.4, -1.2], [0.4, 0.5, 0.5, 0.6])
    anxious = float(rng.beta(2, 3))
    fawner = float(rng.beta(1.5, 5))
    temperament[1] += 1.2 * anxious
    temperament[3] += 1.5 * fawner
    engaged = float(rng.beta(3.0, 2.0))
    return Traits(
        contact_base=base,
        nb_k=float(rng.uniform(0.7, 3.5)),
        burst_p=float(rng.uniform(0.01, 0.07)),
        weekday_profile=profile,
        ar_phi=float(rng.uniform(0.55, 0.9)),
        ar_sigma=float(rng.uniform(0.12, 0.35)),
        weather_sens=float(rng.uniform(0.1, 0.6)),
        drift_drop=float(rng.uniform(0.55, 0.92)),
        quality_drop=float(rng.uniform(0.7, 1.8)),
        intimacy_avoid=float(rng.uniform(0.5, 2.0)),
        sol_base=float(rng.lognormal(math.log(1.4 if introvert else 0.8), 0.4)),
        numb_base=float(rng.beta(2.0, 6.0)),
        numb_gain=float(rng.uniform(0.45, 1.0)),
        numb_ok=bool(rng.random() < 0.25),
        temperament=temperament,
        anxious=anxious,
        fawner=fawner,
        log_base=0.3 + 0.65 * engaged,
        fatigue_floor=float(rng.uniform(0.25, 1.0)),
        fatigue_tau=float(rng.lognormal(math.log(90.0), 0.6)),
        novelty=float(rng.uniform(0.0, 1.2)),
        sticky=float(rng.uniform(0.2, 0.7)),
        two_sessions=float(rng.beta(1.5, 5.0)),
        checkin_p=float(rng.uniform(0.55, 0.98)),
        recall_contact=float(rng.uniform(0.35, 0.95)),
        recall_solitude=float(rng.uniform(0.2, 0.85)),
        backfill=float(rng.uniform(0.0, 0.35)),
        max_per_day=int(rng.choice([3, 4, 5, 6, 6, 6])),
        fill_minutes=float(rng.uniform(0.4, 1.0)),
        fill_quality=float(rng.uniform(0.2, 1.0)),
        fill_initiated=float(rng.uniform(0.2, 1.0)),
        fill_states=float(rng.uniform(0.1, 0.95)),
        fill_appetite=float(rng.uniform(0.15, 0.9)),
        fill_energy=float(rng.uniform(0.3, 1.0)),
        fill_intensity=float(rng.uniform(0.3, 1.0)),
        body_p=float(rng.uniform(0.0, 0.6)),
        note_p=float(rng.beta(1.2, 8.0)),
        chrono=float(rng.choice([8.0, 12.5, 21.0, 22.5], p=[0.25, 0.1, 0.4, 0.25])),
        chrono_sd=float(rng.uniform(0.5, 2.2)),
        late_drift=float(rng.uniform(0.0, 1.0)),
        log_withdraw=float(rng.uniform(-0.4, 1.0)),
        boundary_p=float(rng.lognormal(math.log(0.012), 0.7)),
        reflect_p=float(rng.beta(1.0, 12.0)) * (2.0 if kind == "retreat" else 1.0),
        steps_user=bool(rng.random() < 0.1),
        sick_base=float(rng.uniform(0.0015, 0.006)),
        lapse_rate=float(rng.lognormal(math.log(0.005), 0.6)),
        winter_low=float(rng.uniform(0.0, 0.15)) if rng.random() < 0.25 else 0.0,
        restorative_pref=rng.dirichlet(np.full(len(RESTORATIVE), 0.8)),
        numbing_pref=rng.dirichlet(np.full(len(NUMBING), 0.7)),
    )


def make_network(rng: np.random.Generator, uid: UidSource, therapy: bool) -> list[Member]:
    """The subject's circle: partner, family, friends, colleagues and the odd group."""
    names = list(FIRST_NAMES)
    rng.shuffle(names)
    members: list[Member] = []
    family = list(FAMILY_NAMES)
    rng.shuffle(family)

    def add(relation: str, name: str, closeness: float, weight: float) -> None:
        difficult = relation in ("family", "colleague", "friend") and rng.random() < 0.12
        safety = _u(rng, 1.4, 2.6) if difficult else _u(rng, 3.2, 4.9)
        if relation == "professional":
            safety = _u(rng, 4.0, 5.0)
        chans = np.array(RELATION_CHANNELS[relation]) * rng.uniform(0.6, 1.4, len(CHANNELS))
        members.append(
            Member(
                uid=uid.next(),
                name=name,
                relation=relation,
                closeness=closeness,
                weight=weight,
                safety=safety,
                reciprocity=min(5.0, safety + _u(rng, -0.8, 0.5)),
                authenticity=min(5.0, safety + _u(rng, -0.9, 0.4)),
                channels=chans / chans.sum(),
                minutes_scale=float(rng.lognormal(0.0, 0.35)),
            )
        )

    if rng.random() < 0.6:
        add("partner", names.pop(), _u(rng, 0.75, 1.0), _u(rng, 2.5, 6.0))
    for _ in range(int(rng.integers(1, 5))):
        add("family", family.pop() if family else names.pop(), _u(rng, 0.3, 0.9), _u(rng, 0.3, 1.5))
    for _ in range(int(rng.integers(1, 8))):
        add("friend", names.pop(), _u(rng, 0.25, 0.95), float(rng.lognormal(-0.2, 0.6)))
    for _ in range(int(rng.choice([0, 0, 1, 2, 3, 4, 5]))):
        add("colleague", names.pop(), _u(rng, 0.1, 0.5), _u(rng, 0.5, 2.0))
    for _ in range(int(rng.integers(0, 3))):
        add("neighbour", names.pop(), _u(rng, 0.1, 0.4), _u(rng, 0.1, 0.5))
    groups = list(GROUP_NAMES)
    rng.shuffle(groups)
    for _ in range(int(rng.choice([0, 0, 1, 1, 2]))):
        add("group", groups.pop(), _u(rng, 0.3, 0.7), _u(rng, 0.15, 0.4))
    for _ in range(int(rng.integers(0, 3))):
        add("acquaintance", names.pop(), _u(rng, 0.05, 0.3), _u(rng, 0.05, 0.4))
    if therapy:
        add("professional", "my therapist", 0.6, 0.0)
    return members


class UidSource:
    """Random-looking, reproducible item uids."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._pool: list[int] = []

    def next(self) -> str:
        """One fresh uid of 20 hex digits."""
        if not self._pool:
            self._pool = [int(x) for x in self._rng.integers(0, 1 << 62, 4096, dtype=np.int64)]
        return f"{self._pool.pop():016x}{len(self._pool):04x}"


def _place(
    rng: np.random.Generator,
    busy: BoolArray,
    length: int,
    lo: int,
    hi: int,
    weight: FloatArray | None = None,
) -> int | None:
    """A start day in [lo, hi) whose [start, start+length) misses busy days, or None."""
    hi = min(hi, busy.size - length)
    if hi <= lo:
        return None
    for _ in range(40):
        if weight is None:
            s = int(rng.integers(lo, hi))
        else:
            w = weight[lo:hi] / weight[lo:hi].sum()
            s = lo + int(rng.choice(hi - lo, p=w))
        if not busy[max(0, s - 2) : s + length + 2].any():
            return s
    return None


def _smooth(x: FloatArray, width: int) -> FloatArray:
    """A centred moving average with edge padding."""
    pad = width // 2
    padded = np.pad(x, (pad, width - 1 - pad), mode="edge")
    return np.convolve(padded, np.ones(width) / width, mode="valid")


def _ou(rng: np.random.Generator, days: int, phi: float, sigma: float) -> FloatArray:
    """A mean-zero AR(1) series."""
    e = rng.normal(0.0, sigma, days)
    out = np.zeros(days)
    for i in range(1, days):
        out[i] = phi * out[i - 1] + e[i]
    return out


def _gradual_episode(
    rng: np.random.Generator, days: int, onset: int, long: bool
) -> tuple[FloatArray, int | None, int]:
    """Withdrawal of one slow drift: a ramp, a plateau, maybe a recovery."""
    t = np.arange(days, dtype=np.float64)
    if long:
        ramp, plateau = _u(rng, 60, 150), _u(rng, 50, 200)
    else:
        ramp = float(np.clip(rng.lognormal(math.log(35.0), 0.55), 12, 120))
        plateau = float(np.clip(rng.lognormal(math.log(25.0), 0.8), 0, 150))
    peak = _u(rng, 0.45, 1.0)
    x = np.clip((t - onset) / ramp, 0.0, 1.0)
    shape = str(rng.choice(["linear", "accelerating", "stairs", "wavering", "decelerating"]))
    if shape == "accelerating":
        f = x**2
    elif shape == "decelerating":
        f = 1.0 - (1.0 - x) ** 2
    elif shape == "stairs":
        steps = np.sort(rng.uniform(0.0, 1.0, int(rng.integers(3, 6))))
        f = _smooth((x[:, None] > steps[None, :]).mean(axis=1), 3)
        f[t < onset] = 0.0
    elif shape == "wavering":
        f = np.clip(x + 0.18 * np.sin(2 * np.pi * x * rng.integers(2, 5)), 0.0, 1.0)
    else:
        f = x
    z = peak * f
    end = int(onset + ramp + plateau)
    recovers = rng.random() < 0.65 and end < days - 3
    if recovers:
        tau = _u(rng, 8.0, 35.0)
        after = t >= end
        z[after] = z[end - 1] * np.exp(-(t[after] - end) / tau)
        rec_end = min(days, end + int(tau * math.log(max(z[end - 1], 0.13) / 0.12)) + 3)
        return z, end, rec_end
    return z, None, days


def _abrupt_episode(
    rng: np.random.Generator, days: int, onset: int
) -> tuple[FloatArray, int | None, int]:
    """Withdrawal after a blow: a jump within days, then hold, deepen or ease."""
    t = np.arange(days, dtype=np.float64)
    s0 = _u(rng, 0.5, 0.95)
    tau_on = _u(rng, 0.3, 2.0)
    dt = np.clip(t - onset, 0.0, None)
    z = s0 * (1.0 - np.exp(-dt / tau_on))
    course = rng.random()
    if course < 0.3:
        z += (1.0 - s0) * np.clip(dt / _u(rng, 20, 60), 0.0, 1.0)
    elif course < 0.6:
        z *= 1.0 - 0.35 * np.clip(dt / _u(rng, 30, 90), 0.0, 1.0)
    z[t < onset] = 0.0
    length = int(
        rng.choice([_u(rng, 14, 45), _u(rng, 30, 120), _u(rng, 90, 220)], p=[0.4, 0.45, 0.15])
    )
    end = onset + length
    if rng.random() < 0.7 and end < days - 3:
        tau = _u(rng, 6.0, 30.0)
        after = t >= end
        z[after] = z[end - 1] * np.exp(-(t[after] - end) / tau)
        rec_end = min(days, end + int(tau * math.log(max(z[end - 1], 0.13) / 0.12)) + 3)
        return z, end, rec_end
    return z, None, days


def plan_life(
    rng: np.random.Generator,
    kind: str,
    world: World,
    traits: Traits,
    members: list[Member],
    uid: UidSource,
) -> Life:
    """Draw episodes (drifts, retreats, holidays, sickness, lapses, moves) and the truth."""
    days = world.days
    t = np.arange(days)
    zones = [z for z, _ in HOME_ZONES]
    w = np.array([w for _, w in HOME_ZONES])
    home = zones[int(rng.choice(len(zones), p=w / w.sum()))]
    life = Life(
        kind=kind,
        z=np.zeros(days),
        truth=["ordinary"] * days,
        retreat=np.zeros(days, dtype=bool),
        holiday=np.zeros(days, dtype=bool),
        sick=np.zeros(days, dtype=bool),
        nolog=np.zeros(days, dtype=bool),
        thin=np.ones(days),
        support=np.zeros(days),
        zone=[home] * days,
        home=home,
    )
    phase = np.zeros(days, dtype=np.int64)  # 0 none, 1 drift, 2 recovery
    if kind in ("gradual-drift", "abrupt-drift"):
        _plan_drifts(rng, kind, life, phase, members, days)
    # Ordinary noise: bad weeks and, for some, a winter low; none of it is drift.
    for _ in range(int(rng.poisson(days / 120.0))):
        c, width, amp = int(rng.integers(0, days)), _u(rng, 3, 10), _u(rng, 0.08, 0.3)
        bump = amp * np.sin(np.clip((t - c) / width, 0.0, 1.0) * np.pi)
        life.z = np.maximum(life.z, np.where(phase == 0, bump, 0.0))
    life.z += traits.winter_low * (1.0 - world.summer) * (phase == 0)
    life.z += np.where(phase > 0, _ou(rng, days, 0.8, 0.035), 0.0)
    life.z = np.clip(life.z, 0.0, 1.0)
    busy = phase > 0
    if kind == "retreat" or (kind == "never-drift" and rng.random() < 0.1):
        n = int(rng.integers(1, 4)) if kind == "retreat" else 1
        for _ in range(n):
            length = int(np.clip(rng.lognormal(math.log(9.0), 0.55), 3, 28))
            s = _place(rng, busy, length, 14, days)
            if s is None:
                continue
            life.retreat[s : s + length] = True
            busy[s : s + length] = True
            life.retreats.append((s, s + length - 1))
            life.events.append((s, "retreat"))
    _plan_holidays(rng, world, life, busy)
    _plan_sickness(rng, world, traits, life)
    if kind == "mover" or (kind != "dropout" and rng.random() < 0.03):
        _plan_moves(rng, life, members, busy, uid, days)
    _plan_lapses(rng, kind, traits, life, busy, days)
    _label(life, phase)
    return life


def _plan_drifts(
    rng: np.random.Generator,
    kind: str,
    life: Life,
    phase: IntArray,
    members: list[Member],
    days: int,
) -> None:
    """One drift episode, sometimes two for slow drifters, with network consequences."""
    early = rng.random() < 0.08
    onset = int(rng.integers(10, 45)) if early else int(rng.integers(45, max(46, days - 30)))
    n_episodes = 2 if kind == "gradual-drift" and rng.random() < 0.25 else 1
    for k in range(n_episodes):
        if onset >= days - 5:
            break
        if kind == "gradual-drift":
            z, end, rec_end = _gradual_episode(rng, days, onset, long=rng.random() < 0.3)
        else:
            z, end, rec_end = _abrupt_episode(rng, days, onset)
            _blow(rng, life, members, onset)
        stop = end if end is not None else days
        phase[onset:stop] = 1
        phase[stop:rec_end] = 2
        life.z = np.maximum(life.z, z * ((np.arange(days) >= onset) & (np.arange(days) < rec_end)))
        life.onsets.append(onset)
        life.ends.append(end)
        life.events.append((onset, "drift-onset"))
        if end is not None:
            life.events.append((end, "recovery-start"))
        if rng.random() < 0.45:
            first = onset + int(rng.integers(14, 60))
            gap = int(rng.choice([7, 7, 14]))
            last = rec_end if end is not None else days
            life.therapy.extend(range(first, min(last + 30, days), gap))
        if k == 0 and n_episodes == 2:
            if end is None:
                break
            onset = rec_end + int(rng.integers(20, 90))


def _blow(rng: np.random.Generator, life: Life, members: list[Member], onset: int) -> None:
    """The event behind an abrupt drift, and who leaves the subject's life."""
    trigger = str(rng.choice(["loss", "breakup", "conflict", "job-loss"], p=[0.35, 0.25, 0.3, 0.1]))
    partners = [i for i, m in enumerate(members) if m.relation == "partner"]
    colleagues = [i for i, m in enumerate(members) if m.relation == "colleague"]
    close = [i for i, m in enumerate(members) if m.relation in ("family", "friend")]
    if trigger == "breakup" and not partners:
        trigger = "conflict"
    if trigger == "job-loss" and not colleagues:
        trigger = "loss"
    life.events.append((onset, trigger))
    if trigger == "loss":
        pool = partners + close if rng.random() < 0.2 else close
        who = max(pool, key=lambda i: members[i].closeness + rng.uniform(0, 0.3))
        members[who].gone = onset
        t = np.arange(life.z.size, dtype=np.float64)
        amp = _u(rng, 1.0, 3.0)
        life.support += np.where(t >= onset, amp * np.exp(-(t - onset) / 4.0), 0.0) * (
            t < onset + 12
        )
    elif trigger == "breakup":
        members[partners[0]].gone = onset
    elif trigger == "conflict":
        who = int(rng.choice(close))
        life.conflicts.append((onset, who))
        if rng.random() < 0.7:
            members[who].gone = onset + 1
        else:
            members[who].safety = max(1.0, members[who].safety - 2.0)
    else:
        for i in colleagues:
            members[i].gone = onset


def _plan_holidays(rng: np.random.Generator, world: World, life: Life, busy: BoolArray) -> None:
    """Holidays, mostly summer or festive season, a third of them in another zone."""
    days = world.days
    weight = 1.0 + 2.5 * world.summer + 3.0 * world.festive
    for _ in range(int(rng.poisson(1.5 * days / 365.0))):
        length = int(np.clip(3 + rng.geometric(0.15), 3, 18))
        s = _place(rng, busy, length, 0, days, weight)
        if s is None:
            continue
        life.holiday[s : s + length] = True
        busy[s : s + length] = True
        life.events.append((s, "holiday"))
        if rng.random() < 0.35:
            away = str(rng.choice(TRAVEL_ZONES))
            for d in range(s, s + length):
                life.zone[d] = away
            life.events.append((s, f"travel:{away}"))


def _plan_sickness(rng: np.random.Generator, world: World, traits: Traits, life: Life) -> None:
    """Short illnesses whose hazard follows the shared flu season."""
    starts = rng.random(world.days) < traits.sick_base * world.flu
    for s in np.flatnonzero(starts):
        length = int(np.clip(rng.geometric(0.3) + 1, 2, 10))
        life.sick[int(s) : int(s) + length] = True
    life.sick &= ~life.retreat


def _plan_moves(
    rng: np.random.Generator,
    life: Life,
    members: list[Member],
    busy: BoolArray,
    uid: UidSource,
    days: int,
) -> None:
    """One or two moves to a new home zone; the old circle becomes remote."""
    n = 2 if rng.random() < 0.25 else 1
    lo = 30
    names = [m.name for m in members]
    for _ in range(n):
        s = _place(rng, busy, 4, lo, days - 20)
        if s is None:
            return
        options = [z for z, _ in HOME_ZONES if z != life.zone[s]]
        new = str(rng.choice(options))
        for d in range(s + 1, days):
            if not life.holiday[d]:
                life.zone[d] = new
        life.home = new
        life.moves.append((s + 1, new))
        life.events.append((s + 1, f"move:{new}"))
        if rng.random() < 0.7:
            life.nolog[s : s + int(rng.integers(2, 6))] = True
        for m in members:
            if m.relation in ("colleague", "neighbour", "group", "acquaintance"):
                m.gone = min(m.gone, s + 1)
            elif m.relation != "partner":
                m.remote_from = min(m.remote_from, s + 1)
        fresh = [x for x in FIRST_NAMES if x not in names]
        rng.shuffle(fresh)
        for relation in ("colleague", "colleague", "friend", "neighbour", "friend"):
            if not fresh or rng.random() < 0.25:
                continue
            name = fresh.pop()
            names.append(name)
            chans = np.array(RELATION_CHANNELS[relation])
            safety = _u(rng, 3.0, 4.8)
            members.append(
                Member(
                    uid=uid.next(),
                    name=name,
                    relation=relation,
                    closeness=_u(rng, 0.1, 0.6),
                    weight=_u(rng, 0.3, 1.5),
                    safety=safety,
                    reciprocity=safety - 0.2,
                    authenticity=safety - 0.3,
                    channels=chans / chans.sum(),
                    minutes_scale=float(rng.lognormal(0.0, 0.3)),
                    added=s + int(rng.integers(4, 60)),
                )
            )
        lo = s + 40


def _plan_lapses(
    rng: np.random.Generator, kind: str, traits: Traits, life: Life, busy: BoolArray, days: int
) -> None:
    """Logging gaps while life goes on; dropouts stop, thin out or vanish for a while."""
    if kind == "dropout":
        d = int(rng.integers(50, max(51, days - 15)))
        pre = np.clip((np.arange(days) - (d - 30)) / 30.0, 0.0, 1.0)
        life.thin *= 1.0 - 0.4 * pre * (np.arange(days) < d)
        mode = str(rng.choice(["stop", "thin", "return"], p=[0.5, 0.3, 0.2]))
        life.events.append((d, f"dropout-{mode}"))
        if mode == "stop":
            life.nolog[d:] = True
        elif mode == "thin":
            life.thin[d:] = _u(rng, 0.06, 0.22)
        else:
            gap = int(rng.integers(14, 70))
            life.nolog[d : d + gap] = True
            life.thin[d + gap :] *= 0.6
        return
    hazard = traits.lapse_rate * (1.0 + 3.0 * life.z * max(traits.log_withdraw, 0.0))
    for s in np.flatnonzero(rng.random(days) < hazard):
        a = int(s)
        b = a + int(np.clip(rng.geometric(1 / 7.0), 2, 30))
        life.nolog[a:b] |= ~life.holiday[a:b]


def _label(life: Life, phase: IntArray) -> None:
    """Daily truth by precedence: drift family > retreat > dropout > sick > holiday."""
    days = life.z.size
    zs = _smooth(life.z, 7)
    severe = (zs >= 0.7) & (phase == 1)
    isolated = np.zeros(days, dtype=bool)
    i = 0
    while i < days:
        if severe[i]:
            j = i
            while j < days and severe[j]:
                j += 1
            if j - i >= 10:
                isolated[i:j] = True
            i = j
        else:
            i += 1
    dropout_phase = life.nolog | (life.thin < 0.3)
    out: list[str] = []
    for d in range(days):
        if phase[d] == 1:
            out.append("isolated" if isolated[d] else "drift")
        elif phase[d] == 2:
            out.append("recovery")
        elif life.retreat[d]:
            out.append("retreat")
        elif dropout_phase[d]:
            out.append("dropout")
        elif life.sick[d]:
            out.append("sick")
        elif life.holiday[d]:
            out.append("holiday")
        else:
            out.append("ordinary")
    life.truth = out

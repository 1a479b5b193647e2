"""sim3's day-by-day life and the diary that (partly) records it."""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .story import Story, Traits, draw_zone
from .world import clip, instant, pick, poisson, scale, season

BURN_IN = 42
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
RESTORATIVE_W = (3, 2.5, 1.2, 1.5, 2.5, 2.5, 1.5, 1.2)
NUMBING = ("screen-binge", "scrolling", "over-organizing", "overworking", "sleeping-off")
CALM_BODY = ("warmth", "open-chest", "steady-breath", "soft-belly")
MOB_BODY = (
    "tight-chest",
    "shallow-breath",
    "clenched-jaw",
    "racing-heart",
    "tense-shoulders",
    "knot-in-stomach",
    "restless",
)
SHUT_BODY = ("heaviness", "numbness", "foggy", "tearful")
CHANNEL_RECALL = {"in-person": 0.8, "call": 0.7, "video": 0.7, "text": 0.35, "social": 0.15}
FIRST_NAMES = [
    "Ada",
    "Ben",
    "Cleo",
    "Dev",
    "Edda",
    "Femi",
    "Gus",
    "Hana",
    "Ilse",
    "Jon",
    "Kemal",
    "Lina",
    "Milo",
    "Nia",
    "Oren",
    "Pia",
    "Quin",
    "Rosa",
    "Sami",
    "Tove",
    "Uma",
    "Vik",
    "Wren",
    "Xena",
    "Yusuf",
    "Zara",
    "Aiko",
    "Bram",
    "Cyra",
    "Dara",
    "Eli",
    "Fern",
    "Gale",
    "Hugo",
    "Ines",
    "Jude",
    "Kai",
    "Lotte",
    "Mani",
    "Noor",
    "Odile",
    "Pablo",
    "Rhea",
    "Seb",
    "Tariq",
    "Ulla",
    "Vera",
    "Wade",
    "Yann",
    "Zeno",
    "Amir",
    "Bea",
    "Cas",
    "Dina",
    "Emil",
    "Faye",
]
FAMILY = ("Mum", "Dad", "my sister", "my brother", "Gran", "Grandad", "my aunt", "my cousin")
GROUPS = ("Choir", "Climbing crew", "Book club", "Pottery class", "Five-a-side", "Quiz team")
ONLINE_GROUPS = ("Discord server", "Raid group", "Writing circle (online)", "Forum regulars")
HANDLES = (
    "moth_lamp",
    "quietfox",
    "tidepool",
    "nightowl_ix",
    "ferngully",
    "paperkite",
    "lo-fi_rae",
)
REFLECTIONS = {
    "good": (
        (
            "What helped you feel steady this week?",
            "Walking in the mornings and one long talk with a friend.",
        ),
        ("Who did you feel safe with lately?", "My sister, and the people at choir."),
        ("What did your time alone give you?", "Room to think; I feel rested."),
    ),
    "retreat": (
        ("What did your time alone give you?", "Quiet. I missed nobody and that felt fine."),
        ("What are you refuelling for?", "Going back to work rested, seeing friends after."),
    ),
    "drift": (
        ("Who did you feel safe with lately?", "Hard to say. I have not seen many people."),
        ("What got in the way of reaching out?", "Too tired to explain myself to anyone."),
        ("What did your time alone give you?", "Not much, the days blur together."),
    ),
    "recovery": (
        ("What small step felt possible?", "I answered a message and it was okay."),
        ("Who would you like to see again?", "An old friend. Maybe next week."),
    ),
}
BOUNDARY_ASKS = (
    "I need a night to myself this week.",
    "Please ask before dropping by.",
    "I can't talk about that right now.",
    "I'd like us to split the chores fairly.",
    "I won't answer work messages after eight.",
    "Please don't comment on my eating.",
)
STEP_TITLES = {
    1: "Send a short message",
    2: "A brief chat with a neighbour",
    3: "A short call with someone safe",
    4: "Meet someone for a coffee",
    5: "Tell someone how the week really was",
}
ROUTINES = (
    ("Evening walk", "daily", "19:30", "other"),
    ("Breakfast before screens", "daily", "07:45", "out-of-bed"),
    ("Call my sister", "sun", "18:00", "other"),
    ("Friday dinner", "fri", "19:00", "dinner"),
    ("Lights out by midnight", "daily", "23:30", "bed"),
    ("Start work at a set time", "weekdays", "09:00", "start-work"),
)
NOTES_GOOD = ("Good day.", "Slept well.", "Laughed a lot.", "Felt like myself.")
NOTES_BAD = ("Heavy day.", "Could not face anyone.", "Stayed in.", "Low battery all day.")
NOTES_CARE = ("Long day with Mum's appointments.", "No time for me today.")


def _logit(p: float) -> float:
    p = clip(p, 1e-4, 1 - 1e-4)
    return math.log(p / (1 - p))


@dataclass
class Tie:
    """One person (or group) in the circle, with a self-exciting contact process."""

    uid: str
    name: str
    relation: str
    mu: float
    closeness: float
    safety: float
    recip: float
    auth: float
    kind: str  # partner, family, friend, work, neighbour, group, acquaintance, dependent, pro
    online: bool = False
    remote: bool = False
    live_in: bool = False
    difficult: bool = False
    weekly: int | None = None  # meets on this weekday (a Bernoulli chance of mu)
    eta: float = 0.3
    q: float = 0.5
    excite: float = 0.0
    first: int = -(10**6)
    last: int = 10**6
    onboard: bool = False
    recall: float = 1.0
    created: str | None = None


@dataclass
class Lived:
    """Context of one lived day that the diary may need later (batch loggers backfill)."""

    t: int
    w: float
    d: float
    night: bool
    shock_in: float
    shock_remote: float
    contacts: list[Tie] = field(default_factory=list)
    boundary: tuple[Tie, str, str] | None = None


class Diary:
    def __init__(
        self,
        rng: random.Random,
        code: str,
        tz: str,
        traits: Traits,
        story: Story,
        shocks: list[tuple[float, float]],
        start: date,
    ) -> None:
        self.rng, self.code, self.home, self.traits, self.story = rng, code, tz, traits, story
        self.shocks, self.start, self.n = shocks, start, story.days
        self.records: dict[str, list[dict[str, Any]]] = {
            k: []
            for k in (
                "checkins",
                "contacts",
                "solitude",
                "boundaries",
                "routine_done",
                "steps",
                "reflections",
            )
        }
        self.ties: list[Tie] = []
        self.used: set[str] = set()
        self.names: set[str] = set()
        self.lived_contacts = [0] * self.n
        self.logged = [False] * self.n
        self.zone_from: list[tuple[int, str]] = [(-(10**6), tz)]
        self.employed_until = 10**6 if traits.employed else -(10**6)
        self.rally: tuple[int, int] | None = None
        self.sessions: list[str] = []
        self.routines: list[dict[str, Any]] = []
        self.away: list[dict[str, str]] = []

    # --- helpers -------------------------------------------------------------------

    def uid(self) -> str:
        return f"{self.rng.getrandbits(80):020x}"

    def tz(self, t: int) -> str:
        zone = self.home
        for since, z in self.zone_from:
            if t >= since:
                zone = z
        return zone

    def at(self, t: int, hour: float) -> str:
        return instant(self.start + timedelta(t), clip(hour, 4.05, 27.95), self.tz(t))

    def name(self, pool: tuple[str, ...] | list[str]) -> str:
        for _ in range(50):
            n = self.rng.choice(pool)
            if n not in self.names:
                self.names.add(n)
                return n
        n = f"{self.rng.choice(pool)} {len(self.names)}"
        self.names.add(n)
        return n

    def tie(self, kind: str, relation: str, name: str, mu: float, **kw: Any) -> Tie:
        r = self.rng
        close = {
            "partner": 0.95,
            "family": 0.75,
            "friend": 0.65,
            "dependent": 0.8,
            "work": 0.3,
            "neighbour": 0.2,
            "group": 0.45,
            "acquaintance": 0.15,
            "pro": 0.5,
        }[kind]
        eta = (
            r.uniform(0.15, 0.55) if kind in ("friend", "family", "partner") else r.uniform(0, 0.3)
        )
        t = Tie(
            uid=self.uid(),
            name=name,
            relation=relation,
            mu=mu,
            closeness=clip(close + r.gauss(0, 0.1)),
            safety=clip(r.gauss(3.9 if kind != "work" else 3.4, 0.5), 1.5, 4.9),
            recip=clip(r.gauss(3.5, 0.6), 1.5, 4.9),
            auth=clip(r.gauss(3.6, 0.6), 1.5, 4.9),
            kind=kind,
            eta=eta,
            q=math.exp(-r.uniform(0.4, 1.5)),
            onboard=r.random() < 0.4,
            **kw,
        )
        t.mu *= 1 - t.eta  # keep the long-run rate near mu despite self-excitation
        self.ties.append(t)
        return t

    # --- the circle ------------------------------------------------------------------

    def build_circle(self) -> None:
        r, tr = self.rng, self.traits
        if tr.live_in_partner:
            p = self.tie("partner", "partner", self.name(FIRST_NAMES), r.uniform(1.2, 2.2))
            p.live_in = True
            p.recall = r.uniform(0.04, 0.15) if tr.partner_silent else r.uniform(0.5, 1.0)
        elif r.random() < 0.15:
            self.tie("partner", "partner", self.name(FIRST_NAMES), r.uniform(0.3, 0.8))
        for _ in range(r.randint(1, 4)):
            self.tie(
                "family", "family", self.name(FAMILY), r.uniform(0.04, 0.3), remote=r.random() < 0.5
            )
        for _ in range(r.randint(2, 8)):
            online = r.random() < (0.7 if tr.online_first else 0.08)
            if online:
                nm = self.name(HANDLES if r.random() < 0.5 else FIRST_NAMES)
                self.tie("friend", "friend", nm, r.uniform(0.1, 0.5), online=True)
            else:
                self.tie(
                    "friend",
                    "friend",
                    self.name(FIRST_NAMES),
                    r.uniform(0.03, 0.22),
                    remote=r.random() < 0.2,
                )
        if tr.employed:
            for _ in range(r.randint(1, 6)):
                self.tie("work", "colleague", self.name(FIRST_NAMES), r.uniform(0.2, 0.9))
        for _ in range(r.randint(0, 2)):
            self.tie("neighbour", "neighbour", self.name(FIRST_NAMES), r.uniform(0.02, 0.1))
        for _ in range(r.randint(0, 2)):
            pool = ONLINE_GROUPS if tr.online_first else GROUPS
            g = self.tie("group", "group", self.name(pool), r.uniform(0.5, 0.9))
            g.weekly = r.randrange(7)
            g.online = tr.online_first
        for _ in range(r.randint(1, 4)):
            self.tie("acquaintance", "acquaintance", self.name(FIRST_NAMES), r.uniform(0.01, 0.06))
        if tr.caregiver:
            dep = self.tie("dependent", "family", self.name(("Mum", "Dad", "my son", "Gran")), 0)
            dep.mu, dep.eta, dep.recall = r.uniform(1.8, 3.2), 0.0, r.uniform(0.3, 0.8)
            dep.safety = clip(r.gauss(3.2, 0.5), 1.5, 4.5)
            dep.recip = clip(r.gauss(2.3, 0.5), 1, 4)
        if r.random() < 0.15:
            cands = [t for t in self.ties if t.kind in ("family", "work", "friend", "partner")]
            if cands:
                bad = r.choice(cands)
                bad.difficult, bad.safety, bad.recip = (
                    True,
                    r.uniform(1.4, 2.4),
                    r.uniform(1.5, 2.5),
                )

    def apply_events(self) -> None:
        r, story = self.rng, self.story
        for t0, what in story.events:
            if what == "breakup":
                partners = [x for x in self.ties if x.kind == "partner"]
                if partners:
                    partners[0].last = t0
                else:
                    friends = [x for x in self.ties if x.kind == "friend"]
                    if friends:
                        r.choice(friends).last = t0
            elif what == "loss":
                family = [x for x in self.ties if x.kind == "family" and not x.difficult]
                if family:
                    family[0].last = t0 - 1
                self.rally = (t0, t0 + r.randint(5, 10))
            elif what == "conflict":
                cands = [x for x in self.ties if x.kind in ("friend", "family")]
                if cands:
                    x = r.choice(cands)
                    x.difficult = True
                    x.last = t0 + r.randint(0, 3)
            elif what == "job-loss":
                self.employed_until = t0
        if story.kind == "never-drift" and r.random() < 0.05:
            t_move = r.randint(self.n // 5, self.n - 30)
            story.moves.append((t_move, ""))
            story.events = sorted([*story.events, (t_move, "move")])
        moves = []
        for t0, _ in story.moves:
            zone = draw_zone(r, avoid=self.tz(t0))
            self.zone_from.append((t0, zone))
            moves.append((t0, zone))
            for x in self.ties:
                if not (x.online or x.live_in or x.remote) and x.first <= t0 <= x.last:
                    if x.kind in ("work", "neighbour", "group", "acquaintance"):
                        x.last = t0 - 1
                    else:
                        x.remote = True
                        x.mu *= 0.6
            if self.traits.employed and t0 < self.employed_until:
                for _ in range(r.randint(1, 4)):
                    c = self.tie("work", "colleague", self.name(FIRST_NAMES), r.uniform(0.2, 0.8))
                    c.first, c.onboard = t0 + r.randint(3, 20), False
            for kind, rel, mu in (("neighbour", "neighbour", 0.05), ("friend", "friend", 0.12)):
                for _ in range(r.randint(0, 2)):
                    x = self.tie(kind, rel, self.name(FIRST_NAMES), r.uniform(0.5, 1.5) * mu)
                    x.first, x.onboard = t0 + r.randint(14, 150), False
        story.moves = moves
        if story.therapy_from is not None:
            pro = self.tie("pro", "professional", "my therapist", 0.92)
            pro.weekly = (self.start.weekday() + story.therapy_from) % 7
            pro.first, pro.onboard, pro.eta = story.therapy_from, False, 0.0
            pro.safety, pro.recall = 4.3, 0.9

    # --- the life --------------------------------------------------------------------

    def workday(self, t: int, wd: int) -> tuple[bool, bool]:
        """(works today, on a night shift)."""
        tr = self.traits
        if t >= self.employed_until or not tr.employed:
            return False, False
        if tr.shift == "4on4off":
            c = (t + tr.shift_offset) % 16
            return c % 8 < 4, c >= 8
        if tr.shift == "rotating":
            c = (t + tr.shift_offset) % 21
            return c % 7 < 5, 7 <= c < 14
        return wd < 5, False

    def rate(
        self,
        x: Tie,
        t: int,
        wd: int,
        works: bool,
        night: bool,
        w: float,
        s: float,
        low: float,
        ctx: dict[str, Any],
    ) -> float:
        m = x.mu
        if x.kind == "work":
            m = m * (1.3 if ctx["regime"] == 1 else 1.0) if works else m * 0.04
        elif x.kind == "dependent":
            m *= 0.5 + ctx["care"]
        elif x.kind != "partner" or not x.live_in:
            if not works and self.traits.employed:
                m *= 1.5
            if night:
                m *= 0.6
            m *= (1.0, 0.65, 1.3)[ctx["regime"]]
        inperson = not (x.online or x.remote)
        if inperson:
            m *= math.exp(0.2 * s) * (1 - 0.5 * low)
            m *= ctx["shock_in"]
        else:
            m *= ctx["shock_remote"]
        if ctx["holiday"]:
            m *= {"work": 0.0, "family": 1.8, "partner": 1.3, "dependent": 0.3}.get(x.kind, 0.5)
        if ctx["sick"]:
            m *= 1.0 if x.live_in else 0.7 if x.kind == "dependent" else 0.45
        style = ctx["retreat"]
        if style == "silent":
            m *= 0.2 if x.live_in else 0.03
        elif style == "cabin":
            m *= 0.5 if x.live_in else 0.15
        elif style == "homebody":
            m *= 0.55 if (x.closeness > 0.6 and x.safety > 3.4) else 0.12
        if w > 0:
            if x.kind == "work":
                a = 0.6
            elif x.kind in ("dependent", "pro") or x.live_in:
                a = 0.35
            else:
                a = 0.55 + 0.4 * x.closeness
            m *= max(0.02, 1 - a * w)
        if self.rally and self.rally[0] <= t <= self.rally[1] and x.kind == "family":
            m *= 3.0
        care = ctx["care"]
        if care > 0.3 and x.kind not in ("dependent", "work", "pro") and not x.live_in:
            m *= 1 - 0.65 * (care - 0.3) / 0.7
        return float(m)

    def run(self) -> None:
        self.build_circle()
        self.apply_events()
        r, tr, story, n = self.rng, self.traits, self.story, self.n
        regime, noise, habit = 0, 0.0, 0.0
        stay = r.uniform(0.95, 0.985)
        numb_base = r.uniform(0.08, 0.4)
        sol_base = r.uniform(0.4, 1.6)
        buffer: list[Lived] = []
        wd0 = self.start.weekday()
        hbar = tr.base_log / (1 - 0.75)
        routines = self.make_routines()
        for t in range(-BURN_IN, n):
            wd = (wd0 + t) % 7
            day = self.start + timedelta(t)
            inside = t >= 0
            w = story.w[t] if inside else 0.0
            patch = story.patch[t] if inside else 0.0
            care = story.care[t] if inside else (0.5 if tr.caregiver else 0.0)
            weff = clip(w + patch)
            s = season(day, tr.hemisphere)
            low = tr.seasonal * max(0.0, -s)
            if r.random() > stay:
                regime = r.choice([k for k in (0, 1, 2) if k != regime])
            sick = inside and t in story.sick
            holiday = inside and story.on_holiday(t)
            style = story.retreat_style(t) if inside else None
            works, night = self.workday(t, wd)
            works = works and not holiday and not (sick and r.random() < 0.85)
            shock_in, shock_remote = self.shocks[t] if inside else (1.0, 1.0)
            noise = 0.85 * noise + r.gauss(0, 0.05)
            d = 0.12 + 0.6 * w + 0.6 * patch + 0.6 * low + 0.25 * sick + 0.2 * care + noise
            if style:
                d *= 0.6
            d = clip(d)
            ctx = {
                "regime": regime,
                "care": care,
                "shock_in": shock_in,
                "shock_remote": shock_remote,
                "holiday": holiday,
                "sick": sick,
                "retreat": style,
            }
            lived = Lived(t, weff, d, night, shock_in, shock_remote)
            for x in self.ties:
                if not (x.first <= t <= x.last):
                    continue
                lam = self.rate(x, t, wd, works, night, weff, s, low, ctx)
                if x.weekly is not None:
                    k = int(wd == x.weekly and r.random() < lam)
                else:
                    k = poisson(r, lam + x.excite)
                    x.excite = x.q * x.excite + x.eta * (1 - x.q) * k
                lived.contacts.extend([x] * k)
            if not inside:
                continue
            self.lived_contacts[t] = len(lived.contacts)
            # boundaries, lived
            hard = [x for x in lived.contacts if x.difficult]
            pb = 0.004 + (0.12 if hard else 0.0) + (0.5 if (t, "conflict") in story.events else 0)
            if r.random() < pb:
                who = r.choice(hard) if hard else r.choice(self.ties)
                if who.difficult or (t, "conflict") in story.events:
                    got = pick(r, {"refused": 3, "dismissed": 3, "punished": 2, "negotiated": 1})
                else:
                    got = pick(r, {"honoured": 5, "negotiated": 3, "dismissed": 1})
                lived.boundary = (who, r.choice(BOUNDARY_ASKS), got)
            # the wish to log today
            pl = (
                _logit(tr.base_log)
                + 0.3 * (habit - hbar)
                + tr.mood_logging * (d - 0.25)
                + 1.2 * math.exp(-t / 14)
                - tr.fatigue * (1 - math.exp(-t / tr.fatigue_days))
                - (0.4 if regime == 1 else 0.0)
            )
            p = 1 / (1 + math.exp(-pl))
            if holiday:
                p *= 0.45
            if sick:
                p *= 0.6
            if style == "silent":
                p *= 0.08
            elif style == "cabin":
                p *= 0.4
            for a, _b in story.dropouts:
                if a - 14 <= t < a:
                    p *= 0.3 + 0.7 * (a - t) / 14
            if story.dropped(t):
                p *= 0.01
            if tr.log_style == "batch":
                p = p if wd == tr.batch_weekday else p * 0.04
            logs = r.random() < p
            habit = 0.75 * habit + logs
            buffer = [b for b in buffer if b.t > t - 8] + [lived]
            if logs:
                self.logged[t] = True
                self.write_day(t, lived, buffer, style, sick, numb_base, sol_base, care, regime)
            self.routine_day(t, wd, routines, weff, holiday, sick, logs)
            self.steps_day(t, logs, weff)
        self.sessions = self.session_days()
        for a, b in story.holidays:
            if tr.marks_away:
                note = r.choice(("", "", "Holiday", "Visiting family", "Trip"))
                self.away.append({"from": self.day(a), "to": self.day(b), "note": note})
        for a, b, style in story.retreats:
            if style in ("silent", "cabin") and r.random() < 0.4:
                self.away.append({"from": self.day(a), "to": self.day(b), "note": "Retreat"})

    def day(self, t: int) -> str:
        return (self.start + timedelta(t)).isoformat()

    # --- writing it down ---------------------------------------------------------------

    def state(self, d: float) -> str:
        tr = self.traits
        return pick(
            self.rng,
            {
                "connected": (1 - d) ** 2 + 0.03,
                "mobilized": 0.08 + 0.7 * d * (1 - tr.shut_bias),
                "shut-down": 0.02 + 1.2 * d * d * tr.shut_bias,
                "fawning": tr.fawn_prone * (0.04 + 0.35 * d),
            },
        )

    def filled(self, key: str) -> bool:
        return self.rng.random() < self.traits.fill[key]

    def write_day(
        self,
        t: int,
        lived: Lived,
        buffer: list[Lived],
        style: str | None,
        sick: bool,
        numb_base: float,
        sol_base: float,
        care: float,
        regime: int,
    ) -> None:
        r, tr = self.rng, self.traits
        cap = tr.item_cap + (2 if tr.log_style == "bad-days" and lived.d > 0.5 else 0)
        items = 0
        # check-ins are in the moment: only today's
        n_ci = 1 + (r.random() < 0.3)
        for k in range(n_ci):
            morning = (r.random() < 0.35) if k == 0 else False
            self.checkin(t, lived, style, morning)
            items += 1
        days = buffer if tr.log_style == "batch" else [lived]
        for lv in days:
            age = t - lv.t
            recall = tr.recall * (0.8**age)
            logged = 0
            chosen: list[tuple[Tie, str]] = []
            for x in lv.contacts:
                ch = self.channel(x, lv)
                if r.random() < recall * CHANNEL_RECALL[ch] * x.recall:
                    chosen.append((x, ch))
            r.shuffle(chosen)
            room = max(0, cap - items) if lv.t == t else max(0, cap - 1)
            chosen = chosen[:room]
            # two in-person contacts with friends or family may have been one gathering
            if len(chosen) >= 2 and r.random() < 0.25:
                a, b = chosen[0], chosen[1]
                if a[1] == b[1] == "in-person" and a[0] is not b[0]:
                    self.contact(lv, [a[0], b[0]], "in-person")
                    chosen = chosen[2:]
                    logged += 1
            for x, ch in chosen:
                self.contact(lv, [x], ch)
                logged += 1
            if lv.boundary and r.random() < 0.85 * (0.85**age):
                who, asked, got = lv.boundary
                self.used.add(who.uid)
                after = {"honoured": "connected", "negotiated": "connected"}.get(got, "mobilized")
                if got != "honoured" and r.random() < 0.3 * tr.fawn_prone + 0.1:
                    after = "fawning"
                self.records["boundaries"].append(
                    {
                        "uid": self.uid(),
                        "at": self.at(lv.t, r.uniform(11, 22)),
                        "tz": self.tz(lv.t),
                        "person": who.uid,
                        "asked": asked,
                        "received": got,
                        "after": after if self.filled("after") else None,
                        "note": "",
                    }
                )
            items += logged if lv.t == t else 0
        # time alone lived today (and whether it is written down)
        lam = sol_base * (1 + 1.3 * lived.w) * (1 - 0.6 * care) * (0.6 if regime == 1 else 1)
        lam *= {"silent": 2.5, "cabin": 2.2, "homebody": 1.8}.get(style or "", 1.0)
        for _ in range(poisson(r, lam)):
            if items >= cap + 1:
                break
            if r.random() < 0.6 * tr.recall + 0.2:
                self.solitude(t, lived, style, sick, numb_base, regime)
                items += 1
        if tr.reflector:
            phase = self.story.phase[t] or ("retreat" if style else "")
            pr = 0.06 * (2 if style else 1) * (1.5 if phase == "recovery" else 1)
            if r.random() < pr:
                key = {"retreat": "retreat", "recovery": "recovery"}.get(phase, "")
                if not key:
                    key = "drift" if phase in ("drift", "isolated") or lived.d > 0.55 else "good"
                prompt, answer = r.choice(REFLECTIONS[key])
                self.records["reflections"].append(
                    {
                        "uid": self.uid(),
                        "at": self.at(t, r.uniform(20, 24)),
                        "tz": self.tz(t),
                        "prompt": prompt,
                        "answer": answer,
                    }
                )

    def checkin(self, t: int, lv: Lived, style: str | None, morning: bool) -> None:
        r, tr = self.rng, self.traits
        d = lv.d
        state = self.state(d)
        if morning:
            hour = 7.5 + 0.8 * tr.chronotype + (6.5 if lv.night else 0) + r.gauss(0, 0.6)
        else:
            hour = 21.7 + 0.7 * tr.chronotype + 1.5 * lv.w + r.gauss(0, 1.0)
            if lv.night:
                hour = r.uniform(15, 19)
        body: list[str] = []
        if self.filled("body"):
            pool = {"connected": CALM_BODY, "shut-down": SHUT_BODY}.get(state, MOB_BODY)
            body = r.sample(pool, min(len(pool), r.randint(1, 3)))
        if style:
            appetite = pick(r, {"need-solitude": 6, "want-company": 1.5, "avoiding": 0.3})
        else:
            appetite = pick(
                r,
                {
                    "want-company": (1 - d) * (1 - lv.w) + 0.05,
                    "need-solitude": 0.3 + 0.4 * lv.w,
                    "avoiding": 0.04 + 0.5 * lv.w * d,
                },
            )
        energy = scale(r, 4.0 - 2.4 * d + (0.6 if style else 0.0), 0.7)
        note = ""
        if self.filled("note"):
            note = r.choice(
                NOTES_BAD
                if d > 0.5
                else NOTES_CARE
                if lv.contacts
                and any(x.kind == "dependent" for x in lv.contacts)
                and r.random() < 0.5
                else NOTES_GOOD
            )
        self.records["checkins"].append(
            {
                "uid": self.uid(),
                "at": self.at(t, hour),
                "tz": self.tz(t),
                "state": state,
                "intensity": scale(r, 1.8 + 2.5 * d, 0.8) if self.filled("intensity") else None,
                "body": body,
                "energy": energy if self.filled("energy") else None,
                "appetite": appetite if self.filled("appetite") else None,
                "note": note,
            }
        )

    def channel(self, x: Tie, lv: Lived) -> str:
        if x.online:
            wts = {"text": 0.45, "social": 0.35, "video": 0.15, "call": 0.05}
            if x.kind == "group":
                wts = {"video": 0.6, "social": 0.4}
        elif x.remote:
            wts = {"call": 0.4, "video": 0.2, "text": 0.35, "social": 0.05}
        elif x.live_in:
            wts = {"in-person": 0.92, "text": 0.06, "call": 0.02}
        elif x.kind == "work":
            if self.traits.remote_worker:
                wts = {"video": 0.5, "text": 0.45, "call": 0.05}
            else:
                wts = {"in-person": 0.75, "text": 0.2, "call": 0.05}
        elif x.kind == "dependent":
            wts = {"in-person": 0.9, "call": 0.1}
        elif x.kind in ("neighbour", "group"):
            wts = {"in-person": 0.95, "text": 0.05}
        elif x.kind == "pro":
            wts = {"in-person": 0.6, "video": 0.4}
        elif x.kind == "acquaintance":
            wts = {"in-person": 0.7, "social": 0.2, "text": 0.1}
        else:
            wts = {"in-person": 0.5, "text": 0.3, "call": 0.12, "video": 0.03, "social": 0.05}
        w = lv.w
        out = {}
        for ch, v in wts.items():
            if ch == "in-person":
                v *= (1 - 0.6 * w) * lv.shock_in
            elif ch in ("text", "social"):
                v *= (1 + w) * lv.shock_remote
            else:
                v *= (1 - 0.3 * w) * lv.shock_remote
            out[ch] = v
        return pick(self.rng, out)

    def contact(self, lv: Lived, who: list[Tie], ch: str) -> None:
        r, tr = self.rng, self.traits
        x = who[0]
        w, d = lv.w, lv.d
        for p in who:
            self.used.add(p.uid)
        if x.kind == "work":
            hour = r.uniform(22, 27.5) if lv.night else r.uniform(9, 17.5)
        elif x.live_in:
            hour = r.uniform(18, 23.5) if r.random() < 0.75 else r.uniform(6.5, 8.5)
        elif x.kind == "dependent":
            hour = r.uniform(8, 21)
        elif lv.night:
            hour = r.uniform(14.5, 21)
        else:
            hour = r.uniform(10, 22.5) + 0.6 * tr.chronotype + w
        median = {"in-person": 45.0, "call": 15.0, "video": 30.0, "text": 6.0, "social": 4.0}[ch]
        if x.kind == "work":
            median *= 0.5
        elif x.kind == "dependent":
            median *= 0.4
        elif x.live_in:
            median *= 1.4
        elif x.kind == "group":
            median *= 2.5
        minutes = int(clip(math.exp(r.gauss(math.log(median * (1 - 0.4 * w)), 0.6)), 1, 600))
        me = 0.45 * (1 - 0.6 * w) + (0.15 if self.story.phase[lv.t] == "recovery" else 0)
        them = 0.35 + 0.3 * w
        initiated = pick(r, {"me": me, "them": them, "both": max(0.05, 1 - me - them)})
        safety = scale(r, x.safety - 0.8 * w - (0.6 if x.difficult else 0))
        recip = scale(r, x.recip - 0.6 * w)
        auth = scale(r, x.auth - 1.0 * w)
        before = self.state(d)
        good = (safety / 5) * (1 - 0.6 * w)
        if x.difficult:
            after = pick(r, {"mobilized": 3, "fawning": 1 + 3 * tr.fawn_prone, "shut-down": 1.5})
        elif x.kind == "dependent":
            after = pick(r, {"connected": 2, "mobilized": 1.5, "shut-down": 1, "fawning": 0.8})
        else:
            after = pick(
                r,
                {
                    "connected": good * 2.5 + 0.1,
                    "mobilized": 0.2 + 0.3 * (1 - good),
                    "shut-down": 0.05 + 0.6 * w,
                    "fawning": 0.2 * tr.fawn_prone,
                },
            )
        note = ""
        if self.filled("note"):
            note = r.choice(("Nice to catch up.", "Short and sweet.", "Felt drained after."))
        self.records["contacts"].append(
            {
                "uid": self.uid(),
                "at": self.at(lv.t, hour),
                "tz": self.tz(lv.t),
                "people": [p.uid for p in who],
                "channel": ch,
                "minutes": minutes if self.filled("minutes") else None,
                "initiated": initiated if self.filled("initiated") else None,
                "safety": safety if self.filled("safety") else None,
                "reciprocity": recip if self.filled("reciprocity") else None,
                "authenticity": auth if self.filled("authenticity") else None,
                "before": before if self.filled("before") else None,
                "after": after if self.filled("after") else None,
                "note": note,
            }
        )

    def solitude(
        self, t: int, lv: Lived, style: str | None, sick: bool, numb_base: float, regime: int
    ) -> None:
        r, tr = self.rng, self.traits
        w = lv.w
        p_numb = clip(numb_base + 0.55 * w + 0.2 * max(0.0, lv.d - 0.4))
        if style:
            p_numb *= 0.15
        numbing = r.random() < p_numb
        if sick:
            activity = "sleeping-off" if r.random() < 0.5 else "rest"
            numbing = activity == "sleeping-off"
        elif numbing:
            wts = {
                "screen-binge": 3.0,
                "scrolling": 3.0,
                "over-organizing": 1.0,
                "overworking": 2.5 if regime == 1 else 1.0,
                "sleeping-off": 0.5 + 2 * w,
            }
            activity = pick(r, wts)
        else:
            wts = dict(zip(RESTORATIVE, RESTORATIVE_W, strict=True))
            if style:
                wts["nature"] *= 2.5
                wts["meditation"] *= 2.5
                wts["creative"] *= 2
            activity = pick(r, wts)
        chosen = r.random() < (0.92 if not numbing else 1 - (0.3 + 0.5 * w))
        median = 90.0 * (1 + w) if numbing else 50.0 * (2 if style else 1)
        minutes = int(clip(math.exp(r.gauss(math.log(median), 0.6)), 5, 900))
        before = self.state(lv.d)
        if not numbing:
            after = pick(
                r,
                {"connected": 0.9 if style else 0.7, "mobilized": 0.1, "shut-down": 0.1 + 0.3 * w},
            )
        elif tr.screens_fine and activity in ("screen-binge", "scrolling"):
            after = pick(r, {"connected": 0.6, "shut-down": 0.25, "mobilized": 0.15})
        else:
            after = pick(r, {"connected": 0.25, "shut-down": 0.5, "mobilized": 0.25})
        hour = r.uniform(8, 23) + (0.5 * tr.chronotype)
        if lv.night:
            hour = r.uniform(12, 20)
        self.records["solitude"].append(
            {
                "uid": self.uid(),
                "at": self.at(t, hour),
                "tz": self.tz(t),
                "activity": activity,
                "minutes": minutes if self.filled("minutes") else None,
                "chosen": chosen,
                "before": before if self.filled("before") else None,
                "after": after if self.filled("after") else None,
                "note": "",
            }
        )

    # --- routines, steps, sessions ------------------------------------------------------

    def make_routines(self) -> list[dict[str, Any]]:
        r = self.rng
        out = []
        for name, schedule, tod, anchor in r.sample(ROUTINES, self.traits.routines):
            out.append(
                {
                    "uid": self.uid(),
                    "name": name,
                    "schedule": schedule,
                    "time_of_day": tod,
                    "anchor": anchor,
                    "tz": self.home,
                    "active": True,
                    "created_at": self.at(0, 4.5 + r.uniform(0, 0.4)),
                }
            )
        self.routines = out
        return out

    def routine_day(
        self,
        t: int,
        wd: int,
        routines: list[dict[str, Any]],
        w: float,
        holiday: bool,
        sick: bool,
        logs: bool,
    ) -> None:
        if not logs:
            return
        r = self.rng
        names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        for rt in routines:
            sch = rt["schedule"]
            due = (
                sch == "daily"
                or (sch == "weekdays" and wd < 5)
                or (sch == "weekends" and wd >= 5)
                or names[wd] in sch.split(",")
            )
            if not due:
                continue
            p = 0.85 * (1 - 0.7 * w) * (0.3 if holiday else 1) * (0.4 if sick else 1)
            if r.random() < p and r.random() < 0.9:
                hh, mm = map(int, rt["time_of_day"].split(":"))
                hour = hh + mm / 60 + r.gauss(0, 0.4)
                if hour < 4.5:
                    hour += 24
                self.records["routine_done"].append(
                    {
                        "uid": self.uid(),
                        "routine": rt["uid"],
                        "at": self.at(t, hour),
                        "tz": self.tz(t),
                        "note": "",
                    }
                )

    def steps_day(self, t: int, logs: bool, w: float) -> None:
        if not (logs and self.traits.step_user):
            return
        r, story = self.rng, self.story
        phase = story.phase[t]
        if phase in ("drift", "isolated"):
            rate, level, done = 1 / 6, r.choice((1, 1, 2)), 0.3
        elif phase == "recovery":
            rate, level, done = 1 / 5, r.choice((2, 3, 3, 4, 5)), 0.7
        else:
            rate, level, done = 1 / 30, r.choice((3, 4, 5)), 0.6
        if r.random() >= rate:
            return
        planned = t + r.randint(0, 3)
        safe = [
            x for x in self.ties if not x.difficult and x.closeness > 0.5 and x.first <= t <= x.last
        ]
        person = r.choice(safe) if safe and r.random() < 0.5 else None
        if person:
            self.used.add(person.uid)
        status, done_at = "planned", None
        if planned < self.n:
            if r.random() < done:
                status, done_at = "done", self.at(planned, r.uniform(12, 21))
            elif planned < self.n - 1:
                status = "skipped"
        created = self.at(t, r.uniform(8, 11) if planned == t else r.uniform(19, 23))
        if done_at is not None and done_at < created:
            done_at = created
        self.records["steps"].append(
            {
                "uid": self.uid(),
                "title": STEP_TITLES[level],
                "level": level,
                "planned_for": self.day(planned),
                "status": status,
                "person": person.uid if person else None,
                "created_at": created,
                "done_at": done_at,
                "tz": self.tz(t),
                "note": "",
            }
        )

    def session_days(self) -> list[str]:
        story = self.story
        if story.therapy_from is None or self.rng.random() < 0.5:
            return []
        return [self.day(t) for t in range(story.therapy_from, self.n, 7)]

    # --- the export -----------------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        first_ref: dict[str, str] = {}
        for c in self.records["contacts"]:
            for u in c["people"]:
                if u not in first_ref or c["at"] < first_ref[u]:
                    first_ref[u] = c["at"]
        for section, key in (("boundaries", "at"), ("steps", "created_at")):
            for b in self.records[section]:
                u = b["person"]
                if u is not None and (u not in first_ref or b[key] < first_ref[u]):
                    first_ref[u] = b[key]
        opening = self.at(0, 4.5)
        people = []
        for x in self.ties:
            if x.uid in first_ref:
                created = opening if x.onboard and x.first <= 0 else first_ref[x.uid]
            elif x.onboard and x.first <= 0:
                created = opening
            else:
                continue
            people.append(
                {
                    "uid": x.uid,
                    "name": x.name,
                    "relation": x.relation,
                    "note": "",
                    "created_at": min(created, first_ref.get(x.uid, created)),
                }
            )
        people.sort(key=lambda i: (i["created_at"], i["uid"]))
        doc: dict[str, Any] = {
            "format": "ebbtide-export",
            "version": 1,
            "subject": {"code": self.code, "tz": self.tz(self.n - 1)},
            "people": people,
            "routines": sorted(self.routines, key=lambda i: (i["created_at"], i["uid"])),
        }
        for section, items in self.records.items():
            key = "created_at" if section == "steps" else "at"
            doc[section] = sorted(items, key=lambda i: (str(i[key]), str(i["uid"])))
        doc["assessments"] = []
        doc["therapy_sessions"] = [
            {"uid": self.uid(), "day": d, "note": ""} for d in sorted(self.sessions)
        ]
        doc["safety_plan"] = None
        settings: dict[str, str] = {}
        if self.away:
            away = sorted(self.away, key=lambda a: (a["from"], a["to"], a["note"]))
            settings["away_periods"] = json.dumps(away, ensure_ascii=False)
        doc["settings"] = settings
        return doc

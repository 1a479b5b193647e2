"""What a smartphone would passively record about a sim3 person, day by day.

Usage::

    from benchmarks.sim3 import simulate
    from benchmarks.sim3.phone import phone_days
    rows = phone_days(person, seed=1, outages=True)   # one dict per local day of the window

Each row has ``day`` (date), ``covered_h`` (hours with any phone data), ``calls_out``
(outgoing calls, None without a call log), ``texted`` (distinct people messaged, None without
a message log), ``people`` (distinct people in touch by call or message either way, None
without any log), ``gps_h`` (hours with location fixes, None when there is no fix that day)
and ``home_h`` (of those hours, the ones spent at home; None when GPS saw nothing).

Everything is driven by what the person lived, as far as a SimPerson exposes it: the number of
lived contacts per day (``lived_contacts``), the traits (work, shifts, remote work, live-in
partner, online-first, caregiver), lived events (breakup, job loss, relocations and moves,
care crises, therapy, sickness starts, stops of logging), retreats, and the non-drift day
labels "holiday", "sick" and "retreat" (plus the holidays a person marked as away). Drift,
isolated and recovery labels, drift onsets and the storyline kind are never read: withdrawal
reaches the phone only through fewer lived contacts (fewer calls, messages and outings).

Assumptions (chosen, not measured)
- Days are nominal 24 h local days from 04:00 (DST ignored). Hours are intervals in [4, 28).
- A day's lived contacts are split into the live-in partner (about 1.2-2.2 a day until a
  breakup; texted on 5-35 % of days, more on working days, almost never called), the
  dependent (caregivers, 2-3.5 a day; 55 % of caregivers visit, the rest live with them),
  colleagues (the working-day excess of lived contacts, estimated from the data; office and
  shift workers meet them in person, remote workers mostly on a laptop the phone misses),
  weekly therapy when it has started, and the rest: friends, family, neighbours, groups.
  Withdrawal therefore mostly removes the rest, as in sim3 (close people are avoided most).
- The rest splits into in-person and remote by a personal remote share (about 0.3; 0.75 for
  online-first people; +0.25 after a move, higher when sick). Remote contacts are calls,
  video calls or messages by personal affinities: 20 % never call, a few text constantly.
  Channels do not shift toward text with withdrawal (sim3 draws channels only when logging).
- Outgoing share of calls is personal (0.3-0.7); video calls reach the call log with a personal
  probability; messaging apps are captured with a personal probability (0.6-1). People also
  message and call outside the simulated social life (group chats, shops, services, work):
  personal Poisson backgrounds, independent of withdrawal, 2x for online-first people.
  Distinct people: repeated contacts within a day often go to the same person.
- Phones: 62 % full logs, 8 % calls only (texted None, people from calls), 30 % iOS-like (no
  call or message log: calls_out, texted and people None). Location exists on every phone.
- Coverage: personal daily chances of a phone-off day (sticky: a dead or forgotten phone often
  stays off a few days) and of a partial day (battery dies, late restart, a gap); a "dropout"
  stop of logging is a lost or broken phone 20 % of the time (2-10 days off); during
  retreats that look like phone-free retreats (contacts nearly gone) the phone is mostly off.
  Counts on partial days are thinned by the share of waking activity hours covered.
- Time at home: asleep at home; office and shift workers away for their shifts (8 h rotating,
  12 h for 4-on/4-off, night shifts across midnight); remote workers at an office one working
  day in five; errands and walks; an outing for most in-person contacts (grouped, ~2 h,
  evenings on working days); caregivers who visit are away 1-3 h; in-person therapy 1.5 h.
  Sick days: home all day. Holidays: 60 % are trips away (home_h 0). Retreats: away at a cabin
  or centre (55 % of retreats with few contacts, 40 % otherwise) or at home. Weekend trips
  happen at a personal rate scaled by that weekend's lived contacts. After a move the new
  home is not recognised for 2-7 days (home_h 0) and the move day is spent away.
- GPS with outages=True: 7 % deny location for good (gps_h None), stretches of days with
  location off start at a personal rate (1-30 days), and some days have GPS for only part
  of the covered time. With outages=False GPS covers exactly the covered hours. Both variants
  use the same random draws for everything else (GPS availability has its own stream).
- home_h carries measurement noise (geofence jitter, an occasional misclassified stretch) and
  is in observed hours, so home_h <= gps_h <= covered_h <= 24.
- Deterministic given (seed, person): streams are named by seed and the person's code and
  window, as in sim3.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .core import SimPerson
from .world import clip, poisson, stream

Interval = tuple[float, float]
DAY: list[Interval] = [(4.0, 28.0)]
KEYS = ("day", "covered_h", "calls_out", "texted", "people", "gps_h", "home_h")


# --- interval arithmetic over one local day ----------------------------------------------


def _union(iv: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for a, b in sorted((max(4.0, a), min(28.0, b)) for a, b in iv):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _intersect(x: list[Interval], y: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    i = j = 0
    x, y = _union(x), _union(y)
    while i < len(x) and j < len(y):
        a, b = max(x[i][0], y[j][0]), min(x[i][1], y[j][1])
        if a < b:
            out.append((a, b))
        if x[i][1] < y[j][1]:
            i += 1
        else:
            j += 1
    return out


def _minus(x: list[Interval], y: list[Interval]) -> list[Interval]:
    comp: list[Interval] = []
    last = 4.0
    for a, b in _union(y):
        comp.append((last, a))
        last = b
    comp.append((last, 28.0))
    return _intersect(x, comp)


def _measure(iv: list[Interval]) -> float:
    return sum(b - a for a, b in _union(iv))


def _activity(iv: list[Interval]) -> float:
    """Share of a day's phone activity (calls, messages) falling in the intervals."""
    waking = _intersect(iv, [(7.5, 24.5)])
    return clip((_measure(waking) + 0.1 * (_measure(iv) - _measure(waking))) / 17.9)


def _binom(rng: random.Random, n: int, p: float) -> int:
    if p >= 1:
        return n
    return sum(rng.random() < p for _ in range(n))


def _distinct(rng: random.Random, k: int, p_new: float) -> int:
    return 0 if k <= 0 else 1 + _binom(rng, k - 1, p_new)


# --- the person as the phone sees them ----------------------------------------------------


@dataclass
class _Profile:
    logs: str  # "full", "calls" or "none"
    p_call: float
    p_video: float
    out_share: float
    video_logged: float
    text_capture: float
    reply: float
    p_new: float
    bg_text: float
    bg_in: float
    bg_call: float
    remote_share: float
    partner_rate: float
    partner_text: float
    dep_rate: float
    dep_visits: bool
    therapy_inperson: bool
    coord_text: float
    venue_out: float
    errands: float
    walk: float
    trip_rate: float
    wake: float
    p_off: float
    off_stay: float
    p_partial: float


def _profile(rng: random.Random, online_first: bool) -> _Profile:
    r = rng.random()
    logs = "full" if r < 0.62 else "calls" if r < 0.70 else "none"
    never_calls = rng.random() < 0.2
    heavy_texter = rng.random() < 0.15
    bg = math.exp(rng.gauss(math.log(0.9), 0.8)) * (2.0 if online_first else 1.0)
    return _Profile(
        logs=logs,
        p_call=0.0 if never_calls else clip(rng.uniform(0.1, 0.45)),
        p_video=rng.uniform(0.02, 0.2) * (2.0 if online_first else 1.0),
        out_share=rng.uniform(0.3, 0.7),
        video_logged=rng.uniform(0.2, 0.9),
        text_capture=rng.uniform(0.6, 1.0),
        reply=rng.uniform(0.7, 0.97),
        p_new=rng.uniform(0.5, 0.85),
        bg_text=bg * (3.0 if heavy_texter else 1.0),
        bg_in=rng.uniform(0.2, 1.5),
        bg_call=0.0 if never_calls else math.exp(rng.gauss(math.log(0.4), 0.8)),
        remote_share=rng.uniform(0.65, 0.85) if online_first else rng.uniform(0.18, 0.45),
        partner_rate=rng.uniform(1.2, 2.2),
        partner_text=rng.uniform(0.05, 0.35),
        dep_rate=rng.uniform(2.0, 3.5),
        dep_visits=rng.random() < 0.55,
        therapy_inperson=rng.random() < 0.6,
        coord_text=rng.uniform(0.2, 0.7),
        venue_out=rng.uniform(0.55, 0.9),
        errands=rng.uniform(0.3, 1.3),
        walk=rng.uniform(0.0, 0.7),
        trip_rate=rng.uniform(0.0, 0.08),
        wake=rng.gauss(7.3, 0.6),
        p_off=math.exp(rng.gauss(math.log(0.01), 0.9)),
        off_stay=rng.uniform(0.2, 0.6),
        p_partial=rng.uniform(0.03, 0.25),
    )


def _schedule(person: SimPerson, labels: set[str], job_end: int) -> list[tuple[bool, str]]:
    """Per day (works, shift) with shift "day", "night", "evening" or "office"/"remote".

    A shift worker's rotation offset is not exported, so it is fitted to the lived contacts
    (colleague contacts make working days busier).
    """
    n = person.days
    wd0 = person.start.weekday()
    if "not-working" in labels:
        return [(False, "")] * n
    lived = person.lived_contacts

    def rotation(o: int, shift: str) -> list[tuple[bool, str]]:
        out = []
        for t in range(n):
            if shift == "4on4off":
                c = (t + o) % 16
                out.append((c % 8 < 4, "night12" if c >= 8 else "day12"))
            else:
                c = (t + o) % 21
                out.append((c % 7 < 5, "night" if 7 <= c < 14 else "day" if c < 7 else "evening"))
        return out

    if "shift-4on4off" in labels or "shift-rotating" in labels:
        shift = "4on4off" if "shift-4on4off" in labels else "rotating"
        best, best_gap = 0, -math.inf
        for o in range(16 if shift == "4on4off" else 21):
            sched = rotation(o, shift)
            on = [lived[t] for t in range(min(n, job_end)) if sched[t][0]]
            off = [lived[t] for t in range(min(n, job_end)) if not sched[t][0]]
            if on and off:
                gap = sum(on) / len(on) - sum(off) / len(off)
                if gap > best_gap:
                    best, best_gap = o, gap
        sched = rotation(best, shift)
    else:
        kind = "remote" if "remote-worker" in labels else "office"
        sched = [((wd0 + t) % 7 < 5, kind) for t in range(n)]
    return [(w and t < job_end, s) for t, (w, s) in enumerate(sched)]


def _runs(days: set[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for t in sorted(days):
        if out and t == out[-1][1] + 1:
            out[-1] = (out[-1][0], t)
        else:
            out.append((t, t))
    return out


def phone_days(person: SimPerson, seed: int, outages: bool) -> list[dict[str, Any]]:
    """One dict per local day of the person's window: what the phone recorded that day."""
    n, start = person.days, person.start
    name = ("sim3-phone", seed, person.code, start.isoformat(), n)
    rng = stream(*name)
    grng = stream(*name, "gps")
    labels = set(person.traits)
    online_first = "online-first" in labels
    live_in = "live-in-partner" in labels or "partner-silent" in labels
    caregiver = "caregiver" in labels
    prof = _profile(rng, online_first)
    lived = person.lived_contacts
    truth = person.truth

    def idx(d: date) -> int:
        return (d - start).days

    # Lived context, from events and the non-drift labels.
    partner_until = n
    job_end = n
    moves: set[int] = set()
    care_crisis: set[int] = set()
    therapy_from: int | None = None
    sick: set[int] = {t for t in range(n) if truth[t] == "sick"}
    off_forced: set[int] = set()
    move_from = n
    for d, what in person.events:
        t = idx(d)
        if what == "breakup" and live_in:
            partner_until = min(partner_until, t)
        elif what == "job-loss":
            job_end = min(job_end, t)
        elif what in ("relocation", "move"):
            moves.add(t)
            move_from = min(move_from, t)
        elif what == "care-crisis":
            care_crisis.update(range(t, min(n, t + rng.randint(60, 220))))
        elif what == "therapy":
            therapy_from = t
        elif what == "sick" and 0 <= t < n and truth[t] != "sick":
            sick.update(range(t, min(n, t + rng.randint(2, 8))))
        elif what == "dropout" and rng.random() < 0.2:
            off_forced.update(range(t, min(n, t + rng.randint(2, 10))))
    holiday: set[int] = {t for t in range(n) if truth[t] == "holiday"}
    away_json = person.export.get("settings", {}).get("away_periods")
    if away_json:
        for a in json.loads(away_json):
            if a.get("note") != "Retreat":
                a0, a1 = date.fromisoformat(a["from"]), date.fromisoformat(a["to"])
                holiday.update(range(max(0, idx(a0)), min(n, idx(a1) + 1)))
    holiday -= sick
    sched = _schedule(person, labels, job_end)

    # Colleague contacts per working day: the lived excess over days off.
    plain = [t for t in range(min(n, job_end)) if t not in holiday and t not in sick]
    on = [lived[t] for t in plain if sched[t][0]]
    off = [lived[t] for t in plain if not sched[t][0]]
    work_rate = 0.0
    if on and off:
        work_rate = max(0.2, 1.2 * (sum(on) / len(on) - sum(off) / len(off)))

    # Where the person sleeps: trips, retreats away, weekend trips.
    trip: set[int] = set()
    for a, b in _runs(holiday):
        if rng.random() < 0.6:
            trip.update(range(a, b + 1))
    retreat_days: set[int] = set()
    retreat_off: set[int] = set()
    typical = sorted(lived)[n // 2] if n else 0
    for r0, r1 in person.retreats:
        a, b = max(0, idx(r0)), min(n - 1, idx(r1))
        span = range(a, b + 1)
        retreat_days.update(span)
        mean = sum(lived[t] for t in span) / max(1, len(span))
        quiet = mean < 0.15 * max(1.0, typical)
        if rng.random() < (0.55 if quiet else 0.4):
            trip.update(span)
        if quiet and rng.random() < 0.5:
            retreat_off.update(span)
    for t in range(n - 1):
        if (start + timedelta(t)).weekday() != 5:
            continue
        if any(u in holiday or u in sick or u in retreat_days for u in (t, t + 1)):
            continue
        ratio = (lived[t] + lived[t + 1]) / (2 * max(1.0, typical))
        if rng.random() < prof.trip_rate * clip(ratio, 0.0, 2.0):
            trip.update((t, t + 1))
    unknown_home: set[int] = set()
    for t in moves:
        trip.add(t)
        unknown_home.update(range(t + 1, min(n, t + 1 + rng.randint(2, 7))))

    # GPS availability (its own stream, so outages change nothing else).
    gps_denied = outages and grng.random() < 0.07
    gps_start = math.exp(grng.gauss(math.log(0.008), 0.9))
    gps_partial = grng.uniform(0.02, 0.3)
    gps_left = 0

    rows: list[dict[str, Any]] = []
    off_yesterday = False
    night_before = False
    night_end = 6.0
    for t in range(n):
        day = start + timedelta(t)
        weekend = day.weekday() >= 5
        works, shift = sched[t]
        is_sick, is_hol = t in sick, t in holiday
        works = works and not is_hol and not is_sick and t not in retreat_days
        away_all = t in trip
        k = lived[t]

        # --- lived contacts, split by who they are with --------------------------------
        rem = k
        partner_k = 0
        if live_in and t < partner_until:
            lam = prof.partner_rate * (1.3 if is_hol else 1.0)
            if t in retreat_days and away_all:
                lam *= 0.3
            partner_k = min(rem, poisson(rng, lam))
            rem -= partner_k
        dep_k = 0
        if caregiver:
            lam = prof.dep_rate * (1.6 if t in care_crisis else 1.0) * (0.3 if is_hol else 1.0)
            dep_k = min(rem, poisson(rng, lam))
            rem -= dep_k
        work_k = min(rem, poisson(rng, work_rate)) if works else 0
        rem -= work_k
        therapy = 0
        if therapy_from is not None and t >= therapy_from and (t - therapy_from) % 7 == 0:
            therapy = min(rem, int(rng.random() < 0.9))
            rem -= therapy
        remote_share = prof.remote_share + (0.25 if t >= move_from else 0.0)
        remote_share = clip(remote_share + (0.35 if is_sick else 0.0) + (0.3 if away_all else 0))
        remote_k = _binom(rng, rem, remote_share)
        inperson_k = rem - remote_k

        # --- calls and messages ---------------------------------------------------------
        calls = videos = msgs = 0
        for _ in range(remote_k):
            u = rng.random()
            if u < prof.p_call:
                calls += 1
            elif u < prof.p_call + prof.p_video:
                videos += 1
            else:
                msgs += 1
        if caregiver and prof.dep_visits:
            calls += _binom(rng, dep_k, 0.1)
        calls += _binom(rng, partner_k, 0.02)
        if works and shift == "remote":
            videos += _binom(rng, work_k, 0.15)
        out_calls = _binom(rng, calls, prof.out_share)
        out_videos = _binom(rng, _binom(rng, videos, prof.out_share), prof.video_logged)
        calls_out = out_calls + out_videos + poisson(rng, prof.bg_call * (1.5 if works else 1.0))
        p_pt = prof.partner_text * (1.8 if works else 0.6) if live_in and t < partner_until else 0
        partner_texted = int(rng.random() < p_pt)
        work_texted = _distinct(rng, _binom(rng, work_k, 0.2 if shift != "remote" else 0.1), 0.7)
        coord = _binom(rng, inperson_k, prof.coord_text)
        sent = _binom(rng, msgs, prof.reply)
        social_texted = _distinct(rng, sent + coord, prof.p_new)
        unanswered = _distinct(rng, msgs - sent, prof.p_new)
        bg_texted = poisson(rng, prof.bg_text * (0.6 if away_all else 1.0))
        bg_inbound = poisson(rng, prof.bg_in)
        texted = partner_texted + work_texted + social_texted + bg_texted
        call_people = _distinct(rng, calls + videos, 0.8) + poisson(rng, 1.2 * prof.bg_call)
        call_only = _binom(rng, call_people, 0.6)
        inbound = unanswered + bg_inbound

        # --- where the person is ------------------------------------------------------
        away: list[Interval] = []
        wake = prof.wake + (1.2 if weekend else 0.0) + rng.gauss(0, 0.5)
        if night_before:
            away.append((4.0, night_end + rng.gauss(0, 0.3)))
        night_before = False
        night_end = 7.0 if shift == "night12" else 6.0
        if away_all:
            first = t - 1 not in trip
            last = t + 1 not in trip
            leave = rng.uniform(8, 13) if first else 4.0
            back = rng.uniform(14, 21) if last else 28.0
            away.append((leave, back))
        elif works:
            if shift in ("night", "night12"):
                away.append(((18.5 if shift == "night12" else 21.3) + rng.gauss(0, 0.2), 28.0))
                night_before = True
            elif shift == "day12":
                a = 6.3 + rng.gauss(0, 0.2)
                away.append((a, a + 13.0 + rng.gauss(0, 0.3)))
            elif shift == "day":
                a = 6.3 + rng.gauss(0, 0.2)
                away.append((a, a + 9.0 + rng.gauss(0, 0.3)))
            elif shift == "evening":
                a = 13.3 + rng.gauss(0, 0.2)
                away.append((a, a + 9.0 + rng.gauss(0, 0.3)))
            elif shift == "office" or rng.random() < 0.2:
                a = max(wake + 0.5, 7.8 + rng.gauss(0, 0.5))
                away.append((a, a + 9.7 + rng.gauss(0, 0.7)))
        free_from = 17.5 if works and shift in ("office", "day") else 10.0
        outings = 0 if is_sick else _distinct(rng, inperson_k, 0.55)
        for _ in range(outings):
            if rng.random() < prof.venue_out:
                a = rng.uniform(max(free_from, wake + 1), 21.5)
                away.append((a, a + clip(math.exp(rng.gauss(math.log(2.0), 0.5)), 0.5, 6)))
        if caregiver and prof.dep_visits and dep_k > 0:
            a = rng.uniform(max(wake + 1, 9), 19)
            away.append((a, a + rng.uniform(1, 3)))
        if therapy and prof.therapy_inperson:
            a = rng.uniform(10, 18.5)
            away.append((a, a + 1.5))
        errands = poisson(rng, prof.errands * (1.4 if weekend else 1.0) * (0.15 if is_sick else 1))
        for _ in range(errands):
            a = rng.uniform(wake + 0.5, 21)
            away.append((a, a + rng.uniform(0.3, 1.5)))
        if not is_sick and rng.random() < prof.walk:
            a = rng.uniform(wake, 21)
            away.append((a, a + rng.uniform(0.4, 1.5)))
        if is_sick and not away_all and rng.random() > 0.15:
            away = [iv for iv in away if iv[0] == 4.0]  # stayed in (a night shift's end stays)
        if t in unknown_home:
            away = DAY.copy()

        # --- the phone's coverage -------------------------------------------------------
        p_off = prof.off_stay if off_yesterday else prof.p_off
        if t in retreat_off:
            p_off = 0.75
        phone_off = t in off_forced or rng.random() < p_off
        off_yesterday = phone_off
        u = rng.random()
        cut_a, cut_b = rng.uniform(12, 27), rng.uniform(6, 16)
        gap_a = rng.uniform(6, 22)
        gap_b = gap_a + rng.uniform(1, 8)
        if phone_off:
            cover: list[Interval] = []
        elif u < prof.p_partial:
            kind = rng.random()
            if kind < 0.45:
                cover = [(4.0, cut_a)]
            elif kind < 0.75:
                cover = [(cut_b, 28.0)]
            else:
                cover = [(4.0, gap_a), (min(28.0, gap_b), 28.0)]
        else:
            cover = DAY.copy()
        share = _activity(cover)
        noise_j, mis, mis_h = rng.gauss(0, 0.25), rng.random() < 0.03, rng.uniform(0.5, 3)

        # --- GPS -------------------------------------------------------------------------
        gps: list[Interval] = cover
        if outages:
            if gps_left > 0:
                gps_left -= 1
                gps = []
            elif grng.random() < gps_start:
                gps_left = int(clip(math.exp(grng.gauss(math.log(5), 0.9)), 1, 30)) - 1
                gps = []
            elif grng.random() < gps_partial:
                a = grng.uniform(4, 24)
                gps = _minus(cover, [(a, a + grng.uniform(2, 14))])
            if gps_denied:
                gps = []
        seen = _intersect(cover, gps)
        gps_h: float | None = round(_measure(seen), 2)
        home_h: float | None = None
        if not gps_h or gps_h < 0.25:
            gps_h = None
        else:
            home = _measure(_minus(seen, away))
            frac = gps_h / 24.0
            home += noise_j * math.sqrt(frac) - (mis_h * frac if mis else 0.0)
            home_h = round(clip(home, 0.0, gps_h), 2)

        # --- what the logs show ------------------------------------------------------------
        covered_h = round(_measure(cover), 2)
        row: dict[str, Any] = {
            "day": day,
            "covered_h": float(covered_h),
            "calls_out": None,
            "texted": None,
            "people": None,
            "gps_h": gps_h,
            "home_h": home_h,
        }
        thin_calls = _binom(rng, calls_out, share)
        thin_callers = _binom(rng, call_only, share)
        thin_call_people = _binom(rng, call_people, share)
        thin_texted = _binom(rng, texted, share * prof.text_capture)
        thin_inbound = _binom(rng, inbound, share * prof.text_capture)
        if not phone_off and prof.logs != "none":
            row["calls_out"] = float(thin_calls)
            if prof.logs == "full":
                row["texted"] = float(thin_texted)
                row["people"] = float(thin_texted + thin_inbound + thin_callers)
            else:
                row["people"] = float(thin_call_people)
        rows.append(row)
    return rows

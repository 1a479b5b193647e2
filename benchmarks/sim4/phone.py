"""sim4's phone layer: what a phone would have seen of each lived day.

``phone_days(person, seed, outages)`` gives one dict per local day::

    {"day": date, "covered_h": float, "calls_out": int | None, "texted": int | None,
     "people": int | None, "gps_h": float | None, "home_h": float | None}

Driven by the lived life (``person.life``), never by the diary:

- Calls out: the lived calls and video calls the person started (or both started), plus
  non-social calls (shops, services, the doctor: Poisson 0.25 a day, more when sick).
  Withdrawal lowers them through the lived life, where it makes the person start fewer
  contacts and leave more to others.
- Texted: distinct people the person messaged (lived texts and social messages not
  started only by the other side), plus now and then a group chat member.
- People: distinct people in touch by call, video, text or social either way, plus unknown
  numbers (Poisson 0.2).
- GPS: a personal share of covered hours carries fixes (0.55-0.95); home hours are the
  covered GPS hours minus time out. Time out is work away from home, in-person contacts
  away from home and errands, which withdrawal cuts; cabin retreats and holidays are
  spent away (home near zero; 30% of people spend their holidays at home), sick days at
  home.
- With ``outages=True``: phone-off days (a personal 1-4% a day, runs of 1-3 days: every
  field but ``day`` and ``covered_h`` = 0 is None), partial days (battery, airplane mode:
  6-20 h covered, counts thinned in proportion), GPS outages (a personal 2-10% of days
  with no fixes: gps_h and home_h None) and a few weeks where location permission was
  off. With ``outages=False`` every day is covered for 24 h and the values are those the
  same draws give without any outage: the same seed gives the same underlying day.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim4.core import SimPerson


def _thin(rng: np.random.Generator, value: int, share: float) -> int:
    return int(rng.binomial(value, min(1.0, max(0.0, share)))) if value else 0


def phone_days(person: SimPerson, seed: int, outages: bool) -> list[dict[str, Any]]:
    """One phone row per local day of ``person``'s window (see the module docstring)."""
    life = person.life
    index = int(life.get("index", 0))
    base = np.random.default_rng([44, seed, index, person.days, person.end.toordinal()])
    gaps = np.random.default_rng([45, seed, index, person.days, person.end.toordinal()])
    gps_share = float(base.uniform(0.55, 0.95))
    stays_home = bool(base.random() < 0.3)  # holidays spent at home ("staycations")
    off_rate = float(gaps.uniform(0.01, 0.04))
    gps_off_rate = float(gaps.uniform(0.02, 0.10))
    no_location: tuple[int, int] | None = None
    if gaps.random() < 0.2:
        a = int(gaps.integers(0, person.days))
        no_location = (a, a + int(gaps.integers(7, 29)))
    rows: list[dict[str, Any]] = []
    off_left = 0
    for i, day_life in enumerate(life["days"]):
        day = person.day(i)
        # the underlying day: the same draws whatever ``outages`` says
        contacts = day_life["contacts"]
        sick = bool(day_life["sick"])
        calls_out = sum(
            1 for _u, ch, ini, _h in contacts if ch in ("call", "video") and ini in ("me", "both")
        ) + int(base.poisson(0.25 + (0.5 if sick else 0)))
        texted_people = {
            u for u, ch, ini, _h in contacts if ch in ("text", "social") and ini != "them"
        }
        texted = len(texted_people) + int(base.random() < 0.1)
        touched = {u for u, ch, _ini, _h in contacts if ch != "in-person"}
        people = len(touched) + int(base.poisson(0.2))
        away_all = (bool(day_life["holiday"]) and not stays_home) or day_life["retreat"] == 1
        out_h = 24.0 - float(base.uniform(0, 2)) if away_all else float(day_life["out_h"])
        if sick:
            out_h = min(out_h, float(base.uniform(0, 0.7)))
        gps_h = 24.0 * gps_share * float(base.uniform(0.9, 1.0))
        home_h = max(0.0, gps_h - out_h * gps_share)
        covered = 24.0
        row: dict[str, Any] = {
            "day": day,
            "covered_h": covered,
            "calls_out": calls_out,
            "texted": texted,
            "people": people,
            "gps_h": round(gps_h, 2),
            "home_h": round(home_h, 2),
        }
        # the outages: their own stream, drawn every day so that both variants agree
        u_off, u_part, u_gps = gaps.random(), gaps.random(), gaps.random()
        part_h = float(gaps.uniform(6, 20))
        run = int(gaps.integers(1, 4))
        if outages:
            if off_left == 0 and u_off < off_rate:
                off_left = run
            if off_left > 0:
                off_left -= 1
                row.update(covered_h=0.0, calls_out=None, texted=None, people=None)
                row.update(gps_h=None, home_h=None)
                rows.append(row)
                continue
            if u_part < 0.06:
                share = part_h / 24.0
                row["covered_h"] = round(part_h, 2)
                row["calls_out"] = _thin(gaps, calls_out, share)
                row["texted"] = _thin(gaps, texted, share)
                row["people"] = _thin(gaps, people, share)
                row["gps_h"] = round(gps_h * share, 2)
                row["home_h"] = round(home_h * share, 2)
            located = not (no_location and no_location[0] <= i < no_location[1])
            if u_gps < gps_off_rate or not located:
                row["gps_h"] = None
                row["home_h"] = None
        rows.append(row)
    return rows

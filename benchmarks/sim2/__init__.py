"""sim2: an independent simulator of self-logged social lives, for testing drift detection.

Usage::

    from benchmarks.sim2 import simulate, SimPerson
    people = simulate(n_people=300, days=400, seed=7, end=date(2026, 11, 21))
    p.export, p.truth, p.kind, p.onsets, p.ends, p.start, p.end, p.tz, p.code
    p.retreats, p.moves, p.events, p.summary()   # extras; LABELS lists the truth labels

    python -m benchmarks.sim2 -o DIR --people N --days D --seed S [--end YYYY-MM-DD]

Assumptions (written independently of ebbtide's own demo data and detector):

World
- One shared "social weather" series for everybody: a summer-high seasonal cosine, an
  AR(1) drift (phi 0.92) and a few shared shocks of a few days to two weeks (storms,
  festivals), identical for all people and both hemispheres. Contact rates follow it with
  a person-specific sensitivity. A shared flu season (peak early February plus one random
  outbreak) raises everyone's hazard of falling sick. Dec 20 - Jan 2 is festive (+25%).
- Home zones are weighted IANA zones with DST in both hemispheres, no DST, half- and
  quarter-hour offsets and a 30-minute DST shift (Lord Howe). A third of holidays are
  spent in another zone (records carry the zone lived in); about 3% of people are
  "movers" and a few others also move: one or two moves to a new home zone, after which
  the old circle is reachable only remotely and new colleagues/friends appear.
- A local day runs from 04:00 to 04:00 (ebbtide's convention): a 1 a.m. check-in is
  stamped with the next calendar date but belongs to, and is labelled as, the day before.

Lived life (what happens) is simulated separately from logging (what gets written down).
- Contacts per day are negative binomial (shape 0.7-3.5, so over-dispersed) around a mean
  that multiplies a personal base rate, a weekday profile, exp(weather + personal AR(1)
  noise), and the phase effects below; add bursty days (parties, gatherings) with 2-5
  people at once. Who is met is drawn from a personal circle (partner, family, friends,
  colleagues only on working days, neighbours, groups, acquaintances) with Zipf-like
  weights; about 12% of circles hold a "difficult" person with low felt safety.
- Channels, minutes, initiative, safety, reciprocity, authenticity and before/after
  states depend on the person met and the phase. Solitude events are negative binomial
  too, restorative (rest, nature, reading, ...) or numbing (scrolling, screen binges,
  sleeping off, overworking), with a personal base share of numbing; a quarter of people
  feel fine after screens.
- Ordinary life is noisy: "bad weeks" (withdrawal bumps up to 0.3 lasting 3-10 days),
  a mild winter low for a quarter of people, sickness (2-10 days, fewer contacts, rest
  and sleeping off, shut-down states), holidays (colleagues vanish, family rises, less
  logging). None of these are drift.

Phases (truth labels, one per local day, precedence from first to last)
- "drift" / "isolated" / "recovery": a latent withdrawal z in [0, 1] drives everything.
  Gradual drifts ramp over 2-20 weeks (linear, accelerating, decelerating, in stairs or
  wavering), plateau, and recover in 65% of cases when the window leaves room; about 30% are
  long (6+ months), so many drifts are still open at the end of the window.
  A quarter of gradual drifters relapse into a second episode. Abrupt drifts follow a
  loss (with a week of family rallying round first), a breakup, a conflict (logged as a
  refused or punished boundary; the person often leaves the circle) or a job loss, and
  jump to z 0.5-0.95 within days, then hold, deepen or ease; 70% recover. The onset is
  the first day of the ramp or the day of the blow; an end is the first day of recovery
  (None if the drift outlasts the window). "isolated" marks drift days where the 7-day
  mean of z stays >= 0.7 for at least 10 days. "recovery" lasts while z decays
  exponentially back below 0.12. Under z: contact rate x (1 - 0.55..0.92 z); close people
  are avoided most; channels shift to text/social; minutes shorten; safety, reciprocity
  and authenticity fall; "them" initiates more; numbing and unchosen solitude rise and
  last longer; check-in states shift toward shut-down and mobilized (and fawning for
  fawners), energy falls, "avoiding" rises; evening check-ins slide later; logging thins
  for most people but rises for some who journal to cope; steps are planned (and often
  skipped) in drift and climb the ladder in recovery; some start therapy.
- "retreat": chosen restorative solitude, 3-28 days (median 9), 1-3 times for
  retreaters, once for 10% of never-drifters. Contacts x 0.3-0.6, restricted to the
  safest and closest; solitude doubles and turns restorative (nature, meditation,
  reading, creative), "need-solitude" dominates, states calm, energy rises over the
  retreat, reflections are more frequent.
- "dropout": life continues normally but nothing (or very little) is logged. Dropout
  people (10%) stop for good, thin to 6-22% of their logging, or vanish for 2-10 weeks
  and come back; logging fades over the month before. Everyone else has short lapses
  (2-30 days) at a personal hazard that rises with withdrawal for those who log less when
  low; lapses inside a drift are labelled drift, not dropout.
- "sick", "holiday", then "ordinary".

Logging
- A day is a logging day by a sticky Markov chain (lag-1 persistence 0.2-0.7) whose
  stationary rate is personal engagement x fatigue (exponential decay to a floor of
  0.25-1.0 over ~1-6 months) x a novelty boost in the first weeks x slow motivation
  swings x phase effects. Nothing is logged on other days, except that some contacts are
  back-filled the next day.
- On a logging day: one or two check-ins, each lived contact logged with a personal
  recall probability (in person > call/video > text > social), longer solitude more often
  than short, occasional boundaries, routine completions, reflections, steps. A personal
  cap of 3-6 items per day (check-ins first) bounds the day to 0-6 items. Optional fields
  (minutes, safety, states, appetite, energy, body signals, notes) are filled at personal
  rates, so many are null.

Mix (largest-remainder rounding, shuffled): 45% never-drift, 20% gradual-drift, 10%
abrupt-drift, 12% retreat, 10% dropout, 3% mover (a never-drift life with moves).
Windows shorter than 60 days are refused. Everything is reproducible from the seed; each person has an independent stream, and
the world has its own.
"""

from .core import LABELS, SimPerson, simulate

__all__ = ["LABELS", "SimPerson", "simulate"]

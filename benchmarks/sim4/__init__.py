"""sim4: a fourth independent simulator of self-logged social lives, for testing drift detection.

Usage::

    from sim4 import simulate, SimPerson, LABELS
    people = simulate(n_people=300, days=400, seed=7, end=date(2026, 11, 21))
    p.export, p.truth, p.kind, p.onsets, p.ends, p.start, p.end, p.days, p.day(i), p.tz, p.code
    p.retreats, p.moves, p.events, p.drifting(), p.summary(), p.traits, p.lived_contacts, p.logged
    p.life          # sim4 extra: the hidden daily life, read by sim4.phone.phone_days

    python -m sim4 -o DIR --people N --days D --seed S [--end YYYY-MM-DD] [--phone]

(with ``benchmarks`` on ``PYTHONPATH``) writes one ebbtide export per person
(``sim4-0001.json`` ...) and ``truth.json`` (seed, days, end, every person's ``summary()``);
``--phone`` also writes ``phone.json`` (rows per person, with outages). Each export is
accepted by ``ebbtide import``.

Written without looking at ebbtide's insights, demo data, evaluation code or the sim2/sim3
implementations; only sim3's interface and the assumptions in its docstring were read, so
that these could be chosen differently where that is reasonable.

Contacts (lived)
- A circle of ties (partner 50%, 1-4 family, 1-7 friends, colleagues for 75%, neighbours, a
  group for 40%, acquaintances; 55% of family and friends live far away and are reached by
  call, video, text and social media). 12% have one difficult person (low felt safety,
  boundaries dismissed, refused or punished).
- Per tie and day the count is negative binomial (gamma-Poisson with a personal shape
  0.4-3: some lives are bursty, some steady), not self-exciting. A personal day-of-week
  profile ("weekend-social" 45%, "weekday-social" 30%, flat 25%) shapes every tie but work.
- Tie strength is a slow state (0.2-1.5, start 1): it decays 3% a day and is refilled by
  contact relative to that tie's usual rate, and scales the tie's rate (0.4 + 0.6 x
  strength). Withdrawal therefore weakens the network, and the network stays thin for a
  while after the person recovers.
- No regional shocks and no seasons: the nuisance is personal (an AR(1) wobble of
  withdrawal around a baseline of 0-0.1, "low weeks" of 3-10 days peaking at 0.15-0.38
  about every 75 days, sickness, holidays, busy spells, moves).
- Social reach is lognormal (median 1 relative to the tie rates, sd 0.55 in logs: several
  contacts a day for some); "low-contact" people live about one contact every few days to a
  week, with no drift at all.
- Shift workers (10% of the employed) work 4 days on / 4 off whatever the weekday.

Withdrawal w in [0, 1] and how it shows
- Contact rates fall as exp(-avoid x w x (0.3 + closeness)): close ties are avoided most;
  colleagues follow work days (and fall a little), a partner falls by half at most. Withdrawal moves in-person
  contact to text, lowers the share the person starts (me 45% -> 11%), and shifts contacts
  and check-ins later in the day.
- "Quiet" drift (kind quiet-drift): avoid is small (0.3-0.8 instead of 1.6-3.2), so contacts
  go on, but they feel unsafe: felt safety, reciprocity and authenticity fall, contacts
  leave the person shut down, planned steps are skipped more. Everybody has some of this
  quality channel (0.15-0.6, 0.7-1.0 for quiet drifters).
- Escape-type solitude: a personal escape weight 0.1-0.9 raises the numbing share of time
  alone (screens, scrolling, overworking, over-organizing, sleeping off) with w; numbing is
  more often unchosen and leaves the person shut down. Time alone itself rises with w.
- Check-ins: shut-down rises with w (0.08 + 0.65 w), mobilized for the 30% "mobilizers",
  fawning for 10% "fawners"; intensity up, energy down; appetite "avoiding" and
  "need-solitude" when withdrawn. Routines are done less and later.

Storylines (``kind``) and truth labels, from the lived life only
- gradual-drift: a linear ramp from the onset over 15-80 days to a plateau of 0.45-0.95;
  75% would turn (hold = ramp + geometric, mean 30 days) if the window lasts; others stay open.
- abrupt-drift: a blow takes w to 0.55-0.97 within 1-3 days; 70% would turn after 14-100
  days. The blow changes the circle: bereavement (family rallies x3 for a week), breakup
  (the partner leaves), job loss (colleagues vanish), conflict (a friend becomes difficult
  and all but leaves), burnout (2-8 weeks off work).
- quiet-drift: a gradual ramp to 0.4-0.8, expressed in quality more than quantity.
- 20% of drifters have a second episode at least 30 days after the first recovery.
- Recovery is an exponential decay of w (half-life 4-20 days), not a linear climb; it is
  labelled until w < 0.12. Onsets fall between day 60 and 30 days before the end.
- retreat: 1-3 chosen retreats (lognormal, median 10 days, 3-40): "cabin" (away from home,
  very little contact, often marked as an away period), "homebody" (closest people only) or
  "silent" (almost no logging). Check-ins are calm, appetite need-solitude, solitude
  restorative and chosen; some write "A few quiet days for myself" on the first day; w is
  halved for two weeks after (the retreat refuels). 6% of never-drift and movers have one.
- dropout: stops logging for good (60%) or for 2-9 weeks, logging halving over the week
  before; 5% of everybody else has a 1-3 week gap (lost phone). Both are labelled dropout
  (below the life labels).
- busy-not-isolated: a 2-6 month busy spell: colleagues x1.6 on work days, friends x0.3,
  little time alone, less logging, more mobilized check-ins. Labelled ordinary.
- low-contact: ordinary life with very few contacts. mover: ordinary life with a move to
  another zone (local friends fall to a quarter; 4% of the others move too).
- never-drift: none of the above.
- Sickness (2-6 days, about every 4 months; contacts x0.35 except the partner) and holidays
  (5-16 days, about every 5 months; family and partner x2, others x0.4) for everybody,
  except that holidays are removed from drift episodes.
- Labels, first match wins: "isolated" (drift days in a run of at least 10 consecutive days
  with w >= 0.8), "drift" (onset to the turning point), "recovery", "retreat", "sick",
  "holiday", "dropout" (not logging by decision), "ordinary". An onset is the first drift
  day, an end the first recovery day (None while open).

The diary (what is written down)
- The chance of logging a day is logistic in a personal base (beta(4,2); a quarter of it
  for 12% sparse loggers), a slow AR(1) engagement, a weekday-only habit (20%), holidays,
  sickness, busy spells, silent retreats, and withdrawal: "thins" loggers (55%) log much
  less as w rises (-3 w on the logit) but what they still log shows the shut-down states,
  "steady" (30%) are unmoved, "reaches" (15%) log more.
- 15% are check-in-only loggers: contacts recalled at 4% and only on a fifth of days.
  Others recall in-person 85%, calls 75%, texts 20%, social 8% of their personal recall
  (0.35-0.95); half never log their partner; colleagues are logged at a third. A cap of
  2-8 contacts a day.
- Optional fields are filled at a personal rate (0.3-1.0). Boundaries about one day in 20,
  steps (planned in drift at rungs 1-2, recovery at 2-5, done or skipped), reflections rare.
- 45% mark their holidays and cabin retreats as away periods (``settings.away_periods``).

Mix by largest-remainder rounding, shuffled: never-drift 35%, gradual-drift 13%,
abrupt-drift 10%, quiet-drift 7%, retreat 12%, dropout 8%, busy-not-isolated 5%,
low-contact 5%, mover 5%. Zones include DST in both hemispheres, none, and half/quarter
hours (Kolkata, Kathmandu, Adelaide); a local day runs 04:00-04:00. Windows shorter than 90
days are refused. Each person draws from an independent numpy stream named by (seed, index,
window); nothing depends on hash order or on other people.
"""

from sim4.core import DRIFT_LABELS, KINDS, LABELS, SimPerson, simulate

__all__ = ["DRIFT_LABELS", "KINDS", "LABELS", "SimPerson", "simulate"]

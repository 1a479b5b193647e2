"""sim3: a second independent simulator of self-logged social lives, for testing drift detection.

Usage::

    from benchmarks.sim3 import simulate, SimPerson
    people = simulate(n_people=300, days=400, seed=7, end=date(2026, 11, 21))
    p.export, p.truth, p.kind, p.onsets, p.ends, p.start, p.end, p.days, p.day(i), p.tz, p.code
    p.retreats, p.moves, p.events, p.drifting(), p.summary()   # as in sim2; LABELS as sim2's
    p.traits, p.lived_contacts, p.logged                       # extras: who they are, what
                                                               # happened, which days have entries

    python -m benchmarks.sim3 -o DIR --people N --days D --seed S [--end YYYY-MM-DD]

writes one ebbtide export per person (``sim3-0001.json`` ...) and ``truth.json`` (seed, days,
end and every person's ``summary()``). Each export is accepted by ``ebbtide import``.

Written without looking at ebbtide's insights, demo data, evaluation code or sim2's
implementation; only sim2's interface was copied. The assumptions below are chosen to differ
from sim2's where that is reasonable, so that a detector tuned on one is tested on another.

World
- No global "social weather". Each time zone is a region with its own shared shocks (storms,
  heat and smoke that keep people in and raise messaging; festivals and fine spells that raise
  meeting; local outbreaks that lower both), a few days long, about every six weeks; people in
  different zones live through different ones.
- Seasons follow the hemisphere of the home zone (southern summers in January; tropical zones
  have none). In-person contact rises mildly in summer for everybody. A "seasonal low" (more
  likely at high latitude: Helsinki, London, St John's ...) deepens distress and cuts in-person
  contact in the local winter; it is ordinary life, never a label by itself.
- Zones include DST in both hemispheres, none, half/quarter-hour offsets and Chatham's +12:45.
  A local day runs 04:00-04:00 (ebbtide's convention); records are stamped with the zone lived
  in, and the few people who move (relocations) change zone from the move onward; the export's
  ``subject.tz`` is the zone lived in at the end of the window.

Lived life (what happens), simulated separately from the diary (what is written down)
- A circle of ties: a live-in partner (40%) or a partner elsewhere, family (half far away,
  phone and video only), friends (local, far away, or online-only: 70% of friends for the 10%
  "online-first" people, reached by text, social media and video), colleagues on working days,
  neighbours, weekly groups (a choir, or a Discord server for online-first people),
  acquaintances, later a therapist for some. 15% have one difficult person (low felt safety,
  boundaries refused or punished).
- Contacts per tie follow a discrete-time Hawkes (self-exciting) process: a baseline rate times
  the day's modifiers, plus an excitation that each contact adds (branching ratio 0-0.55,
  decaying over one to three days), so conversations come in threads and bursts. Weekly groups
  and therapy are a Bernoulli chance on their own weekday.
- The personal routine switches between three hidden regimes (settled / busy / scattered) by a
  sticky Markov chain (a regime lasts weeks to months): busy means more colleagues, fewer
  friends, less time alone, less logging; scattered means more social contact.
- Work: 80% employed, 25% of office workers remote (colleagues by video and text). 14% of the
  employed are shift workers, "4 on / 4 off" alternating day and night blocks, or a 21-day
  rotation through day, night and evening shifts, whatever the weekday: night-shift contacts
  fall between 22:00 and 03:30 and their check-ins at odd hours.
- Caregivers (7%, plus every "busy-not-isolated" person) look after a dependent every day:
  two to three short, low-reciprocity in-person care contacts, little time alone, higher
  distress, fewer friends - busy, not isolated, and labelled ordinary.
- Time alone is Poisson per day, more under withdrawal and in retreats, less for caregivers and
  busy regimes; restorative (rest, nature, meditation, creative work, reading, movement,
  music, cooking) or numbing (screens, scrolling, over-organizing, overworking, sleeping off)
  with a personal base share of numbing that rises with withdrawal; 20% feel fine after
  screens. Sickness forces rest and sleeping off.
- Ordinary noise that is not drift: rough patches (3-12 days of shallow withdrawal, every two
  months or so), sickness (winter-weighted, 2-8 days, fewer contacts except the partner),
  holidays (summer and the year's end likelier; colleagues vanish, family and partner rise).

Storylines (``kind``) and truth labels, from the lived life only
- Withdrawal w in [0, 1] drives contact rates (close people are avoided most; colleagues,
  partners and dependents less), channels (away from in-person toward text and social),
  minutes, initiative, felt safety, reciprocity, authenticity, after-states, numbing solitude,
  check-in states (shut-down and mobilized, fawning for the fawn-prone), energy and appetite,
  and later evening check-ins.
- gradual-drift: a logistic slide from the onset (time constant 3-20 days, so the slide takes
  three weeks to four months) to a plateau of 0.45-0.95; 65% meet a turning point (a daily
  chance of 1/45 once the slide is done); otherwise the drift is still open at the end.
- seasonal-drift: the slide starts in local autumn, slowly (8-20 day constant, shallow
  0.4-0.75), in a person who also has a seasonal low, so it hides inside the winter dip; the
  turning point mostly comes with spring.
- abrupt-drift: a blow (loss - with a week of family rallying round -, breakup - the partner
  leaves the circle -, conflict - a friend becomes difficult and leaves -, job loss -
  colleagues vanish -, or relocation - a move to another zone: local ties become remote or end,
  new colleagues and neighbours appear over months) jumps w to 0.5-0.95 within days; it then
  holds, deepens or eases; 70% turn after two weeks or more.
- relapsing-drift: a gradual drift, a recovery, and a second, faster slide at least a month later.
- retreat-into-drift: a chosen retreat (8-20 days) that does not end well: the day after it
  ends, a drift begins from an already low level.
- retreat: 1-3 chosen restorative retreats (4-45 days, median 12): "silent" (almost no contact
  and almost no logging), "cabin" (little contact, some logging) or "homebody" (only the
  closest and safest people); states calm, solitude restorative, need-solitude dominates.
  These are built to look like a drift in contact counts. 6% of everybody else has one too.
- dropout: life goes on but the person stops logging - for good (60%) or for two to nine
  weeks - with logging fading over the two weeks before; 8% of the others have one 10-25 day
  stop (a lost phone, a busy month).
- busy-not-isolated: a sudden heavy caregiving load for two to seven months (friends fall by
  two thirds, the dependent every day), which is ordinary life, not drift.
- never-drift: none of the above (5% of them move to another zone, happily).
- Labels, first match wins: "isolated" (drift days inside a run of at least 14 days with
  w >= 0.72), "drift" (onset to the turning point), "recovery" (from the turning point while a
  linear climb back over 2-8 weeks keeps w above 0.1), "retreat", "sick", "holiday",
  "dropout" (a decided stop of logging while life is otherwise ordinary), "ordinary". An onset
  is the first drift day; an end is the first recovery day, None while the drift is open.
  Onsets fall between day 30 and 20 days before the end, so there is a baseline. 40% of
  drifters start therapy a few weeks in (weekly sessions; half record them).

The diary (what is written down)
- The wish to log each day is a logistic function of a personal base rate, a self-exciting
  habit (logging yesterday makes today likelier), a novelty boost in the first weeks, fatigue
  that sets in over one to seven months, the busy regime, and distress. How distress moves it
  is personal: most people log less when low, "bad-days" loggers (15%) log much more when
  low (and write more items then), "good-days" loggers (8%) mostly when things are fine.
  "sparse" loggers (15%) write on 5-20% of days. "batch" loggers (8%) write once a week,
  back-filling the past week's contacts and boundaries from memory (recall fading by 20% a
  day) but with only that day's check-in. Holidays, sickness and retreats thin logging.
- On a logging day: one or two check-ins, then lived contacts each written with a probability
  that depends on the channel (in person and calls far more than texts and social media), a
  personal recall, and the tie: 60% of people who live with a partner almost never log them
  ("partner-silent"); caregivers log only some care visits. A personal cap of 2-9 items a day
  bounds the rest. Two in-person contacts are sometimes logged as one gathering. Time alone,
  boundaries (salient, usually written), routine completions, steps (planned in drift, higher
  rungs in recovery; done, skipped or still planned) and reflections follow. Optional fields
  are filled at personal rates, so many are null; notes are rare and short.
- 40% mark their holidays (and some cabin or silent retreats) as away periods
  (``settings.away_periods``), as the app lets them.

Mix by largest-remainder rounding, shuffled: never-drift 35%, gradual-drift 14%, seasonal-drift
8%, abrupt-drift 10%, relapsing-drift 5%, retreat 12%, retreat-into-drift 5%, dropout 8%,
busy-not-isolated 3%. Windows shorter than 60 days are refused. Everything is reproducible from
the seed: each person has an independent random stream named by (seed, index, window) and each
zone's shocks another; nothing depends on hash order or on other people.
"""

from .core import LABELS, SimPerson, simulate

__all__ = ["LABELS", "SimPerson", "simulate"]

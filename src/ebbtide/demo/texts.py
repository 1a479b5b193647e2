"""Demo wording: names, notes and reflection answers, written for ebbtide."""

from __future__ import annotations

NAMES = (
    ("Sam", "friend"),
    ("Lea", "family"),
    ("Noor", "friend"),
    ("Jonas", "colleague"),
    ("Priya", "friend"),
    ("Teo", "family"),
    ("Ines", "friend"),
    ("Malik", "colleague"),
    ("Ruth", "neighbour"),
    ("Ada", "friend"),
    ("Omar", "friend"),
    ("Kim", "colleague"),
)

DEPLETING = ("Mara", "family")
GROUPS = (("a neighbour", "neighbour"), ("the choir", "group"))

CHECKIN_NOTES = (
    "slept badly",
    "long day at work",
    "quiet morning",
    "felt lighter after the walk",
    "kept replaying the conversation",
    "sun was out",
    "did not want to answer the phone",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
)

REFLECTIONS = (
    "Walking by the river on Sunday. Nobody needed anything from me and I came back softer.",
    "I skipped the birthday. I think I was protecting myself from being asked how I am.",
    "Sam. He did not try to fix anything, he just stayed on the call.",
    "With Mara it always ends with me apologising. I am tired of shrinking.",
    "I asked for a quieter evening and it was brushed off. My jaw was tight for hours.",
    "I noticed I wanted to call someone, then talked myself out of it.",
    "My chest gets tight a day before I cancel plans.",
    "Sending one message to Lea feels possible. Just one line.",
    "Music, cooking something slow, the window open.",
    "I said no to the extra shift and the world did not end.",
    "Lighter after coffee with Noor. Heavier after the family call.",
    "That it makes sense to be tired, and that small is enough.",
)

STEP_TITLES = (
    (1, "Send Lea a two-line message"),
    (1, "Reply to Noor's photo"),
    (2, "Say more than hello to the neighbour"),
    (2, "Stay five minutes after choir"),
    (3, "Call Sam for ten minutes"),
    (3, "Video call with Lea on Sunday"),
    (4, "Coffee with Noor, somewhere easy to leave"),
    (4, "Walk with Sam by the river"),
    (5, "Tell Sam the last weeks were hard"),
)

ROUTINES = (
    ("Out of bed by 8", "daily", "08:00", "out-of-bed"),
    ("Morning message to Lea", "daily", "10:00", "first-contact"),
    ("Evening walk", "daily", "19:30", "other"),
    ("Friday dinner with Sam", "fri", "19:00", "dinner"),
    ("Lights out by 23:30", "daily", "23:30", "bed"),
)

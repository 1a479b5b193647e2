"""The vocabularies of ebbtide: stable codes with human labels, all in one place.

Codes are what the store, exports and the command line use; they never change once
shipped. Labels are what a person reads and may be reworded freely.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ebbtide.domain.errors import ValidationError, shown


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of a vocabulary: a stable code and the words a person sees."""

    code: str
    label: str
    hint: str = ""


class Vocabulary:
    """An ordered, closed set of terms that parses user input leniently."""

    def __init__(self, name: str, terms: tuple[Term, ...]) -> None:
        self.name = name
        self.terms = terms
        self._by_code = {t.code: t for t in terms}

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @property
    def codes(self) -> tuple[str, ...]:
        """All codes, in display order."""
        return tuple(t.code for t in self.terms)

    def label(self, code: str) -> str:
        """The human label of a code (the code itself if unknown)."""
        term = self._by_code.get(code)
        return term.label if term else code

    def parse(self, value: str, field: str | None = None) -> str:
        """Return the code for user input, accepting case, spaces and underscores."""
        key = value.strip().lower().replace("_", "-").replace(" ", "-")
        if key in self._by_code:
            return key
        for term in self.terms:
            if term.label.lower() == value.strip().lower():
                return term.code
        raise ValidationError(
            field or self.name,
            f"unknown {self.name} '{shown(value)}'. Choose one of: {', '.join(self.codes)}",
        )


STATES = Vocabulary(
    "state",
    (
        Term("connected", "Connected", "calm, safe, able to be with others"),
        Term("mobilized", "Mobilized", "anxious, agitated, on edge, angry"),
        Term("shut-down", "Shut down", "numb, heavy, foggy, far away"),
        Term("fawning", "Fawning", "bending myself to keep someone close"),
    ),
)

BODY_SIGNALS = Vocabulary(
    "body signal",
    (
        Term("tight-chest", "Tight chest"),
        Term("shallow-breath", "Shallow breath"),
        Term("clenched-jaw", "Clenched jaw"),
        Term("racing-heart", "Racing heart"),
        Term("tense-shoulders", "Tense shoulders"),
        Term("knot-in-stomach", "Knot in the stomach"),
        Term("restless", "Restless"),
        Term("heaviness", "Heaviness"),
        Term("numbness", "Numbness"),
        Term("foggy", "Foggy head"),
        Term("tearful", "Close to tears"),
        Term("warmth", "Warmth"),
        Term("open-chest", "Open chest"),
        Term("steady-breath", "Steady breath"),
        Term("soft-belly", "Soft belly"),
    ),
)

APPETITES = Vocabulary(
    "social appetite",
    (
        Term("want-company", "I'd like some company"),
        Term("need-solitude", "I need some time alone"),
        Term("avoiding", "I'm avoiding someone"),
    ),
)

CHANNELS = Vocabulary(
    "channel",
    (
        Term("in-person", "In person"),
        Term("call", "Phone call"),
        Term("video", "Video call"),
        Term("text", "Text or chat"),
        Term("social", "Social media"),
    ),
)

INITIATORS = Vocabulary(
    "initiator",
    (
        Term("me", "I reached out"),
        Term("them", "They reached out"),
        Term("both", "Both of us"),
    ),
)

SOLITUDE_ACTIVITIES = Vocabulary(
    "activity",
    (
        Term("rest", "Rest"),
        Term("nature", "Time in nature"),
        Term("meditation", "Meditation or breathing"),
        Term("creative", "Creative work"),
        Term("reading", "Reading"),
        Term("movement", "Walking, yoga, sport"),
        Term("music", "Listening to or playing music"),
        Term("cooking", "Cooking for myself"),
        Term("screen-binge", "Screen binge"),
        Term("scrolling", "Scrolling"),
        Term("over-organizing", "Over-organizing"),
        Term("overworking", "Overworking"),
        Term("sleeping-off", "Sleeping the day away"),
        Term("other", "Something else"),
    ),
)

# Activities that are usually a way of numbing out rather than refuelling. Used as a
# hint by the insights, never as a verdict: the person's own before/after states decide.
NUMBING_ACTIVITIES = frozenset(
    {"screen-binge", "scrolling", "over-organizing", "overworking", "sleeping-off"}
)

BOUNDARY_RESPONSES = Vocabulary(
    "response",
    (
        Term("honoured", "Honoured"),
        Term("negotiated", "Negotiated"),
        Term("dismissed", "Dismissed"),
        Term("refused", "Refused"),
        Term("punished", "Punished"),
    ),
)

# Responses that leave a boundary unmet; repeated, they mark a relationship that is
# not transforming.
UNMET_RESPONSES = frozenset({"dismissed", "refused", "punished"})
# Responses that meet a boundary.
MET_RESPONSES = frozenset({"honoured", "negotiated"})

RELATIONS = Vocabulary(
    "relation",
    (
        Term("partner", "Partner"),
        Term("family", "Family"),
        Term("friend", "Friend"),
        Term("colleague", "Colleague"),
        Term("neighbour", "Neighbour"),
        Term("group", "A group"),
        Term("professional", "Therapist or other professional"),
        Term("acquaintance", "Acquaintance"),
        Term("other", "Other"),
    ),
)

STEP_STATUSES = Vocabulary(
    "step status",
    (
        Term("planned", "Planned"),
        Term("done", "Done"),
        Term("skipped", "Let go for now"),
    ),
)

# The graded ladder of steps back toward people, from the lightest touch upward.
STEP_LADDER = Vocabulary(
    "step level",
    (
        Term("1", "Send a short message", "a few words to someone who feels safe"),
        Term("2", "A brief chat", "a few minutes with a neighbour, a shopkeeper, a colleague"),
        Term("3", "A call", "a short phone or video call with someone safe"),
        Term("4", "Meet", "see someone safe in person, somewhere easy to leave"),
        Term("5", "Share", "tell someone you trust how the week really was"),
    ),
)

ANCHORS = Vocabulary(
    "anchor",
    (
        Term("out-of-bed", "Out of bed"),
        Term("first-contact", "First contact with another person"),
        Term("start-work", "Start of work, study or daily chores"),
        Term("dinner", "Dinner"),
        Term("bed", "To bed"),
        Term("other", "Another daily anchor"),
    ),
)

# Where a check-in or time alone happened (optional; never inferred, only what was told).
PLACES = Vocabulary(
    "place",
    (
        Term("home", "Home"),
        Term("work", "Work"),
        Term("outdoors", "Outdoors"),
        Term("transit", "In transit"),
        Term("someone-elses-place", "Someone else's place"),
        Term("online", "Online"),
    ),
)

RECORD_KINDS = Vocabulary(
    "record kind",
    (
        Term("checkin", "Check-in"),
        Term("contact", "Contact"),
        Term("solitude", "Solitude"),
        Term("boundary", "Boundary"),
        Term("routine", "Routine done"),
        Term("step", "Step"),
        Term("reflection", "Reflection"),
    ),
)


def parse_codes(vocab: Vocabulary, value: str | None, field: str) -> tuple[str, ...]:
    """Parse a comma-separated list of codes (empty or None gives an empty tuple)."""
    if not value:
        return ()
    parts = [p for p in (s.strip() for s in value.split(",")) if p]
    return tuple(dict.fromkeys(vocab.parse(p, field) for p in parts))

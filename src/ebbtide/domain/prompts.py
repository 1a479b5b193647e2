"""Reflection prompts, in ebbtide's own words. Codes are stable; wording may improve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Prompt:
    """A question to sit with, and a stable code for it."""

    code: str
    text: str


PROMPTS: tuple[Prompt, ...] = (
    Prompt("restores", "When did time alone this week leave you feeling more like yourself?"),
    Prompt(
        "hiding",
        "Was there a moment you stayed away from people to protect yourself? What were you protecting?",
    ),
    Prompt(
        "safe-person", "Who did you feel most at ease with lately? What did they do that helped?"
    ),
    Prompt("price", "Is there a relationship where being close costs you too much of who you are?"),
    Prompt(
        "unheard",
        "Did you ask for something you needed recently? How was it received, and how did that sit in your body?",
    ),
    Prompt("longing", "Where do you notice a wish for closeness right now, even a small one?"),
    Prompt(
        "body-signal", "What does your body tell you before you start to pull back from someone?"
    ),
    Prompt(
        "enough",
        "What would be a small enough step toward someone this week that it feels almost easy?",
    ),
    Prompt("own-company", "What helps you feel at home in your own company?"),
    Prompt(
        "boundary-kept",
        "When did you keep a boundary this week, even quietly? What made it possible?",
    ),
    Prompt(
        "after-contact", "After which conversation did you feel lighter? After which one heavier?"
    ),
    Prompt("gentle", "If a friend were living your week, what would you want them to hear?"),
)

_BY_CODE = {p.code: p for p in PROMPTS}


def prompt_for_day(day: date) -> Prompt:
    """The prompt offered on a given day: it rotates, so each day has one question."""
    return PROMPTS[day.toordinal() % len(PROMPTS)]


def prompt_by_code(code: str) -> Prompt | None:
    """A prompt by its code, if it exists."""
    return _BY_CODE.get(code)

"""The help shown when crisis language appears: the person's plan first, then crisis lines.

Help comes back as plain lines (``HelpLine``, a ``str``), so a terminal prints them as they
are; each line also says what it is (``kind``) and, for a crisis line, which service it
is, so a web page can make the number tappable and link the safety-plan page.
"""

from __future__ import annotations

from ebbtide.safety.plan import SafetyPlan
from ebbtide.safety.resources import (
    DIRECTORY,
    EMERGENCY,
    CrisisLine,
    emergency_number,
    lines_for,
)

OPENING = (
    "What you wrote sounds like a lot to carry. You don't have to carry it alone, "
    "and help is available right now."
)
GENTLE_OPENING = (
    "If any of this is about hurting yourself or not wanting to be here, "
    "you don't have to face it alone: help is available right now."
)
ITEM9_OPENING = (
    "You answered that you have had thoughts of being better off dead or of hurting "
    "yourself. Thank you for saying so. You deserve support with this, today."
)
PLAN_TITLE = "Your safety plan:"
NO_PLAN = "You can write your own safety plan any time with `ebbtide safety-plan edit`."
PRIVACY = "ebbtide has not sent this anywhere and has told no one. Saved as usual."
NOT_A_SERVICE = (
    "ebbtide is not a medical device or a crisis service; it cannot respond to an emergency."
)

# What a help line is, for faces that render more than text.
OPENING_KIND = "opening"
PLAN_KIND = "plan"
EMERGENCY_KIND = "emergency"
LINE_KIND = "line"
DIRECTORY_KIND = "directory"
NO_PLAN_KIND = "no-plan"
PRIVACY_KIND = "privacy"
NOT_A_SERVICE_KIND = "not-a-service"


class HelpLine(str):
    """One line of help: plain text, plus what it is and (for a crisis line) the service."""

    kind: str
    line: CrisisLine | None
    emergency: str | None

    def __new__(
        cls,
        text: str,
        kind: str,
        line: CrisisLine | None = None,
        emergency: str | None = None,
    ) -> HelpLine:
        """A help line of a given kind."""
        obj = super().__new__(cls, text)
        obj.kind = kind
        obj.line = line
        obj.emergency = emergency
        return obj


def help_lines(
    plan: SafetyPlan | None,
    region: str | None,
    *,
    item9: bool = False,
    gentle: bool = False,
) -> tuple[HelpLine, ...]:
    """The notices to show, as plain lines (no markup).

    ``gentle`` is the short, softer form for text that only may be about a crisis: a
    softer opening, the crisis lines, and the promise that nothing was sent.
    """
    if gentle and not item9:
        return (
            HelpLine(GENTLE_OPENING, OPENING_KIND),
            *(HelpLine(f"  {x.name}: {x.how}", LINE_KIND, line=x) for x in lines_for(region)),
            HelpLine(PRIVACY, PRIVACY_KIND),
        )
    out: list[HelpLine] = [HelpLine(ITEM9_OPENING if item9 else OPENING, OPENING_KIND)]
    if plan is not None and not plan.empty:
        out.append(HelpLine(PLAN_TITLE, PLAN_KIND))
        for _key, title, entries in plan.sections():
            if entries:
                out.append(HelpLine(f"  {title}: " + "; ".join(entries), PLAN_KIND))
    out.append(HelpLine(EMERGENCY, EMERGENCY_KIND, emergency=emergency_number(region)))
    for line in lines_for(region):
        out.append(HelpLine(f"  {line.name}: {line.how}", LINE_KIND, line=line))
    out.append(HelpLine(DIRECTORY, DIRECTORY_KIND))
    if plan is None or plan.empty:
        out.append(HelpLine(NO_PLAN, NO_PLAN_KIND))
    out.append(HelpLine(PRIVACY, PRIVACY_KIND))
    out.append(HelpLine(NOT_A_SERVICE, NOT_A_SERVICE_KIND))
    return tuple(out)

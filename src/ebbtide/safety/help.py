"""The help shown when crisis language appears: the person's plan first, then crisis lines."""

from __future__ import annotations

from ebbtide.safety.plan import SafetyPlan
from ebbtide.safety.resources import DIRECTORY, EMERGENCY, lines_for

OPENING = (
    "What you wrote sounds like a lot to carry. You don't have to carry it alone, "
    "and help is available right now."
)
GENTLE_OPENING = (
    "If any of this is about hurting yourself or not wanting to be here, you don't have to "
    "face it alone: help is available right now."
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


def help_lines(
    plan: SafetyPlan | None, region: str | None, *, item9: bool = False, gentle: bool = False
) -> tuple[str, ...]:
    """The notices to show, as plain lines (no markup); ``gentle`` is the short, softer form."""
    if gentle and not item9:
        lines = [f"  {line.name}: {line.how}" for line in lines_for(region)]
        return (GENTLE_OPENING, *lines, PRIVACY)
    out: list[str] = [ITEM9_OPENING if item9 else OPENING]
    if plan is not None and not plan.empty:
        out.append(PLAN_TITLE)
        for _key, title, entries in plan.sections():
            if entries:
                out.append(f"  {title}: " + "; ".join(entries))
    out.append(EMERGENCY)
    for line in lines_for(region):
        out.append(f"  {line.name}: {line.how}")
    out.append(DIRECTORY)
    if plan is None or plan.empty:
        out.append(NO_PLAN)
    out.append(PRIVACY)
    out.append(NOT_A_SERVICE)
    return tuple(out)

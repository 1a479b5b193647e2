"""Use cases for crisis safety: the safety plan, the region for crisis lines, and help."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ebbtide.domain.errors import ValidationError
from ebbtide.safety import SafetyPlan, help_lines, lines_for, make_plan, normalise_region
from ebbtide.safety.detect import detect
from ebbtide.safety.resources import REGIONS, CrisisLine
from ebbtide.service.context import Context
from ebbtide.store import clinical

REGION_KEY = "region"


@dataclass(frozen=True)
class PlanView:
    """The plan plus when it was last saved (None if never)."""

    plan: SafetyPlan
    updated_at: datetime | None


def get_plan(ctx: Context) -> PlanView:
    """The person's safety plan (empty if none was written)."""
    with ctx.store.reading() as conn:
        stored = clinical.get_safety_plan(conn, ctx.subject_id)
    if stored is None:
        return PlanView(SafetyPlan(), None)
    return PlanView(SafetyPlan.from_json(stored[0]), stored[1])


def save_plan(ctx: Context, plan: SafetyPlan) -> PlanView:
    """Replace the whole plan in one transaction."""
    now = ctx.now()
    ctx.write(lambda c: clinical.put_safety_plan(c, ctx.subject_id, plan.to_json(), now))
    return PlanView(plan, now)


def update_plan(ctx: Context, **sections: list[str] | tuple[str, ...] | None) -> PlanView:
    """Replace the given sections (None leaves a section as it is)."""
    current = get_plan(ctx).plan
    merged = {k: getattr(current, k) for k, _ in _sections()}
    merged.update({k: tuple(v) for k, v in sections.items() if v is not None})
    return save_plan(ctx, make_plan(**merged))


def clear_plan(ctx: Context) -> None:
    """Delete the plan."""
    ctx.write(lambda c: clinical.delete_safety_plan(c, ctx.subject_id))


def get_region(ctx: Context) -> str | None:
    """The region whose crisis lines are shown (None = show all known)."""
    with ctx.store.reading() as conn:
        return clinical.get_setting(conn, ctx.subject_id, REGION_KEY)


def set_region(ctx: Context, region: str | None) -> str | None:
    """Choose the region for crisis lines ('US', 'GB', ...), or None to show every line."""
    code = normalise_region(region) if region else None
    if code is not None and (len(code) != 2 or not code.isalpha()):
        raise ValidationError(
            "region", "a region is a two-letter country code such as US, GB or AU"
        )
    ctx.write(lambda c: clinical.put_setting(c, ctx.subject_id, REGION_KEY, code))
    return code


def crisis_lines(ctx: Context) -> tuple[CrisisLine, ...]:
    """The crisis lines for the person's region."""
    return lines_for(get_region(ctx))


def known_regions() -> tuple[tuple[str, str], ...]:
    """Regions with specific lines shipped, as (code, name in words)."""
    from ebbtide.safety.resources import region_name

    return tuple((code, region_name(code)) for code in REGIONS)


def help_notices(ctx: Context, *, item9: bool = False, gentle: bool = False) -> tuple[str, ...]:
    """The help to show now: the plan first, then crisis lines for the region."""
    return help_lines(get_plan(ctx).plan, get_region(ctx), item9=item9, gentle=gentle)


def notices_for(ctx: Context, text: str) -> tuple[str, ...]:
    """Help if ``text`` holds crisis language; the gentle form if the detector is unsure.

    Never blocks the save (it runs after it), never sends anything, never logs the text.
    """
    if not text.strip():
        return ()
    found = detect(text)
    if found.flagged:
        return help_notices(ctx)
    if found.unsure:
        return help_notices(ctx, gentle=True)
    return ()


def _sections() -> tuple[tuple[str, str], ...]:
    from ebbtide.safety.plan import SECTIONS

    return SECTIONS

"""Crisis lines by region, shipped as text: no network is ever used to show them."""

from __future__ import annotations

from dataclasses import dataclass

DIRECTORY = (
    "Elsewhere, or if these lines are not right for you: findahelpline.com lists free, "
    "confidential helplines in many countries."
)
EMERGENCY = "If you are in immediate danger, call your local emergency number now."


@dataclass(frozen=True)
class CrisisLine:
    """One way to reach a crisis service."""

    name: str
    how: str


REGIONS: dict[str, tuple[CrisisLine, ...]] = {
    "US": (CrisisLine("988 Suicide & Crisis Lifeline", "call or text 988"),),
    "CA": (CrisisLine("9-8-8 Suicide Crisis Helpline", "call or text 988"),),
    "GB": (CrisisLine("Samaritans", "call 116 123 (free, day or night)"),),
    "IE": (CrisisLine("Samaritans", "call 116 123 (free, day or night)"),),
    "AU": (CrisisLine("Lifeline", "call 13 11 14"),),
}
ALIASES = {"UK": "GB"}


def normalise_region(code: str) -> str:
    """An ISO 3166 alpha-2 region code in upper case (UK is accepted for GB)."""
    c = code.strip().upper()
    return ALIASES.get(c, c)


def lines_for(region: str | None) -> tuple[CrisisLine, ...]:
    """The lines to show for a region (all known ones when the region is unset or unknown)."""
    if region:
        known = REGIONS.get(normalise_region(region))
        if known:
            return known
    seen: dict[str, CrisisLine] = {}
    for code in ("US", "CA", "GB", "IE", "AU"):
        for line in REGIONS[code]:
            key = f"{line.name}|{line.how}"
            if key not in seen:
                seen[key] = CrisisLine(f"{line.name} ({_where(code)})", line.how)
    return tuple(seen.values())


def _where(code: str) -> str:
    return {"US": "US", "CA": "Canada", "GB": "UK", "IE": "Ireland", "AU": "Australia"}[code]

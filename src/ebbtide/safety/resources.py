"""Crisis lines by region, shipped as text: no network is ever used to show them.

Each line carries the digits to dial (``tel``) and, where the service takes texts, the
number to text (``sms``), so a phone can open them with one tap.
"""

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
    tel: str | None = None
    sms: str | None = None

    @property
    def tel_href(self) -> str | None:
        """A ``tel:`` link for phones, or None."""
        return f"tel:{self.tel}" if self.tel else None

    @property
    def sms_href(self) -> str | None:
        """An ``sms:`` link for phones, or None."""
        return f"sms:{self.sms}" if self.sms else None


REGION_NAMES: dict[str, str] = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "AU": "Australia",
}

# Emergency numbers, for the "in immediate danger" line.
EMERGENCY_NUMBERS: dict[str, str] = {
    "US": "911",
    "CA": "911",
    "GB": "999",
    "IE": "112",
    "AU": "000",
}

REGIONS: dict[str, tuple[CrisisLine, ...]] = {
    "US": (CrisisLine("988 Suicide & Crisis Lifeline", "call or text 988", tel="988", sms="988"),),
    "CA": (CrisisLine("9-8-8 Suicide Crisis Helpline", "call or text 988", tel="988", sms="988"),),
    "GB": (
        CrisisLine("Samaritans", "call 116 123 (free, day or night)", tel="116123"),
        CrisisLine("Shout", "text SHOUT to 85258 (free, day or night)", sms="85258"),
    ),
    "IE": (
        CrisisLine("Samaritans Ireland", "call 116 123 (free, day or night)", tel="116123"),
        CrisisLine("Text About It", "text HELLO to 50808 (free, day or night)", sms="50808"),
    ),
    "AU": (
        CrisisLine(
            "Lifeline", "call 13 11 14, or text 0477 13 11 14", tel="131114", sms="0477131114"
        ),
    ),
}
ALIASES = {"UK": "GB"}


def normalise_region(code: str) -> str:
    """An ISO 3166 alpha-2 region code in upper case (UK is accepted for GB)."""
    c = code.strip().upper()
    return ALIASES.get(c, c)


def region_name(code: str) -> str:
    """A region's name in words ("Ireland" for IE); the code itself when unknown."""
    return REGION_NAMES.get(normalise_region(code), code)


def emergency_number(region: str | None) -> str | None:
    """The emergency number for a known region, or None."""
    return EMERGENCY_NUMBERS.get(normalise_region(region)) if region else None


def lines_for(region: str | None) -> tuple[CrisisLine, ...]:
    """The lines to show for a region (all known ones when the region is unset or unknown)."""
    if region:
        known = REGIONS.get(normalise_region(region))
        if known:
            return known
    out: list[CrisisLine] = []
    for code, lines in REGIONS.items():
        where = REGION_NAMES[code]
        for line in lines:
            name = line.name if where in line.name else f"{line.name} ({where})"
            out.append(CrisisLine(name, line.how, line.tel, line.sms))
    return tuple(out)

"""Crisis safety: on-device detection, crisis lines, and the person's own safety plan."""

from ebbtide.safety.detect import DANGER, SELF_HARM, SUICIDE, Detection, detect
from ebbtide.safety.help import NOT_A_SERVICE, help_lines
from ebbtide.safety.plan import SECTIONS, SafetyPlan, make_plan
from ebbtide.safety.resources import REGIONS, CrisisLine, lines_for, normalise_region

__all__ = [
    "DANGER",
    "NOT_A_SERVICE",
    "REGIONS",
    "SECTIONS",
    "SELF_HARM",
    "SUICIDE",
    "CrisisLine",
    "Detection",
    "SafetyPlan",
    "detect",
    "help_lines",
    "lines_for",
    "make_plan",
    "normalise_region",
]

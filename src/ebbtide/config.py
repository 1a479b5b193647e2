"""Settings read from the environment, kept light so every command can afford them."""

from __future__ import annotations

import os

from ebbtide.domain.errors import ValidationError
from ebbtide.domain.timekeeping import DEFAULT_DAY_START_HOUR, zone

ENV_DB = "EBBTIDE_DB"
ENV_TZ = "EBBTIDE_TZ"
ENV_DAY_START = "EBBTIDE_DAY_START_HOUR"
ENV_SUBJECT = "EBBTIDE_SUBJECT"
DEFAULT_SUBJECT = "me"


def system_tz() -> str:
    """The IANA zone to record in: $EBBTIDE_TZ, else the machine's, else UTC."""
    env = os.environ.get(ENV_TZ)
    if env:
        zone(env)
        return env
    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
        if name:
            zone(name)
            return name
    except Exception:  # no zone configured on this machine: UTC is an honest default
        pass
    return "UTC"


def day_start_hour() -> int:
    """The hour a local day starts: $EBBTIDE_DAY_START_HOUR or 4."""
    raw = os.environ.get(ENV_DAY_START)
    if raw is None or raw == "":
        return DEFAULT_DAY_START_HOUR
    if not raw.isdigit() or not 0 <= int(raw) <= 12:
        raise ValidationError("day start", f"{ENV_DAY_START} must be an hour from 0 to 12")
    return int(raw)


def default_db_path() -> str:
    """The embedded database file in the user's data directory."""
    from platformdirs import user_data_path

    return str(user_data_path("ebbtide", appauthor=False) / "ebbtide.db")

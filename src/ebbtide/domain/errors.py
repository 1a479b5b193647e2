"""Errors that carry a message meant for a person, never a traceback.

An error may also carry a ``code`` (an :class:`ErrorCode`) and its parameters: each face
then words it from its own catalogue (``cli/messages.py``, ``web/messages.py``,
``server/messages.py``) with :func:`in_words`, so the command line can name its options
while the web names its fields. ``message`` is the plain default, free of any face's
vocabulary (no command-line options).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class ErrorCode(StrEnum):
    """The errors a face words itself; the parameters each takes are in its comment."""

    PERIOD_REVERSED = "period-reversed"  # the first day is after the last
    REPORT_START_TWICE = "report-start-twice"  # since the last session and a first day
    NO_THERAPY_SESSION = "no-therapy-session"
    UNKNOWN_SUBJECT = "unknown-subject"  # code, known
    DEMO_NOT_EMPTY = "demo-not-empty"  # subject
    IMPORT_CONFIRM = "import-confirm"  # count
    IMPORT_FORMAT = "import-format"  # name, formats
    IMPORT_CALENDAR_CONTACTS = "import-calendar-contacts"
    DAYLIO_UNKNOWN_MOOD = "daylio-unknown-mood"  # mood
    PASSIVE_ONE_PARTICIPANT = "passive-one-participant"  # folder
    PASSIVE_OLDER_THAN = "passive-older-than"
    PASSIVE_FREQUENCY = "passive-frequency"
    COHORT_BUCKET_SIZE = "cohort-bucket-size"
    COHORT_EXECUTOR = "cohort-executor"  # choices
    COHORT_WORKERS = "cohort-workers"
    COHORT_MEMORY = "cohort-memory"
    COHORT_SCHEDULER_EXECUTOR = "cohort-scheduler-executor"
    COHORT_SCHEDULER_SIZED = "cohort-scheduler-sized"
    COHORT_SERIAL_SIZED = "cohort-serial-sized"
    COHORT_BY = "cohort-by"
    NO_DATABASE = "no-database"  # path
    PASSPHRASE_NEEDED = "passphrase-needed"  # path
    PASSPHRASE_ON_SERVER = "passphrase-on-server"
    PASSPHRASE_NOT_ENCRYPTED = "passphrase-not-encrypted"  # path


# The plain default wording of each code (``message``): no face's vocabulary in it.
DEFAULT_WORDS: dict[ErrorCode, str] = {
    ErrorCode.PERIOD_REVERSED: "the first day is after the last day",
    ErrorCode.REPORT_START_TWICE: "choose either since the last session or a first day, not both",
    ErrorCode.NO_THERAPY_SESSION: "no therapy session is recorded yet",
    ErrorCode.UNKNOWN_SUBJECT: "there is no history called '{code}' here (there is: {known})",
    ErrorCode.DEMO_NOT_EMPTY: "'{subject}' already has records; the demo only fills an empty history",
    ErrorCode.IMPORT_CONFIRM: (
        "this calendar holds {count} past events with other people, and each would "
        "become a contact; confirm to import them all"
    ),
    ErrorCode.IMPORT_FORMAT: "cannot tell what kind of file {name} is; name its format ({formats})",
    ErrorCode.IMPORT_CALENDAR_CONTACTS: (
        "calendar events become contacts only if you ask for it (and give your own e-mail "
        "so you are not counted as someone you met)"
    ),
    ErrorCode.DAYLIO_UNKNOWN_MOOD: "mood '{mood}' is not in the mapping; add it under [moods]",
    ErrorCode.PASSIVE_ONE_PARTICIPANT: "{folder} holds one participant's data; name the participant",
    ErrorCode.PASSIVE_OLDER_THAN: "the age of data to remove is a number of days (0 or more)",
    ErrorCode.PASSIVE_FREQUENCY: "the frequency is daily or hourly",
    ErrorCode.COHORT_BUCKET_SIZE: "the bucket size must be at least 1",
    ErrorCode.COHORT_EXECUTOR: "the executor must be one of: {choices}",
    ErrorCode.COHORT_WORKERS: "the number of workers must be at least 1",
    ErrorCode.COHORT_MEMORY: "the memory per worker is a size such as 4GB or 512MB",
    ErrorCode.COHORT_SCHEDULER_EXECUTOR: "a scheduler is for the dask executor",
    ErrorCode.COHORT_SCHEDULER_SIZED: (
        "workers and memory per worker size a local cluster; with a scheduler the "
        "cluster's own workers are used"
    ),
    ErrorCode.COHORT_SERIAL_SIZED: "workers and memory per worker need another executor",
    ErrorCode.COHORT_BY: "a summary is by week or month",
    ErrorCode.NO_DATABASE: "there is no ebbtide database at {path} yet; log something first",
    ErrorCode.PASSPHRASE_NEEDED: "{path} is encrypted: give its passphrase",
    ErrorCode.PASSPHRASE_ON_SERVER: (
        "encryption at rest is for the SQLite file; a PostgreSQL server protects its own storage"
    ),
    ErrorCode.PASSPHRASE_NOT_ENCRYPTED: "{path} is not encrypted, but a passphrase was given",
}


class EbbtideError(Exception):
    """Base of every error whose message may be shown to the user as it is.

    Give either a ``message`` or a ``code`` (with its ``params``): a coded error's
    message is the code's default wording.
    """

    exit_code = 1

    def __init__(
        self,
        message: str | None = None,
        *,
        code: ErrorCode | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.code = code
        self.params: dict[str, object] = dict(params or {})
        if message is None:
            if code is None:
                raise TypeError("an error needs a message or a code")
            message = DEFAULT_WORDS[code].format(**self.params)
        super().__init__(message)
        self.message = message


class ValidationError(EbbtideError):
    """Input that does not fit the domain; nothing has been written."""

    exit_code = 2

    def __init__(
        self,
        field: str,
        message: str | None = None,
        *,
        code: ErrorCode | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message, code=code, params=params)
        self.field = field


class ConflictError(ValidationError):
    """Input that clashes with something already stored (the same day twice, a name
    already taken); nothing has been written. The web answers 409 Conflict."""


class NotFoundError(EbbtideError):
    """A record or person the user named does not exist."""

    exit_code = 2


class StoreError(EbbtideError):
    """The database cannot be used: missing, locked, newer schema, wrong passphrase."""

    exit_code = 1


class NoDatabaseError(StoreError):
    """The database the user named does not exist yet: their input, so exit 2."""

    exit_code = 2


def shown(value: object, limit: int = 40) -> str:
    """User input made safe to echo in a one-line message: printable and short."""
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def in_words(error: EbbtideError, catalogue: Mapping[ErrorCode, str]) -> str:
    """The error as a face words it: its catalogue's text for the code, else ``message``."""
    if error.code is None or error.code not in catalogue:
        return error.message
    return catalogue[error.code].format(**error.params)

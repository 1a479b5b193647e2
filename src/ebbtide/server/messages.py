"""Every sentence the server says to a person, in one place."""

from __future__ import annotations

from ebbtide.domain.errors import ErrorCode

LOGIN_FAILED = "That email, password or code did not work."
LOCKED = "Too many attempts. This account is paused for a while; please try again later."
RATE_LIMITED = "Too many attempts from here. Please wait a few minutes and try again."
NEED_LOGIN = "Please log in."
SESSION_ENDED = "Your session has ended. Please log in again."
CSRF = "This request is missing its security token (X-CSRF-Token); reload the page and try again."
DENIED = "You do not have access to this."
ACCESS_ENDED = "Access to this person's information has ended."
NOT_SHARED = "This person has not shared this with you."
AUDIT_DOWN = "The access record could not be written, so nothing is shown. Please try again later."
BAD_INPUT = "That request did not fit: {detail}"
UNKNOWN_GRANTEE = "There is no clinician or study with that address."
UNKNOWN_SCOPE = "unknown scope '{scope}'. Choose from: {choices}"
UNKNOWN_PURPOSE = "purpose must be treatment or research"
PAST_UNTIL = "the end date must be today or later"
FAR_UNTIL = "the end date must be within ten years"
GRANTEE_PURPOSE = "a clinician is shared with for treatment; a study for research"
NO_SUCH_GRANT = "There is no such sharing agreement of yours."
ALREADY_REVOKED = "That sharing has already ended."
UNEXPECTED = "Something unexpected went wrong. Nothing was shown or changed."
NOT_POSTGRES = "the server needs a PostgreSQL database (--db postgresql://…), not {url}"
NO_DB = "give the PostgreSQL database with --db or EBBTIDE_DB"
EMAIL_TAKEN = "an account with that email already exists"
BAD_EMAIL = "that does not look like an email address"
SHORT_PASSWORD = "the password needs at least 12 characters"
PASSWORD_MISMATCH = "the two passwords differ; nothing was saved"
NOT_INITIALISED = "the server tables are missing: run `ebbtide server init` first"
INITIALISED = "Server tables ready on {where} (migrations: {applied} applied, {total} in all)."
USER_ADDED = "Added {role} {email} ({uid})."
TOTP_SECRET = "TOTP secret (add it to an authenticator app): {secret}"
AUDIT_OK = "Audit trail intact: {rows} rows, chain verified."
AUDIT_BROKEN = "Audit trail broken at row {row}: {why}"
AUDIT_EXPORTED = "Wrote {rows} AuditEvent resources to {path}."
SERVE_AT = "ebbtide server at {url} (Ctrl+C stops it)"
SERVE_WORKERS = "ebbtide server at {url} with {workers} worker processes (Ctrl+C stops it)"
PORT_BUSY = "cannot listen on {host}:{port}: the address is in use or not available"
WORKER_FAILED = "a server worker stopped as it started; is the database reachable?"
PASSWORD_NEEDS_TERMINAL = "no terminal to ask for the password: pipe it in with --password-stdin"


# --- errors from below, in the server's words (codes: domain/errors.py) --------------
ERRORS: dict[ErrorCode, str] = {
    ErrorCode.PERIOD_REVERSED: "the first day is after the last day",
    ErrorCode.REPORT_START_TWICE: "choose either since the last session or a first day, not both",
    ErrorCode.NO_THERAPY_SESSION: "no session is recorded yet",
    ErrorCode.UNKNOWN_SUBJECT: "there is no such person here",
    ErrorCode.DEMO_NOT_EMPTY: "this history already has records; the demo only fills an empty one",
    ErrorCode.IMPORT_CONFIRM: (
        "this calendar holds {count} past events with other people; confirm to import them all"
    ),
    ErrorCode.IMPORT_FORMAT: "cannot tell what kind of file {name} is",
    ErrorCode.IMPORT_CALENDAR_CONTACTS: "calendar events become contacts only if asked for",
    ErrorCode.DAYLIO_UNKNOWN_MOOD: "mood '{mood}' is not in the mapping",
    ErrorCode.PASSIVE_ONE_PARTICIPANT: "this folder holds one participant's data; name them",
    ErrorCode.PASSIVE_OLDER_THAN: "choose a number of days (0 or more)",
    ErrorCode.PASSIVE_FREQUENCY: "choose daily or hourly",
    ErrorCode.COHORT_BUCKET_SIZE: "the bucket size must be at least 1",
    ErrorCode.COHORT_EXECUTOR: "the executor must be one of: {choices}",
    ErrorCode.COHORT_WORKERS: "the number of workers must be at least 1",
    ErrorCode.COHORT_MEMORY: "the memory per worker is a size such as 4GB or 512MB",
    ErrorCode.COHORT_SCHEDULER_EXECUTOR: "a scheduler is for the dask executor",
    ErrorCode.COHORT_SCHEDULER_SIZED: "with a scheduler the cluster's own workers are used",
    ErrorCode.COHORT_SERIAL_SIZED: "workers and memory need another executor than serial",
    ErrorCode.COHORT_BY: "a summary is by week or month",
    ErrorCode.NO_DATABASE: "the server's database is not set up yet",
    ErrorCode.PASSPHRASE_NEEDED: "the database is encrypted",
    ErrorCode.PASSPHRASE_ON_SERVER: (
        "encryption at rest is for the SQLite file; PostgreSQL protects its own storage"
    ),
    ErrorCode.PASSPHRASE_NOT_ENCRYPTED: "the database is not encrypted, but a passphrase was given",
}

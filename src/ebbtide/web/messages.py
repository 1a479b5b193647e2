"""Every sentence the web app says to a person, in one place."""

from __future__ import annotations

from ebbtide.domain.errors import ErrorCode

SAVED = {
    "checkin": "Check-in saved.",
    "contact": "Contact saved.",
    "solitude": "Time alone saved.",
    "boundary": "Boundary saved.",
    "reflection": "Reflection saved. Thank you for taking a moment with it.",
    "routine": "Marked as done.",
    "person": "Added to your people.",
    "routine-added": "Routine added.",
    "edited": "Entry updated.",
    "deleted": "Entry deleted.",
    "started": "Your own history has begun. It is empty for now; the demo stays in its own file.",
}
ROUTINE_REMOVED = "Removed the routine “{name}” and the times it was marked done."
DEMO_BANNER = "This is a made-up demo history."
DEMO_BANNER_MORE = (
    "None of it is yours, and what you add here stays in the demo. "
    "When you are ready, start your own, empty history."
)
DEMO_START = "Start my own history"
STEP_DONE = "Marked as done. However it went, you showed up for it."
STEP_SKIPPED = "Let go for now. It can come back whenever it fits."
STEP_PLANNED = "Planned. Small is the right size."
NO_ENTRIES_TODAY = "Nothing logged yet today — that's fine. A check-in takes a few seconds."
NO_ENTRIES = "No entries match these filters."
NO_PEOPLE = "No people yet. They are added the first time you log a contact."
NO_STEPS = "No steps yet. A tiny one is a fine place to start."
NO_ROUTINES = "No routines yet. One small anchor in the week is plenty."
NO_REFLECTIONS = "No reflections yet."
INSIGHTS_NO_PHASES = "No daily phases yet: they start with your first entry."
AWAY_EXPLAINED = (
    "Days you mark as away are read as 'not enough to say', unless what you log on them "
    "shows you pulling back. Fewer contacts on holiday are not a drift."
)
CSRF_FAILED = (
    "This page was opened before ebbtide restarted, so the change was not saved. "
    "Please reload the page and try again."
)
NOT_FOUND = "There is nothing at this address."
NEEDS_TOKEN = (
    "This page opens only from the address `ebbtide serve` printed (it ends in ?token=…). "
    "Open that address again, or restart `ebbtide serve` for a new one."
)
TOO_LARGE = "That is more than this page accepts at once (at most {limit} KB). Nothing was saved."
BAD_LENGTH = "The request said an impossible length. Nothing was saved."
METHOD_NOT_ALLOWED = "This address does not accept that kind of request."
UNEXPECTED = "Something unexpected went wrong. Nothing was saved and nothing was sent anywhere."
BAD_INPUT = "Some of what was entered does not fit: {details}"
NOT_MEDICAL = (
    "ebbtide is a private notebook, not a medical device or a crisis service. "
    "Everything stays on this computer."
)
HELP_LINK = "Need help now?"
PLAN_WRITE_LINK = "Write your own safety plan, for the next time things get hard."
HELP_INTRO = (
    "If things feel like too much, you do not have to get through it alone. "
    "Your own plan comes first, then people you can reach right now."
)
PLAN_SAVED = "Your safety plan is saved. It will be shown first whenever help is shown."
PLAN_EMPTY = "No safety plan yet. Writing one on a calmer day makes it easier to use later."
PLAN_HINT = "One entry per line, in your own words."
REGION_SAVED = "Region saved. The lines below are the ones for it."
REGION_ALL = "Showing every line ebbtide knows. Choose your region to see yours first."
QUESTIONNAIRES_INTRO = (
    "Short, validated questionnaires, scored as published. They can help you and the people "
    "who support you see change over time."
)
NOT_A_DIAGNOSIS = (
    "This score is not a diagnosis. It is one way to notice how things have been; a "
    "professional can help make sense of it with you."
)
NO_ASSESSMENTS = "Nothing taken yet. Whenever it suits you."
ASSESSMENT_SAVED = "Saved. Thank you for taking the time."
REPORT_INTRO = (
    "Choose what to share with your therapist. Nothing is sent anywhere: you download the "
    "file and decide what to do with it."
)
NO_SESSIONS = "No sessions recorded yet."
SESSION_SAVED = "Session saved."
SESSION_DELETED = "Session removed."
NO_NOTES = "No notes or reflections in this period."


# --- errors from below, in the web app's words (codes: domain/errors.py) -------------
ERRORS: dict[ErrorCode, str] = {
    ErrorCode.PERIOD_REVERSED: "'since' is after 'until'",
    ErrorCode.REPORT_START_TWICE: (
        "choose either “since the last session” or a first day, not both"
    ),
    ErrorCode.NO_THERAPY_SESSION: (
        "no session is recorded yet; add the day you last saw your therapist first"
    ),
    ErrorCode.UNKNOWN_SUBJECT: "there is no history called '{code}' here (there is: {known})",
    ErrorCode.DEMO_NOT_EMPTY: (
        "'{subject}' already has records; the demo only fills an empty history"
    ),
    ErrorCode.IMPORT_CONFIRM: (
        "this calendar holds {count} past events with other people, and each would "
        "become a contact; confirm to import them all"
    ),
    ErrorCode.IMPORT_FORMAT: "cannot tell what kind of file {name} is; choose its format",
    ErrorCode.IMPORT_CALENDAR_CONTACTS: (
        "calendar events become contacts only if you ask for it, with your own e-mail "
        "so you are not counted as someone you met"
    ),
    ErrorCode.DAYLIO_UNKNOWN_MOOD: "mood '{mood}' is not in the mapping; add it under [moods]",
    ErrorCode.PASSIVE_ONE_PARTICIPANT: "{folder} holds one participant's data; choose who it is",
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
    ErrorCode.NO_DATABASE: "there is no ebbtide database at {path} yet",
    ErrorCode.PASSPHRASE_NEEDED: "{path} is encrypted: start the app with its passphrase",
    ErrorCode.PASSPHRASE_ON_SERVER: (
        "encryption at rest is for the SQLite file; a PostgreSQL server protects its own storage"
    ),
    ErrorCode.PASSPHRASE_NOT_ENCRYPTED: "{path} is not encrypted, but a passphrase was given",
}

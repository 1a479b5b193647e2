"""Every sentence the command line says to a person, in one place."""

from __future__ import annotations

from ebbtide.domain.errors import ErrorCode

SAVED = {
    "checkin": "Check-in saved.",
    "contact": "Contact saved.",
    "solitude": "Time alone saved.",
    "boundary": "Boundary saved.",
    "reflection": "Reflection saved. Thank you for taking a moment with it.",
    "routine": "Marked as done.",
    "step": "Step saved.",
}
STEP_DONE = "Marked as done. However it went, you showed up for it."
STEP_SKIPPED = "Let go for now. It can come back whenever it fits."
STEP_PLANNED = "Planned. Small is the right size."
NO_ENTRIES_TODAY = "Nothing logged yet today — that's fine. `ebbtide checkin` takes a few seconds."
NO_ENTRIES = "No entries match."
NO_PEOPLE = "No people yet. They are added the first time you log a contact."
NO_ROUTINES = 'No routines yet. `ebbtide routine add "Evening walk" --at 19:30` adds one.'
NO_STEPS = 'No steps yet. `ebbtide step plan "Send Lea a short message"` plans one.'
ASK_STATE = "How is your nervous system right now?"
NEED_STATE = "name a state: ebbtide checkin connected|mobilized|shut-down|fawning"
CONFIRM_NEW_PEOPLE = "{names} {verb} not in your people yet. Add {them}?"
NEW_PEOPLE_NEED_YES = "{names} {verb} not in your people yet; add --yes to create {them}"
CANCELLED = "Nothing was saved."
CONFIRM_NEW_SUBJECT = "There is no history called '{subject}' yet. Start a new one?"
DEMO_SEEDED = "Added a demo history: {records} records over {days} days for '{subject}'."
DEMO_NOT_EMPTY = (
    "'{subject}' already has records; the demo only fills an empty history "
    "(use --subject demo to try it beside your own)"
)
DELETED = "Deleted {kind} #{id}."
EDITED = "Updated {kind} #{id}."
BAD_SET = "--set takes FIELD=VALUE, e.g. --set state=connected"
INTERRUPTED = "Stopped. Nothing more was saved."
NEEDS_ANSWER = (
    "this command asks a question first, and there is no terminal to answer it; "
    "run it in a terminal, or give the answer as an option (e.g. --yes). Nothing was saved."
)
UNEXPECTED = (
    "something unexpected went wrong ({kind}). Nothing was saved and nothing was sent "
    "anywhere. Set EBBTIDE_DEBUG=1 to see details."
)
SAVED_NOT_SHOWN = (
    "Saved. Only showing the result failed ({problem}); what you entered is kept, so "
    "there is no need to enter it again."
)
NOT_SAVED_FILE = "{problem}. Nothing was saved."

# --- questionnaires, safety plan, FHIR export (issue 5) ---------------------------------
ASSESS_SAVED = "Saved {name}. Thank you for taking the time."
ASSESS_NO_TOTAL = "No total: {note}"
ASSESS_NEED_ANSWERS = (
    "give the answers with --answers, e.g. --answers 0,1,2 (or run it in a terminal)"
)
ASSESS_HISTORY_EMPTY = "No questionnaires yet. `ebbtide assess phq9` takes one (about two minutes)."
ASSESS_EXTRA = "`assess CODE` takes one questionnaire code; `assess history [CODE]` shows the trend"
ASSESS_PICK = "Your answer ({choices}, or - to skip)"
ASSESS_ABOUT = "Not a diagnosis: a questionnaire is one view of the last weeks, best read with someone you trust."
PLAN_EMPTY = "No safety plan yet. `ebbtide safety-plan edit` walks you through the six parts."
PLAN_SAVED = "Safety plan saved. It will be shown first whenever help is shown."
PLAN_CLEARED = "Safety plan removed."
PLAN_EDIT_INTRO = (
    "Your safety plan, in your own words. For each part, write entries separated by ';' "
    "(press Enter to keep what is there)."
)
REGION_SET = "Crisis lines will be shown for {region}."
REGION_CLEARED = "No region set: crisis lines for every known region will be shown."
REGION_SHOW = "Region for crisis lines: {region}."
REGION_UNSET = "no region set (all known lines are shown)"
FHIR_WRITTEN = "Wrote {count} assessment(s) as a FHIR R4B Bundle to {path}."
NOT_MEDICAL = (
    "ebbtide is not a medical device and not a crisis service. It cannot diagnose, and it "
    "cannot respond to an emergency: if you are in danger, call your local emergency number."
)

# --- insights (issue 3) -------------------------------------------------------------
INSIGHTS_TITLE = "How things look as of {day:%A %d %B %Y}"
INSIGHTS_NOTE = (
    "These are patterns in what you logged, not a diagnosis. ebbtide is not a medical device."
)
INSIGHTS_PHASES = "Last {n} days"
AWAY_ADDED = (
    "Marked {first:%a %d %b %Y} – {last:%a %d %b %Y} as away ({days}). Those days read as "
    "'not enough to say' unless your entries show you pulling back."
)
AWAY_REMOVED = "Removed the away period {first:%d %b %Y} – {last:%d %b %Y}."
NO_AWAY = "No away periods. `ebbtide away add --from 2026-08-01 --to 2026-08-14` marks one."
INSIGHTS_NO_PHASES = "No daily phases yet: they start with your first entry."
INSIGHTS_SOLITUDE = "Time alone"
INSIGHTS_MAP = "People"
INSIGHTS_NEXT = "One small next step, if it feels right"
INSIGHTS_NO_STEP = "No step to suggest yet."
INSIGHTS_NO_PEOPLE = "No contacts logged yet."
INSIGHTS_NO_SOLITUDE = "No time alone logged in this stretch."
INSIGHTS_RHYTHM = "Daily rhythm: {sentence}"

# --- report, sessions, calendar (issue 7) ------------------------------------------
CALENDAR_WRITTEN = "Wrote {path}. Import it into your calendar app; nothing was sent anywhere."
SESSION_ADDED = "Session on {day} recorded. `ebbtide report --since-last-session` starts there."
NO_SESSIONS = "No sessions recorded yet. `ebbtide session add 2026-11-03` records one."
REPORT_WRITTEN = (
    "Wrote {path} ({pages}). It holds only the sections you chose; "
    "share it only if and when you want to."
)

# --- web (issue 4) ------------------------------------------------------------------
SERVE_DEMO = (
    "Showing a made-up demo history (kept apart, in {path}) until you press 'Start my own history'."
)
SERVE_AT = "ebbtide is open at {url} — press Ctrl+C to stop. Nothing leaves this computer."
SERVE_TOKEN_NOTE = (
    "Open that exact address: its token is what lets your browser in, and it changes "
    "every time ebbtide starts. Keep it to yourself."
)
SERVE_ON_SOCKET = (
    "ebbtide is listening on the socket {path} (only your account can open it) at {url} "
    "— press Ctrl+C to stop. Nothing leaves this computer."
)
SERVE_NOT_LOOPBACK = (
    "Listening on {host}: other devices on your network can reach this page, and the "
    "address travels unencrypted. Use 127.0.0.1 unless you are sure."
)
SERVE_NO_TOKEN = (
    "WARNING: --no-token: there is no secret. Anyone who can use this computer (other "
    "accounts included) can read and change everything in ebbtide while it runs, even an "
    "encrypted database. Stop it with Ctrl+C unless you are alone on this machine."
)

# --- data ownership (issue 6) --------------------------------------------------------
# --- your data: encryption, export/import, backup, erasure --------------------------
ASK_PASSPHRASE = "Passphrase for {path}: "
ASK_NEW_PASSPHRASE = "New passphrase: "
ASK_NEW_AGAIN = "The same passphrase again: "
PASSPHRASE_MISMATCH = "the two passphrases differ; nothing was changed"
PASSPHRASE_TOO_SHORT = "a passphrase needs at least {n} characters"
PASSPHRASE_NOTE = (
    "Keep this passphrase somewhere safe. Without it nobody, including you, can open the data."
)
INIT_DONE = "Created a new ebbtide database at {path}."
INIT_ENCRYPTED = "Created a new encrypted ebbtide database at {path}."
ENCRYPTED = "Encrypted {path}. From now on it opens only with the passphrase."
DECRYPT_CONFIRM = "Store {path} unencrypted again? Anyone with the file could then read it."
DECRYPTED = "{path} is no longer encrypted."
REKEYED = "Changed the passphrase of {path}."
KEYRING_SAVED = "The passphrase is kept in your system keyring for this database."
EXPORTED_JSON = "Exported {summary} to {path}."
EXPORTED_CSV = "Wrote {n} CSV files to {path}."
EXPORT_EMPTY = "nothing yet"
IMPORTED = "Imported {summary}."
IMPORT_NOTHING = "Nothing new to import: everything in the file is here already."
IMPORT_SKIPPED = "{n} already here, left as they were."
IMPORT_CRISIS = (
    "{n} imported {notes} may describe a crisis; `ebbtide safety-plan show` has your plan "
    "and crisis lines."
)
WOULD_IMPORT = "Dry run, nothing saved. Would import {summary}."
WOULD_IMPORT_NOTHING = "Dry run, nothing saved. Everything in the file is here already."
IMPORT_NEEDS_FILE = "name the file to import, e.g. ebbtide import export.json"
CONFIRM_BIG_CALENDAR = "This calendar would add {n} contacts. Import them all?"
BACKUP_DONE = "Backed up to {path}{encrypted}."
BACKUP_ENCRYPTED = " (encrypted with the same passphrase)"
RESTORE_CONFIRM = "Replace everything in {path} with the backup {backup}?"
RESTORED = "Restored {path} from {backup}."
FORGET_CONFIRM = "Forget {name}? This cannot be undone."
FORGET_LIST = "Forgetting {name} removes:"
FORGET_PERSON = "  {name} from your people"
FORGET_CONTACTS = "  {n} contact(s) with only {name}"
FORGET_SHARED = "  {name}'s name from {n} contact(s) with others (the contacts stay)"
FORGET_BOUNDARIES = "  {n} boundary record(s) with {name}"
FORGET_STEPS = "  {name}'s name from {n} step(s) (the steps stay)"
FORGOTTEN = "{name} is forgotten; nothing about them is left in the store."
ERASE_CONFIRM = "Erase the whole ebbtide store at {path}? Everything in it will be gone for good."
ERASED = "Erased {path}: the database and its side files are gone."
ERASED_SUBJECT = "Erased everything of '{subject}' from {path}."
NEEDS_YES = "this cannot be undone; add --yes to confirm"

# --- cohort analytics (issue 16) --------------------------------------------------------
COHORT_EXPORTED = (
    "Exported {subjects} subjects ({rows} rows) to {path}: {rewritten} of {buckets} buckets "
    "written, {changed} subjects new or changed, {removed} gone since the last export; "
    "{skipped} buckets kept unread (their subjects' revisions had not moved)."
)
COHORT_DASHBOARD = "Dask dashboard: {address}"
COHORT_RAN = (
    "Computed {person_days} person-days for {subjects} subjects in {buckets} buckets "
    "({reused} reused from an earlier run) into {path}."
)
COHORT_SUPPRESSED = "– : fewer than {n} people, not shown."
COHORT_FIRST_DRIFT = (
    "Time to first drift: {drifted} people drifted at some point (median {median} days after "
    "their first day); {never} never did."
)
COHORT_NO_TRANSITIONS = "No phase changes to show."
COHORT_CHART = "Wrote the chart to {path}."

# --- the clinic and study server (issue 14) ---------------------------------------------
SERVER_EXTRA = "the server needs its extra libraries: pip install 'ebbtide[server]'"

# --- passive phone data -------------------------------------------------------------
PASSIVE_IMPORTED = "Imported passive data for {people}: {rows} rows read, {added} new."
PASSIVE_SKIPPED = (
    "Skipped {n} malformed row(s); first: {where}. Use --strict to import nothing instead."
)
PASSIVE_PURGED = "Raw GPS older than {days} days was summarised by day and removed ({n} fixes)."
PASSIVE_FEATURES = "Wrote {n} file(s) to {path}."
PASSIVE_NOT_WRITTEN = "No table for {who}: {why}."
PASSIVE_NO_PLACES = (
    "No significant places yet: they come from GPS data (more than 15 minutes in one spot)."
)
PASSIVE_HOME_SET = "Place {n} is now your home; time at home is measured from there."
PASSIVE_PURGE_DONE = (
    "Removed {n} raw GPS fixes older than {days} days; their day summaries are kept. "
    "From now on raw GPS is kept for {days} days."
)
PASSIVE_PLACES_NOTE = "Coordinates stay private; add --show-coordinates to see them."
PASSIVE_NO_CONTACTS = "No calls or texts yet: `ebbtide passive import` brings them in."
PASSIVE_CONTACTS_NOTE = (
    "Numbers stay hashed. `ebbtide passive link HASH PERSON` says who one is (the first "
    "characters of the hash are enough)."
)
PASSIVE_LINKED = "{number} is now {person}: explanations will name them."
PASSIVE_UNLINKED = "{number} is no longer linked to anyone."


# --- errors from below, in the command line's words (codes: domain/errors.py) --------
ERRORS: dict[ErrorCode, str] = {
    ErrorCode.PERIOD_REVERSED: "--since is after --until",
    ErrorCode.REPORT_START_TWICE: "choose either --since-last-session or --from, not both",
    ErrorCode.NO_THERAPY_SESSION: (
        "no session is recorded yet; add one with `ebbtide session add DATE`"
    ),
    ErrorCode.UNKNOWN_SUBJECT: (
        "there is no history called '{code}' here (there is: {known}); "
        "add --create to start a new one"
    ),
    ErrorCode.DEMO_NOT_EMPTY: (
        "'{subject}' already has records; the demo only fills an empty history "
        "(try --subject demo to see it beside your own)"
    ),
    ErrorCode.IMPORT_CONFIRM: (
        "this calendar holds {count} past events with other people, and each would "
        "become a contact; add --yes to import them all"
    ),
    ErrorCode.IMPORT_FORMAT: "cannot tell what kind of file {name} is; add --format {formats}",
    ErrorCode.IMPORT_CALENDAR_CONTACTS: (
        "calendar events become contacts only if you ask: add --calendar-contacts "
        "(and --me YOUR@EMAIL so you are not counted as someone you met)"
    ),
    ErrorCode.DAYLIO_UNKNOWN_MOOD: (
        "mood '{mood}' is not in the mapping; add it under [moods] (see --mapping-template)"
    ),
    ErrorCode.PASSIVE_ONE_PARTICIPANT: "{folder} holds one participant's data; add --subject CODE",
    ErrorCode.PASSIVE_OLDER_THAN: "--older-than takes a number of days (0 or more)",
    ErrorCode.PASSIVE_FREQUENCY: "--frequency is daily or hourly",
    ErrorCode.COHORT_BUCKET_SIZE: "--bucket-size must be at least 1",
    ErrorCode.COHORT_EXECUTOR: "--executor must be one of: {choices}",
    ErrorCode.COHORT_WORKERS: "--workers must be at least 1",
    ErrorCode.COHORT_MEMORY: "--memory-per-worker takes a size such as 4GB or 512MB",
    ErrorCode.COHORT_SCHEDULER_EXECUTOR: "--scheduler is for --executor dask",
    ErrorCode.COHORT_SCHEDULER_SIZED: (
        "--workers and --memory-per-worker size a local cluster; with --scheduler the "
        "cluster's own workers are used"
    ),
    ErrorCode.COHORT_SERIAL_SIZED: "--workers and --memory-per-worker need another executor",
    ErrorCode.COHORT_BY: "--by must be week or month",
    ErrorCode.NO_DATABASE: (
        "there is no ebbtide database at {path} yet; log something first or run `ebbtide demo`"
    ),
    ErrorCode.PASSPHRASE_NEEDED: (
        "{path} is encrypted: give its passphrase (the prompt, EBBTIDE_PASSPHRASE, "
        "or the keyring if you chose to keep it there)"
    ),
    ErrorCode.PASSPHRASE_ON_SERVER: (
        "encryption at rest is for the SQLite file; a PostgreSQL server protects its own "
        "storage (unset EBBTIDE_PASSPHRASE for this database)"
    ),
    ErrorCode.PASSPHRASE_NOT_ENCRYPTED: (
        "{path} is not encrypted, but a passphrase was given; "
        "run `ebbtide encrypt` to encrypt it, or unset EBBTIDE_PASSPHRASE"
    ),
}

"""Every sentence the command line says to a person, in one place."""

from __future__ import annotations

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
DEMO_SEEDED = "Added a demo history: {records} records over {days} days for '{subject}'."
DEMO_NOT_EMPTY = (
    "'{subject}' already has records; the demo only fills an empty history "
    "(use --subject demo to try it beside your own)"
)
DELETED = "Deleted {kind} #{id}."
EDITED = "Updated {kind} #{id}."
BAD_SET = "--set takes FIELD=VALUE, e.g. --set state=connected"
INTERRUPTED = "Stopped. Nothing more was saved."
UNEXPECTED = (
    "something unexpected went wrong ({kind}). Nothing was sent anywhere. "
    "Set EBBTIDE_DEBUG=1 to see details."
)
CALENDAR_WRITTEN = "Wrote {path}. Import it into your calendar app; nothing was sent anywhere."
SESSION_ADDED = "Session on {day} recorded. `ebbtide report --since-last-session` starts there."
NO_SESSIONS = "No sessions recorded yet. `ebbtide session add 2026-11-03` records one."
REPORT_WRITTEN = (
    "Wrote {path} ({pages}). It holds only the sections you chose; "
    "share it only if and when you want to."
)

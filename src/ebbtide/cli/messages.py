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
SERVE_AT = "ebbtide is open at {url} — press Ctrl+C to stop. Nothing leaves this computer."
SERVE_NOT_LOOPBACK = (
    "Listening on {host}: other devices on your network can reach this page. "
    "There is no login; use 127.0.0.1 unless you are sure."
)

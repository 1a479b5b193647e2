"""The use cases that the CLI and the web app share.

Faces (CLI, web) call these functions and nothing below them. Every function takes a
``Context`` (store + subject + clock) and either returns domain records or plain data.
"""

from ebbtide.service.capture import (
    Saved,
    add_boundary,
    add_checkin,
    add_contact,
    add_reflection,
    add_solitude,
    moment,
)
from ebbtide.service.context import Context, open_context
from ebbtide.service.overview import DaySummary, Today, Week, today, week
from ebbtide.service.people import (
    PersonSummary,
    UnknownPeopleError,
    add_person,
    delete_person,
    edit_person,
    get_person,
    list_people,
    merge_people,
    people_names,
    unknown_people,
)
from ebbtide.service.plans import (
    add_routine,
    delete_routine,
    find_routine,
    list_routines,
    list_steps,
    plan_step,
    routine_done,
    routine_names,
    set_routine_active,
    step_done,
    step_notices,
    step_skip,
)
from ebbtide.service.records import (
    Entry,
    counts,
    day_entries,
    delete_entry,
    edit_entry,
    get_entry,
    log,
)

__all__ = [
    "Context",
    "DaySummary",
    "Entry",
    "PersonSummary",
    "Saved",
    "Today",
    "UnknownPeopleError",
    "Week",
    "add_boundary",
    "add_checkin",
    "add_contact",
    "add_person",
    "add_reflection",
    "add_routine",
    "add_solitude",
    "counts",
    "day_entries",
    "delete_entry",
    "delete_person",
    "delete_routine",
    "edit_entry",
    "edit_person",
    "find_routine",
    "get_entry",
    "get_person",
    "list_people",
    "list_routines",
    "list_steps",
    "log",
    "merge_people",
    "moment",
    "open_context",
    "people_names",
    "plan_step",
    "routine_done",
    "routine_names",
    "set_routine_active",
    "step_done",
    "step_notices",
    "step_skip",
    "today",
    "unknown_people",
    "week",
]

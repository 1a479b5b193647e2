"""The server's fixed words: roles, consent scopes, purposes, and actions (ENTITY.OPERATION)."""

from __future__ import annotations

from typing import Final

ANONYMOUS: Final = "anonymous"
CLIENT: Final = "client"
CLINICIAN: Final = "clinician"
STUDY_ADMIN: Final = "study-admin"
SITE_ADMIN: Final = "site-admin"
ROLES: Final = (CLIENT, CLINICIAN, STUDY_ADMIN, SITE_ADMIN)
MFA_ROLES: Final = frozenset({CLINICIAN, STUDY_ADMIN, SITE_ADMIN})
"""Roles that must give a TOTP code at every login."""

# What a client can share, and how the scope is named to a person.
SCOPES: Final[dict[str, str]] = {
    "checkins": "Check-ins (states, intensity, body signals; never notes)",
    "contacts.summary": "Contacts in summary (counts, channels; people as initials)",
    "contacts.detail": "Contacts in detail (each contact, with people's names)",
    "solitude": "Time alone (activities, chosen or escape, how it left you)",
    "boundaries": "Boundaries (with whom and how they were received; not the words)",
    "questionnaires": "Questionnaire totals and bands",
    "insights.phases": "Daily phases (connected, restoring, drifting, isolated)",
    "report": "The since-last-session report, built from what you share here",
    "reflections.chosen": "Reflections you pick one by one",
    "passive.comm.daily": "Phone calls and texts per day (counts only; no numbers, no words)",
    "passive.gps.daily": "Phone location per day (hours at home and hours known; no places)",
}
PURPOSES: Final[dict[str, str]] = {"treatment": "Treatment", "research": "Research"}
ORG_KINDS: Final = ("clinic", "study")

# Report sections a scope opens, for the clinician's page (same sections as the report).
SCOPE_SECTIONS: Final[dict[str, str]] = {
    "insights.phases": "phases",
    "checkins": "states",
    "solitude": "solitude",
    "contacts.summary": "relationships",
    "contacts.detail": "relationships",
    "boundaries": "boundaries",
    "questionnaires": "assessments",
    "reflections.chosen": "reflections",
}

# The phone's figures per day (from passive data), shown only when their scope is granted.
PASSIVE_SCOPES: Final = ("passive.comm.daily", "passive.gps.daily")
PASSIVE_HEADINGS: Final[dict[str, str]] = {
    "passive.comm.daily": "Phone calls and texts per day",
    "passive.gps.daily": "Phone location per day",
}
PASSIVE_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "passive.comm.daily": {
        "day": "Day",
        "covered_h": "Hours the phone was heard from",
        "calls_out": "Calls made",
        "people_texted": "People texted",
        "people": "People in touch by phone",
    },
    "passive.gps.daily": {
        "day": "Day",
        "covered_h": "Hours the phone was heard from",
        "gps_h": "Hours with a known location",
        "home_h": "Hours at home",
    },
}

# Actions a route can ask for. Each names the roles that may ever do it; everything
# else is denied. "Self" actions are about the actor's own account or data.
ACTIONS: Final[dict[str, frozenset[str]]] = {
    "public.read": frozenset({ANONYMOUS, *ROLES}),
    "auth.login": frozenset({ANONYMOUS, *ROLES}),
    "auth.logout": frozenset(ROLES),
    "me.read": frozenset(ROLES),
    "me.data.read": frozenset({CLIENT}),
    "me.data.write": frozenset({CLIENT}),
    "me.consent.read": frozenset({CLIENT}),
    "me.consent.write": frozenset({CLIENT}),
    "me.audit.read": frozenset({CLIENT}),
    "clients.list": frozenset({CLINICIAN}),
    "client.read": frozenset({CLINICIAN}),
    "study.list": frozenset({STUDY_ADMIN}),
    "study.read": frozenset({STUDY_ADMIN}),
    "study.enrol": frozenset({STUDY_ADMIN}),
    "site.accounts.read": frozenset({SITE_ADMIN}),
}

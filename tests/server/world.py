"""A small clinic and study, with one client per consent state, for the matrix and fuzz tests.

Clinician A ("own") and clinician B ("other") each have five clients, one per consent
state: none, granted (checkins + solitude), out of scope (solitude only), expired, and
revoked. Study S1 ("own", administered by the study admin) and S2 ("other") likewise
have five clients per research-consent state. Every client's records carry canary
strings in places no scope ever shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from ebbtide import service
from ebbtide.server import ServerDB, consent
from ebbtide.server.accounts import add_member, add_organisation
from ebbtide.server.repo import Organisation
from ebbtide.server.shared import client_context
from tests.server.conftest import Clock, User, make_user

STATES = ("none", "granted", "out-of-scope", "expired", "revoked")
ROLES = ("anonymous", "client", "clinician", "study-admin", "site-admin")
GRANTED = ("checkins", "solitude", "passive.comm.daily", "passive.gps.daily")
OUT_OF_SCOPE = ("solitude",)
ASKED_SCOPE = "checkins"
ASKED_SCOPES = ("checkins", "passive.comm.daily", "passive.gps.daily")
"""The scopes the matrix asks each client's data route for."""

# Canaries: text that must never reach a grantee, whatever is granted.
CANARY_CHECKIN_NOTE = "CANARY-checkin-note-7f3a"
CANARY_CONTACT_NOTE = "CANARY-contact-note-91bd"
CANARY_SOLITUDE_NOTE = "CANARY-solitude-note-c044"
CANARY_BOUNDARY_ASKED = "CANARY-boundary-asked-5e21"
CANARY_REFLECTION = "CANARY-unchosen-reflection-a9d0"
CANARY_PERSON = "Zoltanna Quirrelby"
"""A person's full name: only contacts.detail may show it."""
NEVER = (
    CANARY_CHECKIN_NOTE,
    CANARY_CONTACT_NOTE,
    CANARY_SOLITUDE_NOTE,
    CANARY_BOUNDARY_ASKED,
    CANARY_REFLECTION,
)


@dataclass
class World:
    """Everyone in the clinic and the studies."""

    db: ServerDB
    clock: Clock
    me: User  # the client who acts in the matrix
    clinician: User
    other_clinician: User
    scratch_clinician: User
    study_admin: User
    site_admin: User
    study: Organisation
    other_study: Organisation
    clients: dict[tuple[str, str], User] = field(default_factory=dict)
    """(own|other, state) -> the client in that consent state toward clinician A or B."""
    research: dict[tuple[str, str], User] = field(default_factory=dict)
    """(own|other, state) -> the client in that research-consent state toward S1 or S2."""
    grants: dict[str, str] = field(default_factory=dict)
    """client uid -> the uid of its grant (when it has one)."""

    def actor(self, role: str) -> User | None:
        """The user acting in a role (None for anonymous)."""
        return {
            "client": self.me,
            "clinician": self.clinician,
            "study-admin": self.study_admin,
            "site-admin": self.site_admin,
        }.get(role)


def seed_records(db: ServerDB, user: User) -> None:
    """A few days of records with canaries where nothing may share them."""
    from ebbtide.server.repo import account_by_uid

    with db.reading() as conn:
        account = account_by_uid(conn, user.uid)
    assert account is not None
    ctx = client_context(db, account)
    service.add_checkin(ctx, "mobilized", intensity=3, note=CANARY_CHECKIN_NOTE, when="2 hours ago")
    service.add_checkin(ctx, "connected", intensity=2, when="1 day ago")
    service.add_contact(
        ctx, [CANARY_PERSON], channel="call", minutes=20, safety=4, note=CANARY_CONTACT_NOTE,
        when="3 hours ago", create_missing=True,
    )  # fmt: skip
    service.add_solitude(
        ctx, "nature", minutes=40, chosen=True, note=CANARY_SOLITUDE_NOTE,
        when="5 hours ago",
    )  # fmt: skip
    service.add_boundary(
        ctx, CANARY_PERSON, asked=CANARY_BOUNDARY_ASKED, received="honoured", when="1 day ago"
    )
    service.add_reflection(ctx, "What helped today?", CANARY_REFLECTION, when="1 day ago")


def seed_phone_data(db: ServerDB, user: User) -> None:
    """Two weeks of demo phone data (calls, texts, GPS) for a client."""
    import tempfile
    from datetime import date
    from pathlib import Path

    from ebbtide.demo.beiwe import StudySpec, write_study
    from ebbtide.server.repo import account_by_uid
    from ebbtide.service import passive

    with db.reading() as conn:
        account = account_by_uid(conn, user.uid)
    assert account is not None
    ctx = client_context(db, account)
    spec = StudySpec(participants=1, days=14, start=date(2026, 11, 6), tz="Europe/Berlin", seed=3)
    with tempfile.TemporaryDirectory() as tmp:
        write_study(Path(tmp) / "study", spec)
        passive.import_beiwe(ctx, Path(tmp) / "study" / "p001", subject=ctx.subject)


def _grant(world: World, client: User, grantee: str, state: str, purpose: str) -> None:
    from ebbtide.server.repo import account_by_uid

    if state == "none":
        return
    db, clock = world.db, world.clock
    with db.reading() as conn:
        account = account_by_uid(conn, client.uid)
    assert account is not None
    scopes = OUT_OF_SCOPE if state == "out-of-scope" else GRANTED
    today = clock().date()
    until = today if state == "expired" else today + timedelta(days=365)
    g = consent.grant(db, account, consent.GrantRequest(grantee, scopes, purpose, until), "setup")
    world.grants[client.uid] = g["id"]
    if state == "revoked":
        consent.revoke(db, account, g["id"], "setup")


def build_world(db: ServerDB, clock: Clock) -> World:
    """Create the clinic, the studies, and one client per (own/other, state)."""
    clinic = add_organisation(db, "clinic", "Harbour Clinic")
    study = add_organisation(db, "study", "Tides Study")
    other_study = add_organisation(db, "study", "Other Study")
    w = World(
        db=db,
        clock=clock,
        me=make_user(db, "me@example.org", "client"),
        clinician=make_user(db, "dr.a@example.org", "clinician"),
        other_clinician=make_user(db, "dr.b@example.org", "clinician"),
        scratch_clinician=make_user(db, "dr.scratch@example.org", "clinician"),
        study_admin=make_user(db, "study@example.org", "study-admin"),
        site_admin=make_user(db, "admin@example.org", "site-admin"),
        study=study,
        other_study=other_study,
    )
    for u in (w.clinician, w.other_clinician, w.scratch_clinician):
        add_member(db, u.email, clinic.uid)
    add_member(db, w.study_admin.email, study.uid)
    seed_records(db, w.me)
    for side, doc, org in (("own", w.clinician, study), ("other", w.other_clinician, other_study)):
        for state in STATES:
            c = make_user(db, f"c-{side}-{state}@example.org", "client")
            seed_records(db, c)
            if (side, state) == ("own", "granted"):
                seed_phone_data(db, c)
            _grant(w, c, doc.email, state, "treatment")
            w.clients[(side, state)] = c
            r = make_user(db, f"r-{side}-{state}@example.org", "client")
            _grant(w, r, org.uid, state, "research")
            w.research[(side, state)] = r
    # "expired" grants end at the end of today's local day: move past it.
    clock.advance(days=2)
    return w

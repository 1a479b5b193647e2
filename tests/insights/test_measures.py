"""The shared definitions as polars expressions count the frames' rows as
``domain.measures`` counts the records."""

from __future__ import annotations

from datetime import UTC, datetime

from ebbtide.domain import measures, vocab
from ebbtide.domain.records import Boundary, Contact, Step
from ebbtide.insights import measures as fm
from ebbtide.insights.frames import frames_from_records

T0 = datetime(2026, 11, 2, 10, tzinfo=UTC)


def test_the_frames_count_by_the_same_definitions() -> None:
    contacts = [
        Contact(at=T0, tz="UTC", person_ids=(1,), safety=s, after=a)
        for s in (None, 2, 3, 4, 5)
        for a in (None, "connected", "shut-down")
    ]
    bs = [
        Boundary(at=T0, tz="UTC", person_id=1, asked="Space", received=r)
        for r in vocab.BOUNDARY_RESPONSES.codes
    ]
    steps = [
        Step(title="Call", status=status, created_at=T0, done_at=at)
        for status, at in (("done", T0), ("skipped", T0), ("planned", None))
    ]
    f = frames_from_records([*contacts, *bs, *steps])
    co = f.contacts.with_columns(safe=fm.felt_safe(), meaningful=fm.is_meaningful())
    assert co["safe"].to_list() == [measures.felt_safe(c) for c in contacts]
    assert co["meaningful"].to_list() == [measures.is_meaningful_contact(c) for c in contacts]
    bo = f.boundaries.with_columns(met=fm.boundary_met(), unmet=fm.boundary_unmet())
    assert bo["met"].to_list() == [measures.boundary_met(b) for b in bs]
    assert bo["unmet"].to_list() == [measures.boundary_unmet(b) for b in bs]
    done_days = [measures.step_done_day(s, 4) for s in steps]
    assert f.steps.select(fm.step_done()).to_series().to_list() == [
        d is not None for d in done_days
    ]

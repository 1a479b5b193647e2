"""The simulators as ``Case`` lists: the demo generator (in process, batch path), sim2 and
sim3 (each export imported into a real SQLite store with ``ebbtide import``'s own code,
then the insights read back per subject, as ``ebbtide insights --json`` does)."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from unittest.mock import patch

import numpy as np

from ebbtide.demo import History
from ebbtide.demo.frames import frames_from_histories
from ebbtide.insights.drift import DriftParams
from ebbtide.insights.model import PHASES
from ebbtide.insights.report import daily_phases

from . import Case

T = TypeVar("T")

_DEMO_KIND = {
    "stable": "never",
    "retreat": "retreat",
    "drift-gradual": "gradual",
    "drift-abrupt": "abrupt",
    "logs-stop": "dropout",
    "story": "other",
}
_SIM2_KIND = {
    "never-drift": "never",
    "mover": "never",
    "gradual-drift": "gradual",
    "abrupt-drift": "abrupt",
    "retreat": "retreat",
    "dropout": "dropout",
}
# sim3's kinds (read from its output, not its code): drifts other than a plain gradual or
# abrupt one count as "other" in the delay split.
_SIM3_KIND = {
    "never-drift": "never",
    "busy-not-isolated": "never",
    "gradual-drift": "gradual",
    "abrupt-drift": "abrupt",
    "retreat": "retreat",
    "dropout": "dropout",
}
# sim4's kinds (read from its docstring and output): people who are busy, move, or ordinarily
# see few people never drift; its "quiet-drift" counts as "other".
SIM4_KIND = _SIM3_KIND | {"low-contact": "never", "mover": "never"}
KINDS = {"sim2": _SIM2_KIND, "sim3": _SIM3_KIND, "sim4": SIM4_KIND}


def demo_cases(
    hs: list[History],
    end: date,
    contacts: Callable[[History], Any],
    params: DriftParams = DriftParams(),
) -> list[Case]:
    """Cases from demo histories, phases from the batch path (equal to one person's);
    ``contacts`` gives a history's logged contacts per day."""
    start = hs[0].truth.start
    d = daily_phases(frames_from_histories(hs), start=start, end=end, params=params)
    codes = d["phase"].to_numpy().reshape(len(hs), -1)
    out: list[Case] = []
    for h, row in zip(hs, codes, strict=True):
        t = h.truth
        labels = [("ordinary", "retreat", "drift", "isolated")[int(p)] for p in t.phases]
        onsets: list[int] = []
        ends: list[int | None] = []
        if t.drift_onset is not None:
            onsets.append((t.drift_onset - t.start).days)
            if t.recovery_start is not None:
                r = (t.recovery_start - t.start).days
                ends.append(r)
                for i in range(r, min(t.days, r + 45)):
                    labels[i] = "recovery"
            else:
                ends.append(None)
        if t.logging_stops is not None:
            for i in range((t.logging_stops - t.start).days, t.days):
                if labels[i] == "ordinary":
                    labels[i] = "dropout"
        out.append(
            Case(
                kind=_DEMO_KIND[t.archetype],
                labels=labels,
                onsets=onsets,
                ends=ends,
                retreats=[((a - t.start).days, (b - t.start).days) for a, b in t.retreats],
                contacts=np.asarray(contacts(h), np.int64),
                phases=[PHASES[int(c)] for c in row],
            )
        )
    return out


def _contacts_per_day(export: dict[str, Any], start: date, n: int) -> np.ndarray[Any, Any]:
    from ebbtide.domain.timekeeping import local_day

    out = np.zeros(n, np.int64)
    for c in export["contacts"]:
        at = datetime.fromisoformat(c["at"].replace("Z", "+00:00"))
        i = (local_day(at, c["tz"], 4) - start).days
        if 0 <= i < n:
            out[i] += 1
    return out


def read_imported(
    people: list[Any],
    read: Callable[[Any, Any], T],
    folder: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[T]:
    """``read(person, ctx)`` for each simulated person, right after their export went
    through ``import_file`` into one store (a subject per person, opened without a zone so
    the import decides it; in ``folder``, or a temporary one)."""
    from ebbtide.service.context import open_context
    from ebbtide.service.transfer import import_file

    tmp = tempfile.TemporaryDirectory() if folder is None else None
    where = Path(tmp.name) if tmp else folder
    assert where is not None
    db = str(where / "cohort.db")
    out: list[T] = []
    try:
        for k, p in enumerate(people):
            path = where / f"{p.code}.json"
            path.write_text(json.dumps(p.export), encoding="utf-8")
            ctx = open_context(db, subject=p.code, passphrase=None)
            try:
                import_file(ctx, path)
                out.append(read(p, ctx))
            finally:
                ctx.close()
            path.unlink()
            if progress:
                progress(k + 1)
    finally:
        if tmp:
            tmp.cleanup()
    return out


def imported_cases(
    people: list[Any],
    kinds: dict[str, str],
    folder: Path | None = None,
    progress: Callable[[int], None] | None = None,
    phone: Callable[[Any], Any] | None = None,
) -> list[Case]:
    """Cases from simulated people (``read_imported``), each read by ``insight_report`` as
    of the window's last day over the whole window; ``kinds`` maps the simulator's kinds
    to ``Case.kind``. ``phone(person)``, if given, is that person's passive evidence (or
    None), answered where the store's would be."""
    import ebbtide.service.passive as passive
    from ebbtide.service.insights import insight_report

    def read(p: Any, ctx: Any) -> Case:
        hook = _answer(phone(p)) if phone else passive.passive_evidence_for
        with patch.object(passive, "passive_evidence_for", hook):
            report = insight_report(ctx, as_of=p.end, days=p.days)
        by_day = {ph.day: ph.phase for ph in report.phases}
        return truth_case(p, kinds, [by_day.get(p.day(i), "none") for i in range(p.days)])

    return read_imported(people, read, folder, progress)


def truth_case(p: Any, kinds: dict[str, str], phases: list[str] | None = None) -> Case:
    """A simulated person's truth as a ``Case`` (``kinds`` maps the simulator's kinds)."""
    return Case(
        kind=kinds.get(p.kind, "other"),
        labels=list(p.truth),
        onsets=[(d - p.start).days for d in p.onsets],
        ends=[None if e is None else (e - p.start).days for e in p.ends],
        retreats=[((a - p.start).days, (b - p.start).days) for a, b in p.retreats],
        contacts=_contacts_per_day(p.export, p.start, p.days),
        phases=phases or [],
    )


def _answer(evidence: Any) -> Callable[[Any], Any]:
    """A stand-in for ``passive_evidence_for`` that answers with ``evidence``."""

    def evidence_for(_ctx: Any) -> Any:
        return evidence

    return evidence_for


def timed(label: str, f: Callable[[], Any]) -> Any:
    """``f()``, printing how long it took."""
    t = time.perf_counter()
    v = f()
    print(f"{label}: {time.perf_counter() - t:.1f} s")
    return v

"""Passive phone data: import from Beiwe or CSV, summaries, places, purge (docs/passive.md)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Connection

from ebbtide.domain.errors import ErrorCode, ValidationError, shown
from ebbtide.domain.timekeeping import to_epoch, zone
from ebbtide.sensing import beiwe, mobility, willow
from ebbtide.sensing.logs import CallLog, Coverage, GpsLog, PhoneData, TextLog
from ebbtide.sensing.places import PAUSE, cluster_pauses
from ebbtide.sensing.table import FeatureTable
from ebbtide.sensing.trajectory import build_trajectory
from ebbtide.service.context import Context
from ebbtide.service.transfer import _write_private
from ebbtide.store import clinical, repo, schema
from ebbtide.store import passive as store

Progress = Callable[[int, int], None]
DEFAULT_GPS_DAYS = 30
GPS_DAYS_KEY = "passive.gps_days"
SHOWN_PROBLEMS = 3
_PAUSE_DIGITS = 5  # kept pause centres: ~1 m, enough for 50 m places, never raw fixes


@dataclass
class ParticipantImport:
    """What one participant's import added."""

    subject: str
    rows: int
    added: int


@dataclass
class ImportSummary:
    """The outcome of an import: per participant, and the rows that were skipped."""

    participants: list[ParticipantImport] = field(default_factory=list)
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    purged_gps: int = 0
    retention_days: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The summary for ``--json``."""
        return {
            "participants": [vars(p) for p in self.participants],
            "skipped": self.skipped,
            "problems": self.problems,
            "purged_gps": self.purged_gps,
            "gps_kept_days": self.retention_days,
        }


# --- import -------------------------------------------------------------------------------


def _check_problems(problems: list[beiwe.Problem], strict: bool) -> None:
    if problems and strict:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ValidationError("file", f"{shown(problems[0], 200)}{more}; nothing was imported")


def import_beiwe(
    ctx: Context,
    folder: Path,
    *,
    tz: str | None = None,
    subject: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a Beiwe study folder (one subject per participant) or, with ``subject``, one
    participant's folder; all of it in one transaction."""
    if not folder.is_dir():
        raise ValidationError("folder", f"{shown(folder, 80)} is not a folder")
    zone_name = tz or ctx.tz
    zone(zone_name)
    if subject is not None:
        targets = [(subject, folder)]
    else:
        if any((folder / s).is_dir() for s in beiwe.STREAMS):
            raise ValidationError(
                "folder",
                code=ErrorCode.PASSIVE_ONE_PARTICIPANT,
                params={"folder": shown(folder, 80)},
            )
        targets = [(p.name, p) for p in beiwe.participant_folders(folder)]
    if not targets:
        raise ValidationError(
            "folder", f"no Beiwe calls, texts or gps folders in {shown(folder, 80)}"
        )
    for code, _ in targets:
        if not code or len(code) > 64:
            raise ValidationError("subject", f"'{shown(code)}' cannot be a subject code")
    total = beiwe.count_files(p for _, p in targets)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    readings = [(code, beiwe.read_participant(path, on_file=tick)) for code, path in targets]
    problems = [p for _, r in readings for p in r.problems]
    _check_problems(problems, strict)
    summary = ImportSummary(
        skipped=len(problems), problems=[str(p) for p in problems[:SHOWN_PROBLEMS]]
    )
    retention = summary.retention_days = gps_retention_days(ctx)
    now = to_epoch(ctx.now())

    def work(conn: Connection) -> None:
        for code, reading in readings:
            sid = repo.get_or_create_subject(conn, code, zone_name)
            added, not_kept = _store_phone_data(conn, sid, reading.data, now, retention)
            summary.participants.append(ParticipantImport(code, reading.rows, added))
            summary.purged_gps += not_kept + _keep_and_purge(
                conn, sid, zone_name, now, retention, reading.data.gps
            )

    ctx.store.write(work)
    return summary


def import_csv(ctx: Context, file: Path, *, strict: bool = False) -> ImportSummary:
    """Import a plain CSV of passive events (see docs/passive.md for its columns)."""
    if not file.is_file():
        raise ValidationError("file", f"{shown(file, 80)} is not a file")
    per, rows, problems = beiwe.read_plain(beiwe.iter_lines(file), file.name)
    _check_problems(problems, strict)
    summary = ImportSummary(
        skipped=len(problems), problems=[str(p) for p in problems[:SHOWN_PROBLEMS]]
    )
    retention = summary.retention_days = gps_retention_days(ctx)
    now = to_epoch(ctx.now())

    def work(conn: Connection) -> None:
        for who, data in per.items():
            code = who or ctx.subject
            sid = repo.get_or_create_subject(conn, code, ctx.tz) if who else ctx.subject_id
            tz = _subject_tz(conn, sid, ctx.tz)
            added, not_kept = _store_phone_data(conn, sid, data, now, retention)
            summary.purged_gps += not_kept
            n = sum(len(x) for x in (data.calls, data.texts, data.gps) if x is not None)
            summary.participants.append(ParticipantImport(code, n, added))
            summary.purged_gps += _keep_and_purge(conn, sid, tz, now, retention, data.gps)

    ctx.store.write(work)
    del rows
    return summary


def _none_if_nan(v: float) -> float | None:
    return None if math.isnan(v) else float(v)


def _store_phone_data(
    conn: Connection, sid: int, data: PhoneData, now: int, gps_days: int
) -> tuple[int, int]:
    """Store calls, texts and coverage; raw GPS only within the kept days (older fixes are
    summarised by day from memory and never written). Returns (rows added, fixes not kept)."""
    added = not_kept = 0
    if data.calls is not None:
        c = data.calls
        rows = list(
            zip(
                c.ts_ms.tolist(),
                c.number,
                c.kind.tolist(),
                [_none_if_nan(v) for v in c.seconds.tolist()],
                c.file_hour.tolist(),
                strict=True,
            )
        )
        added += store.add_events(conn, schema.passive_calls, sid, store.CALL_FIELDS, rows)
    if data.texts is not None:
        t = data.texts
        rows = list(
            zip(
                t.ts_ms.tolist(),
                t.number,
                t.kind.tolist(),
                t.length.tolist(),
                t.file_hour.tolist(),
                strict=True,
            )
        )
        added += store.add_events(conn, schema.passive_texts, sid, store.TEXT_FIELDS, rows)
    if data.gps is not None:
        g = data.gps
        keep = g.ts_ms >= (now - gps_days * 86_400) * 1000
        not_kept = int((~keep).sum())
        gps_rows = list(
            zip(
                g.ts_ms[keep].tolist(),
                g.lat[keep].tolist(),
                g.lon[keep].tolist(),
                [_none_if_nan(v) for v in g.accuracy[keep].tolist()],
                strict=True,
            )
        )
        added += store.add_events(conn, schema.passive_gps, sid, store.GPS_FIELDS, gps_rows)
    for stream, hours in data.coverage.hours.items():
        store.add_hours(conn, sid, stream, hours.tolist())
        if not hours.size:
            store.add_hours(conn, sid, stream, [])
    store.set_enrolled(conn, sid, data.coverage.enrolled_s, now)
    return added, not_kept


def _subject_tz(conn: Connection, sid: int, default: str) -> str:
    for i, _, tz in repo.list_subjects(conn):
        if i == sid:
            return tz
    return default


# --- reading back -------------------------------------------------------------------------


def load_phone_data(conn: Connection, sid: int) -> PhoneData:
    """Everything passive stored for one subject, as sensing logs."""
    hours = {k: np.asarray(v, dtype=np.int64) for k, v in store.hours(conn, sid).items()}
    cov = Coverage(hours, store.enrolled(conn, sid))
    calls = texts = gps = None
    rows = store.events(conn, schema.passive_calls, sid, store.CALL_FIELDS)
    if rows or "calls" in hours:
        ts, num, kind, secs, fh = _columns(rows, 5)
        calls = CallLog(
            np.asarray(ts, np.int64),
            tuple(num),
            np.asarray(kind, np.int64),
            np.asarray([math.nan if s is None else s for s in secs], np.float64),
            np.asarray(fh, np.int64),
        )
    rows = store.events(conn, schema.passive_texts, sid, store.TEXT_FIELDS)
    if rows or "texts" in hours:
        ts, num, kind, length, fh = _columns(rows, 5)
        texts = TextLog(
            np.asarray(ts, np.int64),
            tuple(num),
            np.asarray(kind, np.int64),
            np.asarray(length, np.int64),
            np.asarray(fh, np.int64),
        )
    rows = store.events(conn, schema.passive_gps, sid, store.GPS_FIELDS)
    if rows or "gps" in hours:
        ts, lat, lon, acc = _columns(rows, 4)
        gps = GpsLog(
            np.asarray(ts, np.int64),
            np.asarray(lat, np.float64),
            np.asarray(lon, np.float64),
            np.asarray([math.nan if a is None else a for a in acc], np.float64),
        )
    return PhoneData(calls, texts, gps, cov)


def _columns(rows: list[tuple[Any, ...]], n: int) -> list[list[Any]]:
    return [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in range(n)]


# --- GPS: kept day summaries and the raw-point retention -----------------------------------


def gps_retention_days(ctx: Context) -> int:
    """How many days raw GPS fixes are kept (the person's choice; 30 by default)."""
    with ctx.store.reading() as conn:
        value = clinical.get_setting(conn, ctx.subject_id, GPS_DAYS_KEY)
    return int(value) if value and value.isdigit() else DEFAULT_GPS_DAYS


def _home_for(conn: Connection, sid: int, traj: np.ndarray, tz: str) -> tuple[float, float] | None:
    confirmed = store.home(conn, sid)
    return (
        confirmed if confirmed is not None else mobility.locate_home(traj, tz, exact_forest=False)
    )


def _day_pauses(traj: np.ndarray, t0: float, t1: float, tz: str) -> list[list[float]]:
    out = []
    for r in traj[(traj[:, 0] == PAUSE) & (traj[:, 3] >= t0) & (traj[:, 3] < t1)]:
        hour = datetime.fromtimestamp((r[3] + r[6]) / 2, UTC).astimezone(zone(tz)).hour
        night = 1.0 if hour >= 19 or hour <= 9 else 0.0
        out.append(
            [round(r[1], _PAUSE_DIGITS), round(r[2], _PAUSE_DIGITS), float(r[6] - r[3]), night]
        )
    return out


def _merge_gps(a: GpsLog | None, b: GpsLog | None) -> GpsLog | None:
    """Fixes of both logs in time order, each instant once."""
    logs = [g for g in (a, b) if g is not None and len(g)]
    if len(logs) < 2:
        return logs[0] if logs else None
    ts = np.concatenate([g.ts_ms for g in logs])
    _, first = np.unique(ts, return_index=True)
    cat = [np.concatenate([getattr(g, f) for g in logs])[first] for f in ("lat", "lon", "accuracy")]
    return GpsLog(ts[first], cat[0], cat[1], cat[2])


def _summaries_from_raw(
    conn: Connection, sid: int, tz: str, extra: GpsLog | None = None
) -> dict[date, dict[str, Any]]:
    gps = _merge_gps(load_phone_data(conn, sid).gps, extra)
    if gps is None:
        return {}
    traj = build_trajectory(gps)
    if not traj.shape[0]:
        return {}
    table = mobility.daily_mobility(traj, tz, _home_for(conn, sid, traj, tz))
    out: dict[date, dict[str, Any]] = {}
    for row in table.rows():
        day = date(int(row[0]), int(row[1]), int(row[2]))
        start = datetime(day.year, day.month, day.day, tzinfo=zone(tz)).timestamp()
        figures = dict(zip(mobility.COLUMNS[3:], row[3:], strict=True))
        out[day] = {
            "figures": {k: (None if math.isnan(v) else v) for k, v in figures.items()},
            "pauses": _day_pauses(traj, start, start + 86_400, tz),
        }
    return out


def _keep_and_purge(
    conn: Connection, sid: int, tz: str, now: int, days: int, extra: GpsLog | None = None
) -> int:
    """Keep the day summaries of every day with raw GPS, then drop fixes older than ``days``."""
    summaries = _summaries_from_raw(conn, sid, tz, extra)
    store.save_gps_days(conn, sid, {d: json.dumps(s) for d, s in summaries.items()})
    return store.purge_gps(conn, sid, (now - days * 86_400) * 1000)


def purge_raw(ctx: Context, older_than_days: int) -> int:
    """Delete raw GPS fixes older than the given days, for every subject with passive data,
    after keeping their day summaries; remember the choice for later imports."""
    if older_than_days < 0:
        raise ValidationError("older-than", code=ErrorCode.PASSIVE_OLDER_THAN)
    now = to_epoch(ctx.now())

    def work(conn: Connection) -> int:
        clinical.put_setting(conn, ctx.subject_id, GPS_DAYS_KEY, str(older_than_days))
        return sum(
            _keep_and_purge(conn, sid, tz, now, older_than_days)
            for sid, _, tz in store.passive_subjects(conn)
        )

    return ctx.store.write(work)


# --- features -----------------------------------------------------------------------------


@dataclass
class FeaturesResult:
    """Files written, and subjects for which there was nothing to write."""

    files: list[Path] = field(default_factory=list)
    not_written: list[tuple[str, str]] = field(default_factory=list)


def gps_table(
    conn: Connection, sid: int, tz: str, *, forest_compat: bool = False
) -> FeatureTable | None:
    """Daily GPS summaries: kept days, with days still backed by raw fixes recomputed."""
    data = load_phone_data(conn, sid)
    if forest_compat:
        if data.gps is None or not len(data.gps):
            return None
        traj = build_trajectory(data.gps)
        home = mobility.locate_home(traj, tz)
        if not traj.shape[0] or home is None:
            return None
        return mobility.daily_mobility(traj, tz, home, forest_compat=True)
    kept = {d: json.loads(s) for d, s in store.gps_days(conn, sid).items()}
    kept.update(_summaries_from_raw(conn, sid, tz))
    if not kept:
        return None
    days = sorted(kept)
    data_cols: dict[str, list[float]] = {
        "year": [d.year for d in days],
        "month": [d.month for d in days],
        "day": [d.day for d in days],
    }
    for c in mobility.COLUMNS[3:]:
        data_cols[c] = [math.nan if (v := kept[d]["figures"].get(c)) is None else v for d in days]
    from ebbtide.sensing.table import build

    return build(mobility.COLUMNS, data_cols, mobility.INTEGER_COLUMNS)


def write_features(
    ctx: Context,
    out_dir: Path,
    frequency: willow.Frequency,
    *,
    tz: str | None = None,
    forest_compat: bool = False,
) -> FeaturesResult:
    """Write ``<participant>.csv`` (calls and texts) and, daily, ``gps/<participant>.csv``."""
    if frequency not in ("daily", "hourly"):
        raise ValidationError("frequency", code=ErrorCode.PASSIVE_FREQUENCY)
    if tz is not None:
        zone(tz)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValidationError("output", f"{shown(out_dir, 80)} is a file; give a folder")
    result = FeaturesResult()
    outputs: list[tuple[Path, str]] = []
    with ctx.store.reading() as conn:
        subjects = store.passive_subjects(conn)
        for sid, code, subject_tz in subjects:
            zone_name = tz or subject_tz
            data = load_phone_data(conn, sid)
            table = willow.comm_summary(data, zone_name, frequency, forest_compat=forest_compat)
            if table is None:
                why = "Forest makes no table for it" if forest_compat else "no calls or texts"
                result.not_written.append((code, why))
            else:
                outputs.append((out_dir / f"{code}.csv", table.to_csv()))
            if frequency == "daily":
                g = gps_table(conn, sid, zone_name, forest_compat=forest_compat)
                if g is not None:
                    outputs.append((out_dir / "gps" / f"{code}.csv", g.to_csv()))
    for path, text in outputs:
        _write_private(path, text)
        result.files.append(path)
    return result


# --- places -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceSummary:
    """A significant place: where (kept private unless asked), how long, how often."""

    number: int
    lat: float
    lon: float
    hours: float
    visits: int
    night_hours: float
    is_home: bool
    confirmed: bool


def _all_pauses(conn: Connection, sid: int, tz: str) -> list[list[float]]:
    kept = {d: json.loads(s) for d, s in store.gps_days(conn, sid).items()}
    kept.update(_summaries_from_raw(conn, sid, tz))
    return [p for d in sorted(kept) for p in kept[d]["pauses"]]


def list_places(ctx: Context) -> list[PlaceSummary]:
    """The person's significant places (> 15 min in all), most time first, home marked."""
    with ctx.store.reading() as conn:
        pauses = _all_pauses(conn, ctx.subject_id, ctx.tz)
        confirmed = store.home(conn, ctx.subject_id)
    if not pauses:
        return []
    arr = np.asarray([[2, p[0], p[1], 0, p[0], p[1], p[2], 1] for p in pauses], dtype=np.float64)
    places = cluster_pauses(arr, mobility.SIG_PLACE_RADIUS_M, exact_forest=False)
    night = [0.0] * len(places)
    from ebbtide.sensing.geo import haversine_one

    for p in pauses:
        if p[3]:
            k = min(
                range(len(places)),
                key=lambda i: haversine_one(p[0], p[1], places[i].lat, places[i].lon),
            )
            night[k] += p[2]
    order = sorted(
        (i for i, pl in enumerate(places) if pl.seconds > mobility.SIG_PLACE_MIN_S),
        key=lambda i: -places[i].seconds,
    )
    home_idx = None
    if confirmed is not None:
        near = [i for i in order if haversine_one(*confirmed, places[i].lat, places[i].lon) <= 50]
        home_idx = near[0] if near else None
    elif order:
        home_idx = max(order, key=lambda i: night[i])
    return [
        PlaceSummary(
            n + 1,
            places[i].lat,
            places[i].lon,
            places[i].seconds / 3600,
            places[i].visits,
            night[i] / 3600,
            i == home_idx,
            confirmed is not None and i == home_idx,
        )
        for n, i in enumerate(order)
    ]


def confirm_home(ctx: Context, number: int) -> PlaceSummary:
    """Confirm place ``number`` (from ``list_places``) as home."""
    places = list_places(ctx)
    chosen = next((p for p in places if p.number == number), None)
    if chosen is None:
        raise ValidationError(
            "home", f"there is no place {number}; `ebbtide passive places` lists them"
        )
    now = to_epoch(ctx.now())
    ctx.store.write(lambda conn: store.set_home(conn, ctx.subject_id, chosen.lat, chosen.lon, now))
    return PlaceSummary(
        chosen.number,
        chosen.lat,
        chosen.lon,
        chosen.hours,
        chosen.visits,
        chosen.night_hours,
        True,
        True,
    )


# --- phone signals in insights ------------------------------------------------------------

SIGNALS_KEY = "insights.phone_signals"


def phone_signals_enabled(ctx: Context) -> bool:
    """Whether the person wants phone signals in their insights (on unless switched off)."""
    with ctx.store.reading() as conn:
        return clinical.get_setting(conn, ctx.subject_id, SIGNALS_KEY) != "off"


def set_phone_signals(ctx: Context, on: bool) -> None:
    """Switch phone signals in insights on or off."""
    ctx.store.write(
        lambda conn: clinical.put_setting(conn, ctx.subject_id, SIGNALS_KEY, None if on else "off")
    )


def has_phone_data(ctx: Context) -> bool:
    """Whether the subject has any passive data at all."""
    from sqlalchemy import select

    t = schema.passive_hours
    with ctx.store.reading() as conn:
        return (
            conn.execute(
                select(t.c.subject_id).where(t.c.subject_id == ctx.subject_id).limit(1)
            ).first()
            is not None
        )


def passive_fingerprint(conn: Connection, sid: int) -> tuple[int, ...]:
    """What cached insights depend on among passive data (changes with every import)."""
    from sqlalchemy import func, select

    out = []
    for t in (schema.passive_hours, schema.passive_gps_days, schema.passive_home):
        stmt = select(func.count()).select_from(t).where(t.c.subject_id == sid)
        out.append(int(conn.execute(stmt).scalar_one()))
    return (*out, int(clinical.get_setting(conn, sid, SIGNALS_KEY) == "off"))


def passive_days(ctx: Context) -> Any:
    """The subject's phone signals per local day (``insights.passive_evidence.PASSIVE_DAY``),
    or None when there are none. Days start at the person's day-start hour; GPS days are
    calendar days (jasmine's)."""
    import polars as pl

    from ebbtide.insights.passive_evidence import PASSIVE_DAY
    from ebbtide.sensing import clock
    from ebbtide.service.passive_links import linked_names, texted_per_day

    with ctx.store.reading() as conn:
        data = load_phone_data(conn, ctx.subject_id)
        gps = gps_table(conn, ctx.subject_id, ctx.tz)
        names = linked_names(conn, ctx.subject_id)
    comm = willow.comm_summary(data, ctx.tz, "daily", day_start_hour=ctx.day_start_hour)
    if comm is None and gps is None:
        return None
    rows: dict[date, dict[str, float]] = {}

    def day_of(table: FeatureTable, i: int) -> date:
        return date(
            int(table.column("year")[i]), int(table.column("month")[i]), int(table.column("day")[i])
        )

    if comm is not None:
        for i in range(len(comm)):
            r = rows.setdefault(day_of(comm, i), {})
            r["calls_out"] = float(comm.column("num_out_call")[i])
            r["texted"] = float(comm.column("num_s_tel")[i])
            r["people"] = float(comm.column("num_uniq_individuals_call_or_text")[i])
    if gps is not None:
        for i in range(len(gps)):
            r = rows.setdefault(day_of(gps, i), {})
            r["gps_h"] = float(gps.column("obs_duration")[i])
            r["home_h"] = float(gps.column("home_time")[i])
    hours = data.coverage.any_hours()
    first, last = min(rows), max(rows)
    edges, days = clock.local_day_edges(
        clock.local_midnight(first, ctx.tz, ctx.day_start_hour),
        clock.local_midnight(last, ctx.tz, ctx.day_start_hour),
        ctx.tz,
        ctx.day_start_hour,
    )
    covered = np.bincount(
        np.searchsorted(edges, hours, side="right") - 1 + 1, minlength=len(days) + 2
    )[1:-1]
    nan = math.nan
    frame = {
        "day": days,
        "covered_h": [float(c) for c in covered[: len(days)]],
        **{
            k: [rows.get(d, {}).get(k, nan) for d in days]
            for k in ("calls_out", "texted", "people", "gps_h", "home_h")
        },
    }
    out = pl.DataFrame(frame, schema=PASSIVE_DAY, nan_to_null=True)
    if names:
        texted = texted_per_day(names, np.asarray(edges, dtype=np.float64), data.texts)
        out = out.with_columns(
            pl.Series("texted_names", texted[: len(days)], dtype=pl.List(pl.String()))
        )
    return out


def passive_evidence_for(ctx: Context) -> Any:
    """Per-day passive evidence for the subject (None if switched off or no phone data)."""
    if not phone_signals_enabled(ctx):
        return None
    days = passive_days(ctx)
    if days is None:
        return None
    from ebbtide.insights.passive_evidence import passive_evidence

    return passive_evidence(days)


@dataclass(frozen=True)
class PhoneSignals:
    """The last week of phone signals against the usual, for the Insights page."""

    week_end: date
    home_h: float | None
    usual_home_h: float | None
    contacts: float | None
    usual_contacts: float | None
    people: float | None
    usual_people: float | None
    places: int
    known_days: int
    sentences: tuple[str, ...]


def _mean(values: list[float]) -> float | None:
    vals = [v for v in values if v is not None and not math.isnan(v)]
    return sum(vals) / len(vals) if vals else None


def phone_signals(ctx: Context) -> PhoneSignals | None:
    """A small summary of the last seven days with phone data, or None."""
    evidence = passive_evidence_for(ctx)
    if evidence is None or evidence.height == 0:
        return None
    week = evidence.tail(7)
    last = week.row(week.height - 1, named=True)

    def avg(name: str) -> float | None:
        return _mean([float(v) if v is not None else math.nan for v in week[name].to_list()])

    return PhoneSignals(
        week_end=last["day"],
        home_h=avg("home_h"),
        usual_home_h=last["usual_home_h"],
        contacts=avg("contacts"),
        usual_contacts=last["usual_contacts"],
        people=avg("people"),
        usual_people=last["usual_people"],
        places=len(list_places(ctx)),
        known_days=int(week["passive_known"].sum()),
        sentences=tuple(last["passive_sentences"] or ()),
    )

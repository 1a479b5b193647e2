"""Use cases that move data in and out: export to JSON/CSV, import from files."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ebbtide.domain import spec
from ebbtide.domain.errors import ErrorCode, ValidationError
from ebbtide.interop.bundle import Bundle, LoadResult, Progress, load
from ebbtide.service.context import Context

FORMATS = ("ebbtide", "daylio", "vcard", "ics")
CALENDAR_ASK_ABOVE = 1000
"""A calendar import that would add more contacts than this asks first."""


class NeedsConfirmation(ValidationError):
    """The import is unusually large: it goes ahead only once the person confirms."""

    def __init__(self, count: int) -> None:
        super().__init__("confirm", code=ErrorCode.IMPORT_CONFIRM, params={"count": count})
        self.count = count


def _write_private(path: Path, text: str) -> None:
    """Write a file readable only by its owner, atomically (temp file, then rename)."""
    from ebbtide.interop.files import atomic_write

    atomic_write(path, text.encode("utf-8"))


def export_document(ctx: Context) -> dict[str, Any]:
    """The subject's whole history as an export document."""
    from ebbtide.interop.ebbtide_json import dump

    with ctx.store.reading() as conn:
        return dump(conn, ctx.subject_id, ctx.subject, ctx.tz)


def _counts(doc: dict[str, Any]) -> dict[str, int]:
    from ebbtide.interop.ebbtide_json import SECTIONS

    return {s: len(doc[s]) for s in SECTIONS if doc[s]}


def export_json(ctx: Context, target: Path) -> dict[str, int]:
    """Write the JSON export to ``target``; return how many items of each kind."""
    from ebbtide.interop.ebbtide_json import to_text

    doc = export_document(ctx)
    _write_private(target, to_text(doc))
    return _counts(doc)


def export_csv(ctx: Context, folder: Path) -> list[Path]:
    """Write one CSV file per record kind into ``folder``; return the files."""
    from ebbtide.interop.csv_export import to_tables

    if folder.exists() and not folder.is_dir():
        raise ValidationError("output", f"{folder} is a file; give a folder for the CSV files")
    written = []
    for name, text in to_tables(export_document(ctx)).items():
        _write_private(folder / name, text)
        written.append(folder / name)
    return written


def detect_format(path: Path) -> str:
    """Guess a file's format from its name and first line."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "ebbtide"
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix in (".ics", ".ical"):
        return "ics"
    if suffix == ".csv":
        return "daylio"
    raise ValidationError(
        "format",
        code=ErrorCode.IMPORT_FORMAT,
        params={"name": path.name, "formats": "|".join(FORMATS)},
    )


@dataclass(frozen=True)
class ImportOptions:
    """Choices for one import."""

    fmt: str | None = None
    mapping: Path | None = None
    calendar_contacts: bool = False
    me: tuple[str, ...] = ()
    confirmed: bool = False


def read_bundle(ctx: Context, path: Path, options: ImportOptions) -> Bundle:
    """Parse a file into a bundle of validated records (nothing is written)."""
    from ebbtide.interop.bundle import check_bundle

    bundle = _parse_file(ctx, path, options)
    check_bundle(bundle, ctx.now())
    _check_extras(bundle)
    big = len(bundle.records) > CALENDAR_ASK_ABOVE
    if big and (options.fmt or detect_format(path)) == "ics" and not options.confirmed:
        raise NeedsConfirmation(len(bundle.records))
    return bundle


def _check_extras(bundle: Bundle) -> None:
    """The safety plan and settings in a file meet the same rules as typed ones."""
    import json

    from ebbtide.domain.away import AWAY_KEY
    from ebbtide.domain.away import parse as away_parse
    from ebbtide.domain.text import check_text
    from ebbtide.safety.plan import SECTIONS, make_plan

    if bundle.safety_plan is not None:
        try:
            sections = json.loads(bundle.safety_plan["body"])
            if not isinstance(sections, dict):
                raise TypeError("not an object")
            known = {k for k, _ in SECTIONS}
            make_plan(**{k: v for k, v in sections.items() if k in known})
        except ValidationError as exc:
            raise ValidationError(exc.field, f"safety_plan: {exc.message}") from exc
        except (ValueError, TypeError) as exc:
            raise ValidationError(
                "file", "safety_plan: the body must map sections to lists"
            ) from exc
    for key, value in bundle.settings.items():
        if key == AWAY_KEY:
            # A list of periods, as ebbtide's own export writes it: each period is checked,
            # not the length of the whole list (a history may hold many holidays).
            away_parse(value, f"settings.{AWAY_KEY}")
            continue
        check_text(f"settings.{key[:40]}", value, 200, one_line=True)


def _parse_file(ctx: Context, path: Path, options: ImportOptions) -> Bundle:
    if not path.is_file():
        raise ValidationError("file", f"there is no file at {path}")
    fmt = options.fmt or detect_format(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError("file", f"{path.name} is not UTF-8 text") from exc
    except OSError as exc:
        from ebbtide.store.private import problem_in_words

        raise ValidationError("file", f"cannot read {path}: {problem_in_words(exc)}") from exc
    if fmt == "ebbtide":
        from ebbtide.interop.ebbtide_json import parse

        return parse(text)
    if fmt == "daylio":
        from ebbtide.interop.daylio import load_mapping, parse_daylio

        return parse_daylio(text, load_mapping(options.mapping), tz=ctx.tz, now=ctx.now())
    if fmt == "vcard":
        from ebbtide.interop.vcard import parse_vcards

        return parse_vcards(text)
    if fmt == "ics":
        if not options.calendar_contacts:
            raise ValidationError("ics", code=ErrorCode.IMPORT_CALENDAR_CONTACTS)
        from ebbtide.interop.calendar import parse_calendar

        return parse_calendar(text, tz=ctx.tz, now=ctx.now(), me=options.me)
    raise ValidationError("format", f"unknown format '{fmt}'; choose {', '.join(FORMATS)}")


class _DryRun(Exception):
    def __init__(self, result: LoadResult) -> None:
        super().__init__("dry run")
        self.result = result


# Fields that hold the person's own words, in any record kind.
_TEXT_FIELDS = tuple(dict.fromkeys(n for k in spec.RECORDS.values() for n in k.written))


def _crisis_notes(records: list[Any]) -> int:
    """How many imported records hold text that may describe a crisis (never logged)."""
    from ebbtide.safety import detect

    count = 0
    for r in records:
        text = " \n".join(str(getattr(r, f, "") or "") for f in _TEXT_FIELDS).strip()
        if text and detect(text).flagged:
            count += 1
    return count


def import_file(
    ctx: Context,
    path: Path,
    options: ImportOptions = ImportOptions(),
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> LoadResult:
    """Import a file in one transaction; with ``dry_run`` report and roll everything back."""
    bundle = read_bundle(ctx, path, options)

    def work(conn: Any) -> LoadResult:
        result = load(conn, ctx.subject_id, bundle, progress)
        result = replace(result, crisis_notes=_crisis_notes(bundle.records))
        if dry_run:
            raise _DryRun(result)  # leaving the transaction by an exception rolls it back
        return result

    try:
        result = ctx.write(work)
    except _DryRun as dry:
        return dry.result
    if result.zone and not ctx.tz_chosen:
        ctx.tz = result.zone  # from now on this context reads days in the subject's zone
    return result

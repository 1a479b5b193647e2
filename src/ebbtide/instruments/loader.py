"""Loading instruments from their data files, with validation.

On-disk format (one TOML file per instrument in ``instruments/data/``):

- top level: ``code``, ``name``, ``short_name``, ``version``, ``kind`` ("scored" or
  "categorical"), ``preamble``, ``citation``, ``licence``, ``verification`` (what was checked
  against which source, and what could not be), optional ``loinc_panel``, ``loinc_total``,
  ``loinc_total_display``;
- ``[[options]]``: ``value`` (the coded answer as on the form), ``label``, optional ``loinc``;
- ``[[items]]``: ``id``, ``text``, optional ``loinc``, ``reverse`` (bool);
- ``[missing]``: ``rule`` ("complete" or "prorate"), ``max_missing``, ``source``;
- ``[bands]``: ``source`` and ``[[bands.ranges]]`` with ``min``, ``max``, ``code``, ``label``
  (ranges must tile the possible totals with no gap or overlap);
- ``[[subscales]]``: ``id``, ``name``, ``items`` (item ids);
- ``[[alerts]]``: ``item``, ``above``, ``kind`` (e.g. "crisis").

Adding an instrument a clinic holds a licence for means dropping a file in a folder and
pointing ``load_dir`` at it; no code changes.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ebbtide.domain.errors import NotFoundError, ValidationError
from ebbtide.instruments.model import Alert, Band, Instrument, Item, Option, Subscale

RESERVED_CODES = frozenset({"history", "list"})
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
_LOINC = re.compile(r"^\d{1,6}-\d$")
_LOINC_ANSWER = re.compile(r"^LA\d{1,6}-\d$")


class InstrumentFileError(ValueError):
    """An instrument data file that does not describe a usable instrument."""


def _req(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise InstrumentFileError(f"{where}: '{key}' must be a non-empty {kind.__name__}")
    return value


def _opt_str(
    data: dict[str, Any], key: str, where: str, pattern: re.Pattern[str] | None = None
) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
        raise InstrumentFileError(f"{where}: '{key}' is not a valid code: {value!r}")
    return value


def parse_instrument(data: dict[str, Any], where: str = "instrument") -> Instrument:
    """Build and validate an Instrument from parsed TOML data."""
    code = _req(data, "code", str, where)
    if not _CODE.match(code) or code in RESERVED_CODES:
        raise InstrumentFileError(f"{where}: code {code!r} is not allowed")
    kind = _req(data, "kind", str, where)
    if kind not in ("scored", "categorical"):
        raise InstrumentFileError(f"{where}: kind must be 'scored' or 'categorical'")

    options = tuple(
        Option(
            value=_req(o, "value", int, f"{where} option"),
            label=_req(o, "label", str, f"{where} option"),
            loinc=_opt_str(o, "loinc", f"{where} option", _LOINC_ANSWER),
        )
        for o in data.get("options", [])
    )
    if len(options) < 2:
        raise InstrumentFileError(f"{where}: needs at least two answer options")
    if len({o.value for o in options}) != len(options):
        raise InstrumentFileError(f"{where}: answer option values must be unique")

    items = tuple(
        Item(
            id=str(_req(i, "id", str, f"{where} item")),
            text=_req(i, "text", str, f"{where} item"),
            loinc=_opt_str(i, "loinc", f"{where} item", _LOINC),
            reverse=bool(i.get("reverse", False)),
        )
        for i in data.get("items", [])
    )
    if not items:
        raise InstrumentFileError(f"{where}: needs at least one item")
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise InstrumentFileError(f"{where}: item ids must be unique")

    missing = data.get("missing", {})
    rule = missing.get("rule", "complete")
    if rule not in ("complete", "prorate"):
        raise InstrumentFileError(f"{where}: missing.rule must be 'complete' or 'prorate'")
    max_missing = int(missing.get("max_missing", 0)) if rule == "prorate" else 0
    if rule == "prorate" and not 0 < max_missing < len(items):
        raise InstrumentFileError(f"{where}: missing.max_missing must be between 1 and items-1")

    bands_data = data.get("bands", {})
    bands = tuple(
        Band(
            min=_req(b, "min", int, f"{where} band"),
            max=_req(b, "max", int, f"{where} band"),
            code=_req(b, "code", str, f"{where} band"),
            label=_req(b, "label", str, f"{where} band"),
        )
        for b in bands_data.get("ranges", [])
    )
    subscales = tuple(
        Subscale(
            id=_req(s, "id", str, f"{where} subscale"),
            name=_req(s, "name", str, f"{where} subscale"),
            items=tuple(str(x) for x in _req(s, "items", list, f"{where} subscale")),
        )
        for s in data.get("subscales", [])
    )
    alerts = tuple(
        Alert(
            item=str(_req(a, "item", str, f"{where} alert")),
            above=int(a.get("above", 0)),
            kind=_req(a, "kind", str, f"{where} alert"),
        )
        for a in data.get("alerts", [])
    )
    instrument = Instrument(
        code=code,
        name=_req(data, "name", str, where),
        short_name=_req(data, "short_name", str, where),
        version=str(_req(data, "version", str, where)),
        kind=kind,
        preamble=_req(data, "preamble", str, where),
        citation=_req(data, "citation", str, where),
        licence=_req(data, "licence", str, where),
        verification=_req(data, "verification", str, where).strip(),
        options=options,
        items=items,
        missing_rule=rule,
        max_missing=max_missing,
        missing_source=str(missing.get("source", "")),
        bands=bands,
        bands_source=str(bands_data.get("source", "")),
        subscales=subscales,
        alerts=alerts,
        loinc_panel=_opt_str(data, "loinc_panel", where, _LOINC),
        loinc_total=_opt_str(data, "loinc_total", where, _LOINC),
        loinc_total_display=_opt_str(data, "loinc_total_display", where),
    )
    _check_consistency(instrument, where)
    return instrument


def _check_consistency(ins: Instrument, where: str) -> None:
    ids = {i.id for i in ins.items}
    for s in ins.subscales:
        if not s.items or not set(s.items) <= ids:
            raise InstrumentFileError(f"{where}: subscale {s.id} names unknown items")
    for a in ins.alerts:
        if a.item not in ids:
            raise InstrumentFileError(f"{where}: alert names unknown item {a.item}")
    if not ins.scored:
        if ins.bands or ins.subscales or ins.loinc_total or len(ins.items) != 1:
            raise InstrumentFileError(
                f"{where}: a categorical instrument has one item and no bands, subscales or total"
            )
        return
    if ins.bands:
        ordered = sorted(ins.bands, key=lambda b: b.min)
        expected = ins.min_total
        for b in ordered:
            if b.min != expected or b.max < b.min:
                raise InstrumentFileError(f"{where}: bands must tile the totals without gaps")
            expected = b.max + 1
        if expected != ins.max_total + 1:
            raise InstrumentFileError(
                f"{where}: bands must end at the maximum total {ins.max_total}"
            )
        if not ins.bands_source.strip():
            raise InstrumentFileError(f"{where}: bands need a source")


def load_file(path: Path) -> Instrument:
    """Load and validate one instrument file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InstrumentFileError(f"{path.name}: cannot be read: {exc}") from exc
    return parse_instrument(data, path.name)


def load_dir(folder: Path) -> dict[str, Instrument]:
    """Every instrument in a folder, by code."""
    out: dict[str, Instrument] = {}
    for path in sorted(folder.glob("*.toml")):
        ins = load_file(path)
        if ins.code in out:
            raise InstrumentFileError(f"{path.name}: code {ins.code!r} is used twice")
        out[ins.code] = ins
    return out


@cache
def builtin() -> dict[str, Instrument]:
    """The instruments shipped with ebbtide."""
    folder = resources.files("ebbtide.instruments") / "data"
    return load_dir(Path(str(folder)))


def get(code: str) -> Instrument:
    """A shipped instrument by code (case-insensitive; 'PHQ-9' finds 'phq9')."""
    table = builtin()
    key = code.strip().lower()
    if key in table:
        return table[key]
    squashed = key.replace("-", "").replace("_", "")
    for ins in table.values():
        if squashed in (ins.code.replace("-", ""), ins.short_name.lower().replace("-", "")):
            return ins
    known = ", ".join(sorted(table))
    raise NotFoundError(f"there is no questionnaire called '{code}' (known: {known})")


def parse_answers(ins: Instrument, raw: str) -> tuple[int | None, ...]:
    """Parse '0,1,2,,3' (empty or '-' = skipped) into answer values for ``ins``."""
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) != len(ins.items):
        raise ValidationError(
            "answers", f"{ins.short_name} has {len(ins.items)} questions; got {len(parts)} answers"
        )
    out: list[int | None] = []
    allowed = ", ".join(str(v) for v in ins.values)
    for n, p in enumerate(parts, 1):
        if p in ("", "-"):
            out.append(None)
            continue
        try:
            value = int(p)
        except ValueError:
            raise ValidationError(
                "answers", f"answer {n} ('{p}') must be one of {allowed}"
            ) from None
        if value not in ins.values:
            raise ValidationError("answers", f"answer {n} ('{p}') must be one of {allowed}")
        out.append(value)
    return tuple(out)

"""Validated questionnaires as data: loading, exact scoring, and FHIR resources."""

from ebbtide.instruments.loader import (
    InstrumentFileError,
    builtin,
    get,
    load_dir,
    load_file,
    parse_answers,
    parse_instrument,
)
from ebbtide.instruments.model import Alert, Band, Instrument, Item, Option, Result, Subscale
from ebbtide.instruments.scoring import AlertAnswer, alert_answers, item_score, score

__all__ = [
    "Alert",
    "AlertAnswer",
    "Band",
    "Instrument",
    "InstrumentFileError",
    "Item",
    "Option",
    "Result",
    "Subscale",
    "alert_answers",
    "builtin",
    "get",
    "item_score",
    "load_dir",
    "load_file",
    "parse_answers",
    "parse_instrument",
    "score",
]

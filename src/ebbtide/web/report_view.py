"""What the report page offers to pick: recent notes and reflections, described briefly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ebbtide.service import Context, log

NOTE_DAYS = 90
NOTE_LIMIT = 40


@dataclass(frozen=True)
class NoteChoice:
    """A note that may be shared: its report code ('reflection:12') and a short label."""

    code: str
    day: str
    kind: str
    text: str


def _text(kind: str, record: object) -> str:
    if kind == "reflection":
        return str(getattr(record, "answer", ""))
    if kind == "boundary":
        return str(getattr(record, "asked", ""))
    if kind == "step":
        return str(getattr(record, "title", ""))
    return str(getattr(record, "note", ""))


def note_choices(ctx: Context) -> list[NoteChoice]:
    """Recent entries with words in them, newest first (at most ``NOTE_LIMIT``)."""
    from ebbtide.domain import vocab
    from ebbtide.service import NOTE_KINDS

    out: list[NoteChoice] = []
    since = ctx.today() - timedelta(days=NOTE_DAYS)
    for e in log(ctx, since=since, kinds=list(NOTE_KINDS)):
        text = " ".join(_text(e.kind, e.record).split())
        if not text:
            continue
        short = text if len(text) <= 90 else text[:89] + "…"
        out.append(
            NoteChoice(
                f"{e.kind}:{e.record.id}",
                e.at.strftime("%d %b"),
                vocab.RECORD_KINDS.label(e.kind),
                short,
            )
        )
        if len(out) >= NOTE_LIMIT:
            break
    return out
